"""Celery application. Without CELERY_BROKER_URL tasks run eagerly in the calling process."""

import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imdi_portal.settings")

app = Celery("imdi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _connect_request_ids() -> None:
    from imdi_portal.core import observability

    before_task_publish.connect(observability.add_request_id_to_task, weak=False)
    task_prerun.connect(observability.take_request_id_from_task, weak=False)
    task_postrun.connect(observability.forget_request_id, weak=False)


_connect_request_ids()
