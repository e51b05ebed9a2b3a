"""Faults: the database connection dropped under a request gives the clean error page (or the
API's JSON error), and the next request works again."""

import psycopg2
import pytest
from django.db import close_old_connections, connection

from tests.imdi_portal.factories import CountryFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _next_request() -> None:
    """What Django does between two requests in production (request_started and
    request_finished call it; the test client disconnects those handlers): a connection that
    failed is closed, so the next request opens a new one."""
    close_old_connections()


def _drop_connection() -> None:
    """Kill this process's database session from outside, as a failover or restart would."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    killer = psycopg2.connect(**params)
    killer.autocommit = True
    with killer.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()


def test_a_dropped_database_connection_gives_a_clean_error_then_recovers(client):
    country = CountryFactory()
    client.raise_request_exception = False
    _drop_connection()
    broken = client.get(f"/countries/{country.iso3}/")
    assert broken.status_code == 500
    html = broken.content.decode()
    assert "Something went wrong on our side" in html and "Traceback" not in html
    _next_request()
    again = client.get(f"/countries/{country.iso3}/")
    assert again.status_code == 200 and country.name_en in again.content.decode()


def test_the_api_answers_a_dropped_connection_in_json_then_recovers(client):
    client.raise_request_exception = False
    _drop_connection()
    broken = client.get("/api/v1/countries/")
    assert broken.status_code == 500 and broken["Content-Type"] == "application/json"
    assert "request_id" in broken.json()
    _next_request()
    assert client.get("/api/v1/countries/").status_code == 200
