"""Core Celery tasks: thin entry points that call one service or command."""

import logging
from collections.abc import Callable
from smtplib import SMTPException

from celery import shared_task
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


@shared_task(name="imdi_portal.clear_expired_sessions")
def clear_expired_sessions_task() -> None:
    """Nightly housekeeping: sessions live in the database and would grow without bound."""
    from django.core.management import call_command

    call_command("clearsessions")


def enqueue(task, *args, on_unreachable: Callable[[Exception], None] | None = None, **kwargs):
    """Send a task once the current transaction commits (immediately when there is none).

    A worker must never pick up a job whose rows are not committed yet; in eager mode (no
    broker) the task simply runs after the commit, in this process. When the broker cannot
    be reached, `on_unreachable(exc)` is called instead of failing the request that sent it.
    """

    def send() -> None:
        try:
            task.delay(*args, **kwargs)
        except OperationalError as exc:  # kombu's "cannot reach the broker"
            logger.error("could not queue %s: %s", task.name, exc)
            if on_unreachable is None:
                raise
            on_unreachable(exc)

    transaction.on_commit(send)


# How every e-mail task retries: SMTP and network errors, with back-off, up to 8 times, and
# acknowledged only once sent. `@shared_task(name=..., **MAIL_RETRY)`.
MAIL_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
    "acks_late": True,
}


@shared_task(name="imdi_portal.send_mail", **MAIL_RETRY)
def send_mail_task(subject: str, body: str, recipients: list[str]) -> int:
    """Send one e-mail queued by imdi_portal.mail; SMTP and network errors are retried."""
    from django.conf import settings
    from django.core.mail import send_mail

    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task(name="imdi_portal.send_notification_email", **MAIL_RETRY)
def send_notification_email_task(notification_id: int) -> bool:
    """Mail one notification queued by imdi_portal.core.notifications.notify (never twice)."""
    from imdi_portal.core.notifications import notification_send_email

    return notification_send_email(notification_id)
