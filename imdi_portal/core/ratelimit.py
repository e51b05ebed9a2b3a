"""A fixed-window request counter per client address, in the cache (Redis in production).

Used where a public form or endpoint must not be scripted (label verification). When the
cache is down the request is allowed: the public site never depends on Redis.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once the client made more than `limit` in the window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    try:
        cache.add(key, 0, window_seconds + 5)
        count = cache.incr(key)
    except Exception:
        logger.warning("rate-limit cache unavailable; request allowed", exc_info=True)
        return True
    return count <= limit
