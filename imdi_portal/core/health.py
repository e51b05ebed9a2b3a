"""Liveness and readiness probes.

/healthz answers as long as the process serves requests. /readyz checks the database (a
failure means "do not send traffic here": 503) and reports the broker and cache, which are
not fatal: the public site must keep serving during a Redis outage.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def database_state() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_state() -> dict[str, Any]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager", "detail": "no broker configured; tasks run in-process"}
    from imdi_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}
    return {"ok": True, "mode": "broker"}


def cache_state() -> dict[str, Any]:
    try:
        cache.set("imdi:readyz", "1", 5)
        ok = cache.get("imdi:readyz") == "1"
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": ok}


def readiness() -> tuple[bool, dict[str, Any]]:
    checks = {"database": database_state(), "broker": broker_state(), "cache": cache_state()}
    ready = checks["database"]["ok"]
    return ready, {"status": "ready" if ready else "unavailable", "checks": checks}
