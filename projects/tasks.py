"""Celery tasks of the projects app: thin wrappers around projects.services."""

from celery import shared_task

from imdi_portal.core.tasks import MAIL_RETRY


@shared_task(name="projects.send_notification_email", **MAIL_RETRY)
def send_notification_email_task(notification_id: int) -> bool:
    """The old name of imdi_portal.send_notification_email, kept so that messages queued
    before notifications moved to the core still run."""
    from imdi_portal.core.notifications import notification_send_email

    return notification_send_email(notification_id)
