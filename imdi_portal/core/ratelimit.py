"""A fixed-window request counter per client address, in the cache (Redis in production).

Used where a public form or endpoint must not be scripted (label verification), and by the
API's throttles (`imdi_portal.core.api_support`). When the cache is down the limits still
hold: the requests are counted in this process's memory (`LOCAL`) until it is back, and the
outage is logged once a minute, not on every request. The public site never depends on
Redis, and a Redis outage does not lift the limits either.
"""

import logging
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

# At most one warning per process in this many seconds while the cache is down.
OUTAGE_LOG_INTERVAL = 60

# The clocks: the wall clock names the windows, the monotonic one ages what is kept in
# memory. Module attributes, so that a test can stop them.
clock = time.time
monotonic = time.monotonic


class LocalCounter:
    """Fixed-window counters in this process's memory, safe across threads. Holds at most
    `max_keys` windows: when full, the expired ones are dropped, then the oldest tenth, so
    that a flood of addresses cannot exhaust the memory (it can only forget the oldest
    counts)."""

    def __init__(self, max_keys: int = 10_000) -> None:
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._counts: dict[str, list[float]] = {}  # key -> [expires at, count], oldest first

    def hit(self, key: str, window_seconds: int) -> int:
        """Count one request under `key` (which names its window); the count so far."""
        now = monotonic()
        with self._lock:
            entry = self._counts.get(key)
            if entry is None or entry[0] <= now:
                self._counts.pop(key, None)
                if len(self._counts) >= self.max_keys:
                    self._prune(now)
                entry = self._counts[key] = [now + window_seconds, 0]
            entry[1] += 1
            return int(entry[1])

    def _prune(self, now: float) -> None:
        for key in [key for key, (expires, _count) in self._counts.items() if expires <= now]:
            del self._counts[key]
        if len(self._counts) >= self.max_keys:
            for key in list(self._counts)[: max(1, self.max_keys // 10)]:
                del self._counts[key]

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


LOCAL = LocalCounter()

_outage_lock = threading.Lock()
_outage_logged_at: float | None = None


def cache_unavailable(exc: Exception) -> None:
    """Log that the cache failed (at most once per OUTAGE_LOG_INTERVAL, without traceback)."""
    global _outage_logged_at
    now = monotonic()
    with _outage_lock:
        if _outage_logged_at is not None and now - _outage_logged_at < OUTAGE_LOG_INTERVAL:
            return
        _outage_logged_at = now
    logger.warning(
        "rate-limit cache unavailable (%s: %s); counting requests in this process's memory "
        "until it is back (logged at most once every %d s)",
        type(exc).__name__,
        exc,
        OUTAGE_LOG_INTERVAL,
    )


def local_reset() -> None:
    """Forget the in-memory counts and the last outage warning (tests)."""
    global _outage_logged_at
    LOCAL.clear()
    with _outage_lock:
        _outage_logged_at = None


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once the client made more than `limit` in the window."""
    window = int(clock() // window_seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    try:
        cache.add(key, 0, window_seconds + 5)
        count = cache.incr(key)
    except Exception as exc:  # redis.ConnectionError, a timeout, any backend's failure
        cache_unavailable(exc)
        count = LOCAL.hit(key, window_seconds)
    return count <= limit
