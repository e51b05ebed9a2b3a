import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from imdi_portal.celery import app
from imdi_portal.core.tasks import clear_expired_sessions_task, enqueue

pytestmark = pytest.mark.django_db


def test_tasks_are_autodiscovered():
    assert "imdi_portal.clear_expired_sessions" in app.tasks


def test_expired_sessions_are_cleared_by_the_task():
    Session.objects.create(
        session_key="old", session_data="x", expire_date=timezone.now() - timezone.timedelta(1)
    )
    Session.objects.create(
        session_key="new", session_data="x", expire_date=timezone.now() + timezone.timedelta(1)
    )
    clear_expired_sessions_task.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_the_nightly_schedule_is_stored_for_beat():
    task = PeriodicTask.objects.get(task="imdi_portal.clear_expired_sessions")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("3", "30")


def test_enqueue_waits_for_the_commit(django_capture_on_commit_callbacks):
    Session.objects.create(
        session_key="old", session_data="x", expire_date=timezone.now() - timezone.timedelta(1)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue(clear_expired_sessions_task)
    assert Session.objects.filter(session_key="old").exists()  # not run before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert not Session.objects.filter(session_key="old").exists()
