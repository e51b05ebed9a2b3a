"""Core Celery tasks: thin entry points that call one service or command."""

from celery import shared_task
from django.db import transaction


@shared_task(name="imdi_portal.clear_expired_sessions")
def clear_expired_sessions_task() -> None:
    """Nightly housekeeping: sessions live in the database and would grow without bound."""
    from django.core.management import call_command

    call_command("clearsessions")


def enqueue(task, *args, **kwargs) -> None:
    """Send a task once the current transaction commits (immediately when there is none).

    A worker must never pick up a job whose rows are not committed yet; in eager mode (no
    broker) the task simply runs after the commit, in this process.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
