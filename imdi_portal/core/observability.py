"""Structured logs that can be followed across processes: every request gets an id (the
client's X-Request-ID when it is a sane one, else a new one), returned in the response, written
on every log line of the request, and carried in the headers of the Celery tasks it queues so
that the worker's log lines of those tasks carry it too."""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
TASK_HEADER = "imdi_request_id"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def new_request_id(offered: str | None = None) -> str:
    """The client's id if it is safe to log and echo back, else a fresh one."""
    return offered if offered and _VALID.match(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = new_request_id(request.headers.get(HEADER))
        request.request_id = rid
        # Not reset on the way out: Django logs 4xx/5xx responses after the middleware has
        # returned. request_finished clears it.
        request_id.set(rid)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


def forget_request(**kwargs: Any) -> None:
    """request_finished: no id between requests."""
    request_id.set("-")


request_finished.connect(forget_request, dispatch_uid="imdi_portal.forget_request_id")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (the current request's or task's, "-" outside)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class Formatter(JsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id and any extras."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__(
            "{asctime}{levelname}{name}{message}{request_id}", *args, style="{", **kwargs
        )


# --- Celery: the id travels in the task message's headers ---------------------------------


def add_request_id_to_task(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """before_task_publish: stamp the queued task with the current request id."""
    if headers is not None and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id.get()


def take_request_id_from_task(task: Any = None, **kwargs: Any) -> None:
    """task_prerun: the worker logs the task under the id of the request that queued it."""
    rid = getattr(getattr(task, "request", None), TASK_HEADER, None)
    if not rid or rid == "-":
        # Run eagerly inside the request (no message was published), or queued by beat.
        current = request_id.get()
        rid = current if current != "-" else new_request_id()
    task._imdi_request_id_token = request_id.set(rid)


def forget_request_id(task: Any = None, **kwargs: Any) -> None:
    """task_postrun: back to no id between tasks."""
    token = getattr(task, "_imdi_request_id_token", None)
    if token is not None:
        request_id.reset(token)
        task._imdi_request_id_token = None
