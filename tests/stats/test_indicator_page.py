"""The indicator page and list, and the catalogue in the API (issue 20, defect 6)."""

import datetime as dt

import pytest
from django.utils import timezone

from imdi_portal.core.models import Country
from imdi_portal.stats import catalogue
from imdi_portal.stats.indicators import REGISTRY
from imdi_portal.stats.models import Indicator, StatisticalArea
from tests.stats.factories import ImportJobFactory, IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

RECEIVED = "BX.TRF.PWKR.CD.DT"


@pytest.fixture
def received():
    """Remittances received, imported by one job, for three countries and the world."""
    job = ImportJobFactory(
        original_name="API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv",
        status="succeeded",
        finished_at=timezone.make_aware(dt.datetime(2025, 8, 3, 10, 0)),
    )
    indicator = IndicatorFactory(
        code=RECEIVED, name_en=RECEIVED, source="WDI", vintage="2025-07-01"
    )
    catalogue.catalogue_apply(codes=[RECEIVED])
    world = StatisticalArea.objects.get_or_create(
        code="WLD", defaults={"name": "World", "kind": "aggregate", "source": "test"}
    )[0]
    for iso3 in ("PHL", "MEX", "SEN"):
        for year in (2019, 2024):
            ObservationFactory(
                indicator=indicator,
                country=Country.objects.get(iso3=iso3),
                year=year,
                import_job_id=job.pk,
            )
    ObservationFactory(
        indicator=indicator, country=None, area=world, area_code="WLD", year=2023, value=9.0
    )
    indicator.refresh_from_db()
    return indicator, job


def test_the_page_says_what_the_indicator_is_and_how_to_cite_it(client, received, monkeypatch):
    _indicator, job = received
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 3, 2))
    response = client.get(f"/data/indicators/{RECEIVED}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Personal remittances, received (current US$)" in html
    assert "Personal remittances comprise personal transfers" in html
    assert "current US$" in html and "Amount of money" in html and "CC BY 4.0" in html
    assert '<a href="https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT">' in html
    assert "2019\N{EN DASH}2024" in html
    assert "3 countries" in html and "1 other area or aggregate" in html
    assert 'href="/countries/SEN/"' in html and "World" in html
    assert f"(import job {job.pk})" in html and "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454" in html
    assert "log-linear trend" in html
    assert (
        "World Bank, World Development Indicators (2025-07-01), Personal remittances, received "
        "(current US$) [BX.TRF.PWKR.CD.DT], CC BY 4.0. Via the IMDI portal, "
        "http://testserver/data/indicators/BX.TRF.PWKR.CD.DT/, accessed 2 March 2026."
    ) in html


def test_the_page_is_in_the_readers_language(client, received):
    html = client.get(f"/data/indicators/{RECEIVED}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Remesas personales, recibidas (US$ a precios actuales)" in html
    assert "Las remesas personales comprenden" in html


def test_unit_and_projection_method_are_in_the_readers_language(client, received):
    html = client.get(f"/data/indicators/{RECEIVED}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<dd>US$ courants</dd>" in html
    assert "tendance log-linéaire (moindres carrés sur le logarithme de la valeur)" in html
    assert "current US$" not in html and "OLS on ln value" not in html


def test_a_balance_says_it_is_not_projected_and_a_derived_indicator_its_formula(client):
    IndicatorFactory(code="SM.POP.NETM", kind="balance", name_en="Net migration")
    balance = client.get("/data/indicators/SM.POP.NETM/").content.decode()
    assert "Not projected: values of this kind can be negative or change sign" in balance
    IndicatorFactory(
        code="IMDI.SM.POP.NETM.PT",
        kind="rate",
        is_derived=True,
        name_en="Net migration per 1,000 inhabitants",
    )
    derived = client.get("/data/indicators/IMDI.SM.POP.NETM.PT/").content.decode()
    assert "1000 x SM.POP.NETM / SP.POP.TOTL" in derived
    assert 'href="/data/indicators/SM.POP.NETM/"' in derived


@pytest.mark.parametrize("code", ["NOPE", "BX.TRF.PWKR.CD.DT.X", "a+b-c"])
def test_an_unknown_code_is_a_404_not_a_500(client, code):
    assert client.get(f"/data/indicators/{code}/").status_code == 404


def test_the_page_costs_a_bounded_number_of_queries(
    client, received, django_assert_max_num_queries
):
    indicator, _job = received
    for iso3 in ("DEU", "FRA", "ITA", "ESP", "IND", "CHN", "USA", "KEN"):
        ObservationFactory(indicator=indicator, country=Country.objects.get(iso3=iso3))
    with django_assert_max_num_queries(8):
        response = client.get(f"/data/indicators/{RECEIVED}/")
    assert "11 countries" in response.content.decode()


def test_the_list_groups_indicators_by_source(client, django_assert_max_num_queries):
    IndicatorFactory(code="SP.POP.TOTL", name_en="Population, total", source="WDI")
    IndicatorFactory(code="UNDESA.MIGSTOCK", name_en="Migrant stock", source="UN DESA")
    with django_assert_max_num_queries(4):
        html = client.get("/data/indicators/").content.decode()
    assert html.index("UN DESA") < html.index("Migrant stock") < html.index("WDI")
    assert 'href="/data/indicators/SP.POP.TOTL/"' in html


def test_explorer_and_map_link_to_the_indicator_page(client, received):
    link = f'href="/data/indicators/{RECEIVED}/"'
    explorer = client.get("/data/explorer/", {"indicator": RECEIVED}).content.decode()
    assert explorer.count(link) >= 2  # beside the chart and in the table's caption
    world_map = client.get("/data/map/", {"indicator": RECEIVED}).content.decode()
    assert world_map.count(link) >= 2


def test_the_api_gives_the_metadata_in_the_requested_language(api_client, received):
    body = api_client.get(f"/api/v1/indicators/{RECEIVED}/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["name"] == "Envois de fonds personnels, reçus ($ US courants)"
    assert body["definition"].startswith("Les envois de fonds personnels comprennent")
    assert body["definition_en"].startswith("Personal remittances comprise")
    assert body["definition_es"].startswith("Las remesas personales comprenden")
    assert (body["kind"], body["unit"], body["licence"]) == ("amount", "current US$", "CC BY 4.0")
    assert body["source_url"] == "https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT"
    assert body["vintage"] == "2025-07-01"
    assert body["page_url"] == "http://testserver/data/indicators/BX.TRF.PWKR.CD.DT/"
    assert body["projection_method"].startswith("log-linear trend")


def test_every_catalogued_and_derived_indicator_has_unit_and_three_definitions_in_the_api(
    api_client,
):
    codes = sorted({*catalogue.catalogue(), *REGISTRY})
    for code in codes:
        Indicator.objects.create(code=code, name_en=code, source="test")
    catalogue.catalogue_apply()
    rows = api_client.get("/api/v1/indicators/", {"limit": 250}).json()["results"]
    assert sorted(r["code"] for r in rows) == codes
    for row in rows:
        assert row["unit"], row["code"]
        assert row["kind"] in Indicator.Kind.values, row["code"]
        for language in ("en", "fr", "es"):
            assert row[f"definition_{language}"], (row["code"], language)
            assert row[f"name_{language}"] and row[f"name_{language}"] != row["code"]
