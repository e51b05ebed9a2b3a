"""Celery tasks of the certification app: thin wrappers around its services."""

from celery import shared_task


@shared_task(name="certification.daily")
def daily_task() -> dict[str, int]:
    """Expire labels past their date, then send the renewal reminders that are due."""
    from certification.services import labels_expire, labels_remind

    return {"expired": labels_expire(), "reminded": labels_remind()}
