"""Celery tasks of the statistical store: thin entry points that call one service.

Task names keep the "imdi_portal." prefix they had before the store became an app: queued
messages and the beat schedules stored in the database name them."""

from celery import shared_task


@shared_task(
    name="imdi_portal.run_import",
    acks_late=True,  # a worker killed mid-import leaves the message for another worker
    reject_on_worker_lost=True,
)
def import_job_run_task(job_id: int) -> None:
    from imdi_portal.stats.services import import_job_run

    import_job_run(job_id=job_id)


@shared_task(name="imdi_portal.recompute_indicators")
def recompute_indicators_task(only: list[str] | None = None) -> None:
    from imdi_portal.stats.services import indicators_recompute

    indicators_recompute(only=only)


@shared_task(name="imdi_portal.recompute_projections")
def recompute_projections_task(only: list[str] | None = None) -> None:
    from imdi_portal.stats.projections import projections_recompute

    projections_recompute(only=only)


@shared_task(name="imdi_portal.fail_stale_imports")
def fail_stale_imports_task() -> None:
    from imdi_portal.stats.services import import_job_fail_stale

    import_job_fail_stale()
