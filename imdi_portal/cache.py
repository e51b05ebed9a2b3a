"""Caching of results computed from the statistical store, keyed on the data's version.

The statistics change only through imports, so a result computed from them stays valid until
the next successful import: the version is the finish time of the latest one. A cache that
fails (Redis down) is treated as a miss; the public site never depends on it.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Max

from imdi_portal.models import ImportJob

logger = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT = 6 * 3600


def data_version() -> str:
    """Changes with every successful import (one small query on an indexed column)."""
    latest = ImportJob.objects.filter(status=ImportJob.Status.SUCCEEDED).aggregate(
        at=Max("finished_at")
    )["at"]
    return latest.isoformat() if latest else "empty"


def cached_on_data(key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """`compute()`, cached under `key` until the next import."""
    full_key = f"stats:{data_version()}:{key}"
    try:
        value = cache.get(full_key)
    except Exception:  # the cache is an optimisation: any failure is a miss
        logger.warning("cache unavailable for %s", key, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(full_key, value, timeout)
        except Exception:
            logger.warning("cache unavailable for %s", key, exc_info=True)
    return value
