"""Schema fuzzing: schemathesis generates requests from /api/schema/ for every operation,
anonymous and as a Secretariat member with a token, on a database holding one record of
each kind (tests/api/data.py), and runs every check (#21): no 5xx, every response conforms
to the schema (status, content type, body, headers), requests that break the schema are
refused and requests that keep it are accepted. The schema says what the API checks
(minimums, patterns, lengths, required parameters); a well-formed code that exists nowhere
finds nothing (200, an empty list) or is not found (404), both of which the schema allows.

Phases: examples, coverage (the boundaries of every parameter) and fuzzing in one test per
identity, and stateful scenarios that follow the links between operations. Bounded and
derandomized for CI: a fixed seed, a few examples per operation, a few steps per scenario."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from tests.api.data import one_of_each
from tests.imdi_portal.factories import UserFactory

# Minutes of requests: CI runs them once, on PostgreSQL (.ci/run leaves them out on SQLite).
pytestmark = pytest.mark.fuzz

EXAMPLES = 5  # per operation and identity in the fuzzing phase
SCENARIOS = 10  # stateful scenarios per identity
SEED = 21

BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# What positive_data_acceptance accepts by default; two kinds of operation add a 400.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]
# Matching takes a destination or an origin, exactly one: OpenAPI 3.0 cannot say that of two
# query parameters, so a request with neither or both is refused (400) although each
# parameter alone is optional.
ONE_OF_TWO = {
    "include-name": "GET /api/v1/matching/",
    "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
}


# The editors' writes name other records (laws by id, countries by ISO3 code, organisations
# by slug); one that does not exist is refused on its field (400), which the schema cannot
# foresee since it does not list the records. The same 400 meets a link that JSON Schema's
# `uri` format allows and Django's URL validator does not (a one-letter top-level domain).
REFERENCES = {
    "include-name": [
        "POST /api/v1/permit-category-drafts/",
        "PATCH /api/v1/permit-category-drafts/{id}/",
        "POST /api/v1/proposals/",
        "PUT /api/v1/proposals/{id}/",
        "PATCH /api/v1/proposals/{id}/",
        "POST /api/v1/proposals/{id}/endorse/",
    ],
    "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
}


def _config(**project) -> SchemathesisConfig:
    # The WSGI transport does not decompress: ask for bodies as they are (GZipMiddleware
    # compresses only for clients that accept it).
    headers = {"Accept-Encoding": "identity", **project.pop("headers", {})}
    return SchemathesisConfig.from_dict(
        {
            **project,
            "headers": headers,
            "seed": SEED,
            # Django refuses a NUL character in any text (400), which no schema can say of
            # every string parameter: generate none.
            "generation": {"allow-x00": False},
            "phases": {"stateful": {"max-steps": 4}},
            "operations": [ONE_OF_TWO, REFERENCES],
        }
    )


@pytest.fixture
def wsgi_app():
    # The WSGI handler closes "old" database connections around each request; inside the
    # test's transaction that would close the test's own connection (PostgreSQL). Django's
    # test client disconnects the same handler for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db):
    return one_of_each()


@pytest.fixture
def api_schema(wsgi_app, api_data):
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, config=_config())


@pytest.fixture
def token(db) -> str:
    return Token.objects.create(user=UserFactory(secretariat=True)).key


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@BOUNDED
def test_every_operation_conforms_anonymously(case):
    case.call_and_validate()


@schema.parametrize()
@BOUNDED
def test_every_operation_conforms_for_the_secretariat(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"})


def _run_scenarios(api_schema) -> None:
    Scenarios = api_schema.as_state_machine()
    Scenarios.run(settings=settings(BOUNDED, max_examples=SCENARIOS, stateful_step_count=4))


def test_linked_operations_conform_anonymously(api_schema):
    _run_scenarios(api_schema)


def test_linked_operations_conform_for_the_secretariat(wsgi_app, api_data, token):
    # The token as configured headers, so that the auth checks know it is a valid one.
    config = _config(headers={"Authorization": f"Token {token}"})
    _run_scenarios(schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, config=config))
