"""The countries API: filters, pagination, errors, formats."""

import csv
import io

import pytest

from imdi_portal.core.models import Country

pytestmark = pytest.mark.django_db


def test_list_is_paginated_with_the_total_count(api_client):
    body = api_client.get("/api/v1/countries/").json()
    assert body["count"] == Country.objects.count() == 249
    assert len(body["results"]) == 50
    assert body["next"].endswith("limit=50&offset=50")


def test_oversize_page_is_capped(api_client):
    body = api_client.get("/api/v1/countries/", {"limit": 10000}).json()
    assert len(body["results"]) == 249  # capped at the maximum of 250, all fit
    body = api_client.get("/api/v1/countries/", {"limit": 1000, "offset": 0}).json()
    assert len(body["results"]) <= 250


def test_region_filter_returns_real_countries_of_that_region(api_client):
    body = api_client.get("/api/v1/countries/", {"region": "europe", "limit": 250}).json()
    codes = {c["iso3"] for c in body["results"]}
    assert {"FRA", "DEU", "NOR"} <= codes
    assert "SEN" not in codes
    assert body["count"] == Country.objects.filter(region__slug="europe").count()
    assert all(c["region"]["slug"] == "europe" for c in body["results"])


def test_search_and_income_group_filters_combine(api_client):
    body = api_client.get("/api/v1/countries/", {"search": "allemagne"}).json()
    assert [c["iso3"] for c in body["results"]] == ["DEU"]
    body = api_client.get(
        "/api/v1/countries/", {"income_group": "LIC", "sub_region": "western-africa"}
    ).json()
    assert body["count"] > 0
    assert all(c["income_group"] == "LIC" for c in body["results"])


def test_invalid_filter_values_are_a_400_naming_the_parameter(api_client):
    response = api_client.get("/api/v1/countries/", {"income_group": "RICH"})
    assert response.status_code == 400
    body = response.json()
    assert "income_group" in body["errors"]
    assert body["detail"].startswith("Invalid input. income_group:")


@pytest.mark.parametrize("params", [{"region": "atlantis"}, {"sub_region": "europe"}])
def test_a_region_that_does_not_exist_finds_no_country(api_client, params):
    # The schema cannot list which slugs exist: an unknown one is no match, not a 400 (#21).
    response = api_client.get("/api/v1/countries/", params)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_detail_by_iso3_in_any_case(api_client):
    body = api_client.get("/api/v1/countries/sen/").json()
    assert body["iso3"] == "SEN" and body["m49"] == "686"
    assert body["intermediate_region"]["name"] == "Western Africa"
    assert body["profile_url"] == "/countries/SEN/"


def test_names_follow_the_requested_language(api_client):
    body = api_client.get("/api/v1/countries/DEU/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["name"] == "Allemagne" and body["name_en"] == "Germany"


def test_labels_and_regions_follow_the_language_on_every_row(api_client):
    from django.utils import translation

    from imdi_portal.core.models import Country

    rows = api_client.get("/api/v1/countries/", {"limit": 250}, HTTP_ACCEPT_LANGUAGE="es").json()[
        "results"
    ]
    with translation.override("es"):
        for row in rows:
            country = Country.objects.get(iso3=row["iso3"])
            assert row["income_group_label"] == country.get_income_group_display()
            assert row["profile_url"] == country.get_absolute_url()
            region = country.region
            assert row["region"] == (
                region and {"code": region.code, "slug": region.slug, "name": region.localized_name}
            )
    assert {r["income_group_label"] for r in rows} >= {"Ingreso alto", "Ingreso bajo"}


def test_unknown_country_is_a_json_404(api_client):
    response = api_client.get("/api/v1/countries/ZZZ/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Unknown country code 'ZZZ' (expected ISO 3166-1 alpha-3)."
    }


def test_query_count_does_not_grow_with_page_size(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        api_client.get("/api/v1/countries/", {"limit": 250})
    with django_assert_max_num_queries(5):
        api_client.get("/api/v1/countries/", {"limit": 5})


def test_csv_download_has_one_row_per_country(api_client):
    response = api_client.get(
        "/api/v1/countries/", {"format": "csv", "region": "oceania", "limit": 250}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == Country.objects.filter(region__slug="oceania").count()
    assert {"iso3", "name", "region.name"} <= set(rows[0])
    assert {r["region.name"] for r in rows} == {"Oceania"}


def test_anonymous_writes_are_refused(api_client):
    response = api_client.post("/api/v1/countries/", {"iso3": "XYZ"}, format="json")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()
    assert not Country.objects.filter(iso3="XYZ").exists()


def test_countries_are_read_only_even_for_staff(api_client):
    from tests.imdi_portal.factories import UserFactory

    api_client.force_authenticate(UserFactory(secretariat=True))
    response = api_client.delete("/api/v1/countries/FRA/")
    assert response.status_code == 405
    assert Country.objects.filter(iso3="FRA").exists()


def test_a_bad_token_is_refused_with_a_message(api_client):
    response = api_client.get("/api/v1/countries/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_a_valid_token_authenticates(api_client):
    from rest_framework.authtoken.models import Token

    from tests.imdi_portal.factories import UserFactory

    token = Token.objects.create(user=UserFactory(secretariat=True))
    response = api_client.delete("/api/v1/countries/FRA/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 405  # authenticated: method not allowed, not 401


def test_anonymous_clients_are_throttled(api_client, monkeypatch):
    from imdi_portal.core.api_support import AnonThrottle

    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    codes = [api_client.get("/api/v1/countries/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_throttling_fails_open_when_the_cache_is_down(api_client, monkeypatch):
    from imdi_portal.core.api_support import AnonThrottle

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(AnonThrottle.cache, "get", broken)
    assert api_client.get("/api/v1/countries/").status_code == 200


def test_api_root_lists_the_countries_endpoint(api_client):
    body = api_client.get("/api/v1/").json()
    assert body["countries"].endswith("/api/v1/countries/")


@pytest.mark.parametrize(
    "params",
    [{"region": "a\x00b"}, {"search": "a\x00b"}, {"sub_region": "\x00"}, {"search": "x" * 101}],
)
def test_junk_filter_values_are_a_400_not_a_crash(api_client, params):
    response = api_client.get("/api/v1/countries/", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "abc"}, "Give limit as a whole number of at least 1."),
        ({"limit": "-5"}, "Give limit as a whole number of at least 1."),
        ({"offset": "-1"}, "Give offset as a whole number of at least 0."),
        ({"offset": ["1", "2"]}, "Give offset once."),
    ],
    ids=["limit-text", "limit-negative", "offset-negative", "offset-twice"],
)
def test_malformed_pagination_is_refused_with_a_message(api_client, params, message):
    response = api_client.get("/api/v1/countries/", params)
    assert response.status_code == 400
    [name] = params
    assert response.json()["errors"] == {name: [message]}


def test_an_oversized_limit_is_not_refused(api_client):
    response = api_client.get("/api/v1/countries/", {"limit": 100000})
    assert response.status_code == 200 and len(response.json()["results"]) == 249


def test_unknown_api_addresses_answer_in_json_not_html(api_client, client):
    for path in ("/api/v1/no-such-list/", "/api/v1/imports/1.5/", "/api/v1/proposals/x/"):
        response = api_client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()


def test_an_error_asked_for_as_csv_comes_as_json(api_client):
    response = api_client.get("/api/v1/countries/", {"format": "csv", "income_group": "RICH"})
    assert response.status_code == 400
    body = response.json()
    assert response["Content-Type"] == "application/json" and "income_group" in body["errors"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", {"Open helpdesk"}), ("0", {"Open helpdesk", "Old survey"}), ("", None)],
    ids=["true", "zero", "empty"],
)
def test_yes_no_filters_read_true_false_and_refuse_anything_else(api_client, value, expected):
    from tests.gateway.factories import ActivityFactory
    from tests.imdi_portal.factories import OrganisationFactory

    ActivityFactory(title_en="Open helpdesk", organisation=OrganisationFactory(is_gmg_member=True))
    ActivityFactory(title_en="Old survey")
    response = api_client.get("/api/v1/activities/", {"gmg": value})
    titles = {r["title_en"] for r in response.json()["results"]}
    assert titles == (expected or {"Open helpdesk", "Old survey"})
    bad = api_client.get("/api/v1/activities/", {"gmg": "null"})
    assert bad.status_code == 400 and bad.json()["errors"] == {"gmg": ["Give true or false."]}


@pytest.mark.django_db
def test_a_json_body_nested_too_deep_is_a_400_not_a_server_error():
    """100,000 open brackets: Python's parser recurses and raised RecursionError (500)."""
    from rest_framework.test import APIClient

    from tests.imdi_portal.factories import UserFactory

    client = APIClient(raise_request_exception=False)
    client.force_authenticate(UserFactory(secretariat=True))
    response = client.post(
        "/api/v1/proposals/", data="[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
