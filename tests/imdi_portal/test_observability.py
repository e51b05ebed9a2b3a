"""Request ids: returned to the client, on every log line of the request, and carried into
the Celery tasks the request queues."""

import json
import logging
from types import SimpleNamespace

import pytest

from imdi_portal.core import observability
from imdi_portal.core.observability import HEADER, TASK_HEADER, Formatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_each_response_carries_a_request_id_and_a_sane_one_is_kept(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first[HEADER]) == 32 and first[HEADER] != second[HEADER]
    kept = client.get("/healthz", headers={HEADER: "lb-1234abcd"})
    assert kept[HEADER] == "lb-1234abcd"
    # Anything that could forge log lines or headers is replaced, not echoed.
    forged = client.get("/healthz", headers={HEADER: "x\r\nSet-Cookie: a=b"})
    assert forged[HEADER] != "x\r\nSet-Cookie: a=b" and len(forged[HEADER]) == 32


def test_log_lines_of_a_request_are_json_with_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/countries/ZZZ/", headers={HEADER: "trace-0001"})
    assert response.status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(Formatter().format(record))
    assert line["request_id"] == "trace-0001"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert "Not Found" in line["message"]


def test_a_queued_task_carries_the_request_id_to_the_worker():
    token = observability.request_id.set("req-abcdef12")
    try:
        headers: dict = {}
        observability.add_request_id_to_task(headers=headers)
    finally:
        observability.request_id.reset(token)
    assert headers == {TASK_HEADER: "req-abcdef12"}
    # In the worker: no request is current; the task's header gives the id while it runs.
    task = SimpleNamespace(request=SimpleNamespace(**headers))
    observability.take_request_id_from_task(task=task)
    assert observability.request_id.get() == "req-abcdef12"
    observability.forget_request_id(task=task)
    assert observability.request_id.get() == "-"


def test_a_task_run_eagerly_inside_a_request_keeps_the_request_id():
    token = observability.request_id.set("req-eager001")
    try:
        task = SimpleNamespace(request=SimpleNamespace())
        observability.take_request_id_from_task(task=task)
        assert observability.request_id.get() == "req-eager001"
        observability.forget_request_id(task=task)
        assert observability.request_id.get() == "req-eager001"
    finally:
        observability.request_id.reset(token)
