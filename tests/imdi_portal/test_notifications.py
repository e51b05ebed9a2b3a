"""The one notification path (imdi_portal.core.notifications): a row per user, an e-mail per row
queued after the commit through one Celery task, never mailed twice, SMTP errors retried."""

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.db import transaction

from imdi_portal.core.models import Notification
from imdi_portal.core.notifications import (
    notification_list,
    notification_send_email,
    notification_unread_count_get,
    notifications_mark_read,
    notify,
)
from imdi_portal.core.tasks import MAIL_RETRY, send_mail_task, send_notification_email_task
from tests.imdi_portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_notify_writes_a_row_per_user_and_mails_each_after_the_commit(
    django_capture_on_commit_callbacks,
):
    ana, ben = UserFactory(), UserFactory()
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = notify([ana, ben], "Approved", "Welcome aboard", "/projects/", about=organisation)
        assert mail.outbox == []  # nothing before the commit
    assert len(created) == 2 and len(callbacks) == 2  # one e-mail queued per row
    rows = Notification.objects.about(organisation)
    assert sorted(rows.values_list("user", flat=True)) == sorted([ana.pk, ben.pk])
    assert all(n.about == organisation for n in rows)
    for callback in callbacks:
        callback()
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [ana.email, ben.email]
    )
    assert mail.outbox[0].subject == "[IMDI] Approved"
    assert mail.outbox[0].body.endswith("/projects/")
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_notify_without_a_subject_record_and_without_users():
    ana = UserFactory()
    (notice,) = notify([ana], "Hello", "No record")
    assert (notice.subject_type, notice.subject_id, notice.about) == (None, None, None)
    assert notify([], "Nobody", "hears") == []


def test_a_rollback_notifies_nobody(django_capture_on_commit_callbacks):
    ana = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([ana], "Never", "rolled back")
        raise RuntimeError("rolled back")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_sending_twice_sends_once(django_capture_on_commit_callbacks):
    ana = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = notify([ana], "Once", "only")
    assert len(mail.outbox) == 1
    assert notification_send_email(notice.pk) is False
    assert send_notification_email_task.apply(args=[notice.pk]).get() is False
    assert len(mail.outbox) == 1


def test_an_smtp_failure_is_retried_until_it_is_sent(monkeypatch):
    from django.core.mail import send_mail as real_send_mail

    ana = UserFactory()
    (notice,) = notify([ana], "Retried", "eventually")  # no commit in this test: not sent
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr("django.core.mail.send_mail", flaky)
    # Eagerly, each retry runs at once (a worker waits 30 s, 60 s... up to an hour); the
    # retries are Celery's own, which an eager run re-raises unless told not to propagate.
    monkeypatch.setattr(send_notification_email_task.app.conf, "task_eager_propagates", False)
    result = send_notification_email_task.apply(args=[notice.pk])
    assert result.get() is True
    assert len(calls) == 3 and len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_every_mail_task_retries_the_same_way():
    from projects.tasks import send_notification_email_task as old_name

    for task in (send_mail_task, send_notification_email_task, old_name):
        assert task.autoretry_for == MAIL_RETRY["autoretry_for"]
        assert (task.max_retries, task.retry_backoff, task.acks_late) == (8, 30, True)
    assert old_name.name == "projects.send_notification_email"


def test_the_old_task_name_still_sends(django_capture_on_commit_callbacks):
    from projects.tasks import send_notification_email_task as old_name

    ana = UserFactory()
    (notice,) = notify([ana], "Queued before the move", "still delivered")
    assert old_name.apply(args=[notice.pk]).get() is True
    assert len(mail.outbox) == 1


def test_list_unread_count_and_mark_read():
    ana, ben = UserFactory(), UserFactory()
    (first,) = notify([ana], "First", ".")
    notify([ana], "Second", ".")
    notify([ben], "Other", ".")
    assert [n.subject for n in notification_list(ana)] == ["Second", "First"]
    assert notification_unread_count_get(ana) == 2
    assert notifications_mark_read(user=ana, ids=[first.pk]) == 1
    assert notification_unread_count_get(ana) == 1
    assert notifications_mark_read(user=ana) == 1
    assert notification_unread_count_get(ana) == 0 and notification_unread_count_get(ben) == 1
