"""Celery entry point of search. The task keeps its original name so that queued messages,
routes (settings.CELERY_TASK_ROUTES) and schedules stay valid after the move."""

from celery import shared_task


@shared_task(name="imdi_portal.rebuild_search_index")
def rebuild_search_index_task(kinds: list[str] | None = None) -> dict[str, int]:
    from imdi_portal.search.services import search_index_rebuild

    return search_index_rebuild(kinds)
