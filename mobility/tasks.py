"""Celery tasks of the job-mobility area: thin entry points."""

from celery import shared_task


@shared_task(name="mobility.retention")
def retention_task() -> dict[str, int]:
    """Daily: remove the profiles past the inactivity limit whose owner was reminded, then
    remind the owners of those that reach it within the notice period."""
    from mobility.retention import retention_run

    return retention_run()
