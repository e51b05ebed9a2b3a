"""Observations in the API and the indicator explorer: same filters, same rows."""

import csv
import io

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.models import Projection
from imdi_portal.stats.projections import projections_recompute
from tests.imdi_portal.hostile import HOSTILE, neutralised
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employment():
    """Employment by sex and economic activity for two countries, 2012-2021."""
    indicator = IndicatorFactory(
        code="EMP_TEMP_SEX_ECO_NB_A", name_en="Employment by activity", kind="count"
    )
    for iso3, base in (("PHL", 100.0), ("MEX", 200.0)):
        for year in range(2012, 2022):
            for sex, share in (("T", 1.0), ("F", 0.4)):
                ObservationFactory(
                    indicator=indicator,
                    country=Country.objects.get(iso3=iso3),
                    year=year,
                    sex=sex,
                    classification="ECO_ISIC4_A",
                    value=base * share * (1.03 ** (year - 2012)),
                )
        ObservationFactory(
            indicator=indicator,
            country=Country.objects.get(iso3=iso3),
            year=2021,
            classification="ECO_ISIC4_Q",
            value=base / 2,
        )
    return indicator


def test_api_filters(api_client, employment):
    def count(**params):
        body = api_client.get("/api/v1/observations/", {"limit": 250, **params}).json()
        assert body["next"] is None
        return len(body["results"])

    assert count(indicator=employment.code) == 42
    assert count(country="PHL") == 21
    assert count(country="phl, mex", sex="F") == 20
    assert count(year_from=2020, year_to=2020) == 4
    assert count(isic="Q") == 2 and count(isic="q") == 2
    assert count(classification="ECO_ISIC4_A", country="MEX", sex="T") == 10
    row = api_client.get("/api/v1/observations/", {"country": "MEX", "isic": "Q"}).json()
    assert row["results"][0] | {"value": 100.0} == row["results"][0]
    assert row["results"][0]["area_name"] == "Mexico"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"isco": "nurse"}, "isco"),
        ({"isic": "AB"}, "isic"),
        ({"year_from": "last year"}, "year_from"),
        ({"sex": "X"}, "sex"),
        ({"country": "PHL;DROP"}, "country"),
    ],
)
def test_bad_parameters_are_named(api_client, params, field):
    response = api_client.get("/api/v1/observations/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_query_count_does_not_grow_with_page_size(
    api_client, employment, django_assert_max_num_queries
):
    for limit in (5, 250):
        with django_assert_max_num_queries(5):
            body = api_client.get("/api/v1/observations/", {"limit": limit}).json()
        assert len(body["results"]) == min(limit, 42)


def test_pages_link_to_each_other_without_counting(api_client, employment):
    first = api_client.get("/api/v1/observations/", {"limit": 40}).json()
    assert "count" not in first and first["previous"] is None and len(first["results"]) == 40
    second = api_client.get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert "offset=0" in second["previous"] or "offset" not in second["previous"]
    seen = {(r["area_code"], r["period"], r["sex"], r["classification"]) for r in first["results"]}
    assert not seen & {
        (r["area_code"], r["period"], r["sex"], r["classification"]) for r in second["results"]
    }


def test_csv_of_the_api(api_client, employment):
    response = api_client.get("/api/v1/observations/", {"country": "PHL", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 21 and rows[0]["indicator"] == employment.code


def test_explorer_chart_table_projection_and_csv(client, employment):
    projections_recompute()
    params = {"indicator": employment.code, "country": "PHL,MEX", "sex": "T", "isic": "A"}
    response = client.get("/data/explorer/", params)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart"' in html and '">Employment by activity' in html
    assert '<title id="chart-title-' in html
    assert "Philippines, ISIC Rev.4 A" in html and "Mexico, ISIC Rev.4 A" in html
    assert response.context["rows"] and len(response.context["rows"]) == 20
    assert "Projections (not observed data)" in html
    projected_2022 = Projection.objects.get(area_code="PHL", sex="T", year=2022)
    assert projected_2022.value == pytest.approx(100 * 1.03**10)
    csv_response = client.get("/data/explorer/", {**params, "format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    assert len(rows) == 20
    assert {r["area_code"] for r in rows} == {"PHL", "MEX"}
    assert all(r["classification"] == "ECO_ISIC4_A" and r["sex"] == "T" for r in rows)
    assert not any(r["period"] > "2021" for r in rows)  # projections never in the data


def test_explorer_bad_input(client, employment):
    assert client.get("/data/explorer/", {"indicator": "NOPE"}).status_code == 404
    bad = client.get("/data/explorer/", {"indicator": employment.code, "year_from": "x"})
    assert bad.status_code == 400 and "From year" in bad.content.decode()
    empty = client.get("/data/explorer/", {"indicator": employment.code, "country": "SEN"})
    assert "No values match this selection" in empty.content.decode()
    assert "Choose an indicator to start" in client.get("/data/explorer/").content.decode()


def test_projections_api_is_apart_and_labelled(api_client, employment):
    projections_recompute()
    body = api_client.get("/api/v1/projections/", {"country": "MEX", "sex": "F"}).json()
    assert len(body["results"]) == 5
    assert all(r["is_projection"] and r["year"] > 2021 for r in body["results"])
    assert all(r["lower"] <= r["value"] <= r["upper"] for r in body["results"])


# --- cells that would run as formulas (#21) --------------------------------------------


def test_the_indicator_catalogue_csv_neutralises_formula_like_names(api_client):
    for n, text in enumerate(HOSTILE):
        IndicatorFactory(code=f"HOSTILE.{n}", name_en=text)
    response = api_client.get("/api/v1/indicators/", {"format": "csv", "limit": 250})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    names = {row["code"]: row["name_en"] for row in rows}
    assert {code: names[code] for code in names if code.startswith("HOSTILE.")} == {
        f"HOSTILE.{n}": neutralised(text) for n, text in enumerate(HOSTILE)
    }


def test_the_explorer_csv_neutralises_text_and_keeps_negative_values(client):
    indicator = IndicatorFactory(code="HOSTILE.NETM", name_en="Net migration rate")
    philippines = Country.objects.get(iso3="PHL")
    for year, text in enumerate(HOSTILE, start=2015):
        ObservationFactory(indicator=indicator, country=philippines, year=year, source=text)
    ObservationFactory(indicator=indicator, country=philippines, year=2020, value=-0.215)
    response = client.get("/data/explorer/", {"indicator": indicator.code, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_period = {row["period"]: row for row in rows}
    assert {period: by_period[period]["source"] for period in by_period if period < "2020"} == {
        str(year): neutralised(text) for year, text in enumerate(HOSTILE, start=2015)
    }
    assert by_period["2020"]["value"] == "-0.215"  # a number, not a neutralised text


def test_the_observations_api_csv_keeps_a_negative_value_a_number(api_client):
    indicator = IndicatorFactory(code="HOSTILE.COST")
    ObservationFactory(indicator=indicator, country=Country.objects.get(iso3="PHL"), value=-0.215)
    response = api_client.get(
        "/api/v1/observations/", {"indicator": indicator.code, "format": "csv"}
    )
    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert row["value"] == "-0.215"
