"""Celery tasks of the projects app: thin wrappers around projects.services."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    name="projects.send_notification_email",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
    acks_late=True,
)
def send_notification_email_task(notification_id: int) -> bool:
    from projects.services import notification_send_email

    return notification_send_email(notification_id)
