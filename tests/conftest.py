import pytest
from rest_framework.test import APIClient

from tests.imdi_portal.factories import UserFactory


@pytest.fixture
def anon_client(client):
    return client


@pytest.fixture
def api_client():
    return APIClient()


def _client_for(client, **traits):
    user = UserFactory(**traits)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def secretariat_client(client, db):
    return _client_for(client, secretariat=True)


@pytest.fixture
def submitter_client(client, db):
    return _client_for(client, submitter=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached pages must not leak from one test into another, nor the
    counters kept in memory while the cache is down."""
    from django.core.cache import cache

    from imdi_portal.core.ratelimit import local_reset

    cache.clear()
    local_reset()
    yield
    cache.clear()
    local_reset()


def _database_is_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """`postgres_only` tests run on PostgreSQL, `redis` tests when REDIS_URL names a server
    (CI sets both). They are deselected, not skipped, elsewhere, and the summary says so."""
    import os

    missing = set()
    if not _database_is_postgresql():
        missing.add("postgres_only")
    if not os.environ.get("REDIS_URL"):
        missing.add("redis")
    keep, dropped = [], []
    for item in items:
        needs = {mark.name for mark in item.iter_markers()} & missing
        (dropped if needs else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        config._imdi_deselected = len(dropped)


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_imdi_deselected", 0)
    if count:
        terminalreporter.write_line(
            f"{count} test(s) need PostgreSQL (DATABASE_URL) or Redis (REDIS_URL) and were "
            "deselected; CI runs them."
        )


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request in French or Spanish leaves that language active in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests (live server, other processes) end with a flush that wipes what the
    data migrations loaded: load it again, as they do."""
    from django.contrib.auth.models import Group, Permission

    from imdi_portal.core.components import load_components
    from imdi_portal.core.models import Component, Country, Region, Theme
    from imdi_portal.core.reference_data import (
        load_countries,
        load_gmg_members,
        load_statistical_areas,
    )
    from imdi_portal.core.roles import roles_sync
    from imdi_portal.stats.models import StatisticalArea

    load_countries(Region, Country)
    from imdi_portal.core.models import Organisation

    load_gmg_members(Organisation, Country)
    load_components(Component, Theme)
    from imdi_portal.gateway.gcm import load_objectives
    from imdi_portal.gateway.models import GCMObjective

    load_objectives(GCMObjective)
    load_statistical_areas(StatisticalArea)
    from labour_market.undesa import load_m49_areas

    load_m49_areas(Country, StatisticalArea)
    roles_sync(Group, Permission)
