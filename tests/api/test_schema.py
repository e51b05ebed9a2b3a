"""The OpenAPI document is valid and the docs work offline."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_valid_openapi_3(client):
    response = client.get("/api/schema/", {"format": "json"})
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    params = {p["name"] for p in schema["paths"]["/api/v1/countries/"]["get"]["parameters"]}
    assert {"region", "sub_region", "income_group", "search", "limit", "offset"} <= params
    assert "/api/v1/countries/{iso3}/" in schema["paths"]


def test_swagger_ui_is_served_from_local_static_files(client):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
