"""The public site keeps serving when Redis is down, and uses it when it is up."""

import os

import pytest

from imdi_portal.celery import app

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def broker(settings):
    """Point both the settings and the Celery app at a broker URL for one test."""
    previous = app.conf.broker_url

    def use(url: str) -> None:
        settings.CELERY_BROKER_URL = url
        settings.CELERY_TASK_ALWAYS_EAGER = False
        app.conf.broker_url = url

    yield use
    app.conf.broker_url = previous


def test_pages_and_api_serve_while_the_redis_cache_is_down(client, settings, broker):
    settings.CACHES = _redis_cache(DEAD_REDIS)
    broker(DEAD_REDIS)
    assert client.get("/countries/SEN/").status_code == 200
    response = client.get("/api/v1/countries/", {"region": "europe"})
    assert response.status_code == 200 and response.json()["count"] > 40
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["cache"]["ok"] is False
    assert ready.json()["checks"]["broker"]["ok"] is False


@pytest.mark.redis
def test_readyz_reports_a_live_redis_broker_and_cache(client, settings, broker):
    url = os.environ["REDIS_URL"]
    settings.CACHES = _redis_cache(url)
    broker(url)
    checks = client.get("/readyz").json()["checks"]
    assert checks["broker"] == {"ok": True, "mode": "broker"}
    assert checks["cache"] == {"ok": True}


@pytest.mark.redis
def test_throttling_counts_in_redis(api_client, settings, monkeypatch):
    from django.core.cache import cache

    from imdi_portal.core.api_support import AnonThrottle

    settings.CACHES = _redis_cache(os.environ["REDIS_URL"])
    cache.clear()
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    codes = [api_client.get("/api/v1/countries/").status_code for _ in range(3)]
    cache.clear()
    assert codes == [200, 200, 429]
