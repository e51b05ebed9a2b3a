"""Rate limits hold while the cache (Redis) is down (#21, defect 4): the portal's limiter and
the API's throttles count in the process's memory, the outage is logged once a minute, and no
request fails because of it."""

import logging
import threading

import pytest
from django.test import RequestFactory

from imdi_portal.core import ratelimit
from imdi_portal.core.api_support import AnonThrottle, UserThrottle
from tests.imdi_portal.factories import UserFactory
from tests.imdi_portal.test_redis import DEAD_REDIS, _redis_cache

pytestmark = pytest.mark.django_db

LOGGER = "imdi_portal.core.ratelimit"


def outage_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = _redis_cache(DEAD_REDIS)


@pytest.fixture
def rate(monkeypatch):
    """The API's rates as the issue met them (30 a minute); the tests read the limit back from
    the throttle, as DRF parses it. The clock stands still 20 s into a minute, so that no
    window ends during the test."""
    rates = {"anon": "30/minute", "user": "30/minute"}
    for throttle in (AnonThrottle, UserThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)
        monkeypatch.setattr(throttle, "timer", staticmethod(lambda: 1_800_000_020.0))
    return AnonThrottle().num_requests


def test_the_api_refuses_the_request_beyond_the_rate_while_the_cache_is_down(
    api_client, dead_cache, rate, caplog
):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        codes = [
            api_client.get("/api/v1/countries/", {"limit": 1}).status_code for _ in range(rate + 1)
        ]
    assert codes == [200] * rate + [429]
    refused = api_client.get("/api/v1/countries/", {"limit": 1})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"  # the end of the minute
    [warning] = outage_warnings(caplog)  # once for the 32 requests
    assert "cache unavailable" in warning.getMessage() and "ConnectionError" in warning.getMessage()
    assert warning.exc_info is None  # no traceback


def test_a_signed_in_client_is_throttled_too_while_the_cache_is_down(api_client, dead_cache, rate):
    api_client.force_authenticate(UserFactory())
    codes = [
        api_client.get("/api/v1/countries/", {"limit": 1}).status_code for _ in range(rate + 1)
    ]
    assert codes == [200] * rate + [429]


def _failing_cache(monkeypatch):
    """The cache object every caller uses, failing on every call."""
    from django.core.cache import cache

    class Down(Exception):
        pass

    def fail(*args, **kwargs):
        raise Down("cache away")

    for name in ("get", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, fail, raising=False)


def test_the_portal_limiter_counts_in_memory_when_any_cache_call_fails(monkeypatch, caplog):
    _failing_cache(monkeypatch)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    other = RequestFactory().get("/", REMOTE_ADDR="192.0.2.8")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        answers = [ratelimit.allow(request, "test", 5, 600) for _ in range(7)]
        assert ratelimit.allow(other, "test", 5, 600)  # counted per address
        assert ratelimit.allow(request, "other-scope", 5, 600)  # and per scope
    assert answers == [True] * 5 + [False, False]
    [warning] = outage_warnings(caplog)
    assert "Down: cache away" in warning.getMessage()


def test_the_outage_is_logged_again_after_the_interval(monkeypatch, caplog):
    now = [1000.0]
    monkeypatch.setattr(ratelimit, "monotonic", lambda: now[0])
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for step in range(130):  # two minutes and ten seconds, one call a second
            now[0] = 1000.0 + step
            ratelimit.cache_unavailable(ConnectionError("refused"))
    assert len(outage_warnings(caplog)) == 3  # at 0 s, 60 s and 120 s


def test_the_memory_counter_is_exact_across_threads():
    counter = ratelimit.LocalCounter()

    def hit() -> None:
        for _ in range(500):
            counter.hit("key", 60)

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.hit("key", 60) == 8 * 500 + 1


def test_the_memory_counter_keeps_a_bounded_number_of_windows(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(ratelimit, "monotonic", lambda: now[0])
    counter = ratelimit.LocalCounter(max_keys=3)
    for n in range(10):
        counter.hit(f"client-{n}", 60)
    assert len(counter._counts) <= 3
    assert counter.hit("client-9", 60) == 2  # the newest windows are kept
    now[0] = 61.0  # a window ends: its count starts again
    assert counter.hit("client-9", 60) == 1
