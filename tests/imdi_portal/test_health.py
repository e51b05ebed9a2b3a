import pytest

from imdi_portal.core import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_database_broker_and_cache(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"] == {
        "ok": True,
        "mode": "eager",
        "detail": "no broker configured; tasks run in-process",
    }
    assert body["checks"]["cache"]["ok"] is True


def test_readyz_stays_ready_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from imdi_portal.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["ok"] is False


def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(
        health, "database_state", lambda: {"ok": False, "error": "OperationalError"}
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
