"""The one mail path (imdi_portal.mail): after the commit only, and a failing mail server
never undoes or breaks the change that sent the message."""

import logging
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.db import transaction

from imdi_portal.core.mail import mail_send_after_commit

pytestmark = pytest.mark.django_db


def test_it_sends_after_the_commit_and_not_for_a_rollback(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail_send_after_commit(subject="Label granted", body="Welcome", to=["hr@example.org", ""])
    assert [(m.subject, m.to) for m in mail.outbox] == [("Label granted", ["hr@example.org"])]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                mail_send_after_commit(subject="Never", body="rolled back", to=["a@example.org"])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []


def test_a_failing_mail_server_is_logged_not_raised(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.send_mail", refuse)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        mail_send_after_commit(subject="Complaint received", body="...", to=["officer@example.org"])
    assert "Connection unexpectedly closed" in caplog.text
    assert mail.outbox == []
