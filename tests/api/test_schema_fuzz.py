"""Schema fuzzing: schemathesis generates requests from /api/schema/ for every operation,
anonymous and as a Secretariat member with a token; no response may be a 5xx and every
response must conform to the schema (status, content type, body, headers), and requests that
break the schema must be refused.

Left out: `positive_data_acceptance`. The schema does not spell out every business rule (a
year from 1945, an ISO3 code that exists, a label number with a valid check character); such
requests get a 400 with a clear message, which that check would count as a failure."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.imdi_portal.factories import UserFactory

EXAMPLES = 8  # per operation and identity: bounded for CI
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def api_schema(db):
    # The WSGI handler closes "old" database connections around each request; inside the
    # test's transaction that would close the test's own connection (PostgreSQL). Django's
    # test client disconnects the same handler for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(db) -> str:
    return Token.objects.create(user=UserFactory(secretariat=True)).key


schema = schemathesis.pytest.from_fixture("api_schema")


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_every_operation_conforms_anonymously(case):
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.parametrize()
@BOUNDED
def test_every_operation_conforms_for_the_secretariat(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, excluded_checks=EXCLUDED)
