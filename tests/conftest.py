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
    """Throttle counters and cached pages must not leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
