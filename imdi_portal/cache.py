"""Caching of results computed from the statistical store, keyed on its version.

Statistics change only through imports and the recomputations that follow them; each of those
bumps StatisticsVersion (statistics_changed), so a result computed from the store stays valid
until then. The version is read from the database at most once a second per process. A cache
that fails (Redis down) is treated as a miss: the public site never depends on it.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone

from imdi_portal.models import StatisticsVersion

logger = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT = 6 * 3600
VERSION_TTL = 1.0  # seconds: how stale this process's idea of the version may be
_seen: dict[str, object] = {"at": float("-inf"), "version": ""}


def statistics_changed() -> None:
    """Call after writing observations or anything derived from them (in the same
    transaction: the new version becomes visible with the data)."""
    StatisticsVersion.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
    _seen["at"] = float("-inf")


def data_version() -> str:
    now = time.monotonic()
    if now - _seen["at"] > VERSION_TTL:
        row = StatisticsVersion.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        _seen["version"] = row.isoformat() if row else "initial"
        _seen["at"] = now
    return str(_seen["version"])


def cached_on_data(key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """`compute()`, cached under `key` until the statistics change."""
    full_key = f"stats:{data_version()}:{key}"
    try:
        hit = cache.get(full_key)
    except Exception:  # the cache is an optimisation: any failure is a miss
        logger.warning("cache unavailable for %s", key, exc_info=True)
        return compute()
    if hit is not None:
        return hit[0]
    value = compute()
    try:
        cache.set(full_key, (value,), timeout)  # wrapped: a result of None is cached too
    except Exception:
        logger.warning("cache unavailable for %s", key, exc_info=True)
    return value
