"""Caching of results computed from slowly changing content, keyed on its version.

Statistics change only through imports and the recomputations that follow them; each of those
bumps the "statistics" version (statistics_changed). Projects and certification content change
through their services and the admin; a save of one of their public models bumps their scope
(invalidate_on_save). A result cached under a scope's version stays valid until the next bump.
Each app registers its scopes in its AppConfig.ready() (register_scope).
All versions are read from the database in one query, at most once a second per process. A
cache that fails (Redis down) is treated as a miss: the public site never depends on it.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from imdi_portal.core.models import StatisticsVersion

logger = logging.getLogger(__name__)
T = TypeVar("T")
TIMEOUT = 6 * 3600
VERSION_TTL = 1.0  # seconds: how stale this process's idea of the versions may be
STATISTICS = "statistics"
_seen: dict[str, object] = {"at": float("-inf"), "versions": {}}


def content_changed(scope: str) -> None:
    """Call after writing content of `scope` (in the same transaction: the new version
    becomes visible with the data)."""
    StatisticsVersion.objects.update_or_create(scope=scope, defaults={"changed_at": timezone.now()})
    forget_versions()


def forget_versions() -> None:
    """Make this process read the versions from the database on its next use."""
    _seen["at"] = float("-inf")


def statistics_changed() -> None:
    content_changed(STATISTICS)


def versions_fresh() -> bool:
    """Whether this process read the versions less than VERSION_TTL ago."""
    return time.monotonic() - _seen["at"] <= VERSION_TTL  # type: ignore[operator]


def data_version(scope: str = STATISTICS) -> str:
    if not versions_fresh():
        rows = list(
            StatisticsVersion.objects.values_list("scope", _as_text("changed_at"), "changed_at")
        )
        _seen["versions"] = {scope: _key(text) for scope, text, _at in rows}
        _seen["statistics_changed_at"] = next(
            (at for scope, _text, at in rows if scope == STATISTICS), None
        )
        _seen["at"] = time.monotonic()
    return str(_seen["versions"].get(scope, "initial"))  # type: ignore[attr-defined]


GATEWAY = "gateway"  # activities, good practices, directory
_SCOPES: list[str] = []


def register_scope(scope: str) -> str:
    """Declare a kind of content whose version the profile reads with its own query."""
    if scope not in _SCOPES:
        _SCOPES.append(scope)
    return scope


def scopes() -> tuple[str, ...]:
    return tuple(_SCOPES)


def _key(text: str) -> str:
    return "".join(c for c in text if c.isalnum())  # safe in any cache backend's keys


def _as_text(field: str):
    """The version as the database renders it, the same from both ways of reading it."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    return Cast(field, CharField())


def version_annotations() -> dict[str, object]:
    """Subqueries that read every scope's version inside another query (the country
    profile's), instead of a query of their own."""
    from django.db.models import Subquery

    annotations = {
        f"_version_{scope}": Subquery(
            StatisticsVersion.objects.filter(scope=scope).values(text=_as_text("changed_at"))[:1]
        )
        for scope in _SCOPES
    }
    annotations["_statistics_changed_at"] = Subquery(
        StatisticsVersion.objects.filter(scope=STATISTICS).values("changed_at")[:1]
    )
    return annotations


def prime_versions(row: object) -> None:
    """Take the versions read by `version_annotations` as this process's current ones."""
    _seen["versions"] = {
        scope: _key(getattr(row, f"_version_{scope}"))
        for scope in _SCOPES
        if getattr(row, f"_version_{scope}", None)
    }
    _seen["at"] = time.monotonic()
    _seen["statistics_changed_at"] = getattr(row, "_statistics_changed_at", None)


def statistics_changed_at():
    """When the statistics last changed, as read with the versions (None if never)."""
    if "statistics_changed_at" not in _seen:
        _seen["statistics_changed_at"] = (
            StatisticsVersion.objects.filter(scope=STATISTICS)
            .values_list("changed_at", flat=True)
            .first()
        )
    return _seen["statistics_changed_at"]


def cached_on_data(
    key: str, compute: Callable[[], T], *, scope: str = STATISTICS, timeout: int = TIMEOUT
) -> T:
    """`compute()`, cached under `key` until the content of `scope` changes."""
    full_key = f"{scope}:{data_version(scope)}:{key}"
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


def invalidate_on_save(
    scope: str, models: Iterable[type], when: Callable[[object], bool] | None = None
) -> None:
    """Bump `scope` after any save or delete of these models is committed (also from the
    admin); `when(instance)` narrows it to the saves that matter."""
    if scope not in _SCOPES:
        raise ImproperlyConfigured(f"cache scope {scope!r} is not registered (register_scope)")

    def bump(sender, instance, **kwargs) -> None:
        if when is None or when(instance):
            transaction.on_commit(lambda: content_changed(scope))

    for model in models:
        post_save.connect(bump, sender=model, weak=False, dispatch_uid=f"cache-{scope}-{model}")
        post_delete.connect(
            bump, sender=model, weak=False, dispatch_uid=f"cache-del-{scope}-{model}"
        )


SITE = "site"  # any saved or deleted row of the portal's own apps (HTTP validators)


def all_versions() -> dict[str, str]:
    """Every scope's current version (read as `data_version` reads them)."""
    data_version(STATISTICS)
    return dict(_seen["versions"])  # type: ignore[call-overload]


def _site_flush() -> None:
    content_changed(SITE)


def _bump_site(sender, **kwargs) -> None:
    from django.apps import apps
    from django.db import connection

    if sender._meta.app_label not in _SITE_APPS or sender in _NOT_SHOWN:
        return
    if sender._meta.apps is not apps or kwargs.get("raw"):
        return  # a migration's historical model, or loaddata: no page is served meanwhile

    # One bump per transaction, however many rows it writes (a rolled-back transaction
    # drops its callbacks, and with them the bump).
    if not any(func is _site_flush for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_site_flush)


_SITE_APPS: set[str] = set()
_NOT_SHOWN: set[type] = {StatisticsVersion}


def track_site_changes(app_labels: Iterable[str], not_shown: Iterable[type] = ()) -> None:
    """Bump the "site" scope after a committed save or delete of any model of these apps, so
    that no public page's validator outlives a change, whichever model it shows; the models
    in `not_shown` (accounts, logs) never appear on a public page."""
    register_scope(SITE)
    _SITE_APPS.update(app_labels)
    _NOT_SHOWN.update(not_shown)
    post_save.connect(_bump_site, weak=False, dispatch_uid="cache-site-save")
    post_delete.connect(_bump_site, weak=False, dispatch_uid="cache-site-delete")
