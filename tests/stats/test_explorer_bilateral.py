"""The explorer for bilateral indicators: the chosen countries' side, their counterparts'
total, one counterpart or the largest ones; the table's pages; notes on chosen countries."""

import csv
import io

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.models import Observation, StatisticalArea
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

URL = "/data/explorer/"
# Destination -> year -> origin -> persons (test values, not statistics).
STOCK = {
    "PHL": {
        2019: {"USA": 100, "JPN": 50, "ITA": 30, "CAN": 20, "ESP": 5},
        2020: {"USA": 110, "JPN": 60, "ITA": 35, "CAN": 25, "ESP": 6},
    },
    "MEX": {
        2019: {"USA": 1000, "ITA": 500, "CAN": 80, "ESP": 70, "JPN": 2},
        2020: {"USA": 1100, "CAN": 90, "ESP": 60, "ITA": 4, "JPN": 1},
    },
    "DEU": {
        2019: {"ITA": 700, "ESP": 300, "USA": 200, "CAN": 10, "JPN": 9},
        2020: {"ITA": 710, "ESP": 310, "USA": 190, "CAN": 11, "JPN": 8},
    },
}
# Germany's own published totals (they include origins the source gives no country for).
DEU_PUBLISHED = {2019: 1500.0, 2020: 1600.0}


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


@pytest.fixture
def stock():
    indicator = IndicatorFactory(code="TEST.STOCK.BILATERAL", name_en="Stock", kind="count")
    for area, years in STOCK.items():
        for year, origins in years.items():
            for origin, value in origins.items():
                ObservationFactory(
                    indicator=indicator,
                    country=country(area),
                    counterpart=country(origin),
                    year=year,
                    value=value,
                )
    for year, value in DEU_PUBLISHED.items():
        ObservationFactory(indicator=indicator, country=country("DEU"), year=year, value=value)
    # A regional aggregate as destination: never added to a country's emigrants.
    region, _ = StatisticalArea.objects.get_or_create(
        code="XTR", defaults={"name": "Test region", "kind": "aggregate", "source": "test"}
    )
    ObservationFactory(
        indicator=indicator,
        country=None,
        area=region,
        area_code="XTR",
        counterpart=country("USA"),
        year=2019,
        value=99_999,
    )
    return indicator


def chart_points(response, chart: int = 0) -> dict[str, list[tuple[float, float]]]:
    return {s.label: s.points for s in response.context["charts"][chart]["series"]}


def test_the_default_is_one_line_per_country_with_its_total(client, stock):
    response = client.get(URL, {"indicator": stock.code, "country": "PHL,MEX,DEU"})
    assert response.status_code == 200
    # Summed by hand from STOCK: PHL 100+50+30+20+5 and 110+60+35+25+6; MEX 1000+500+80+70+2
    # and 1100+90+60+4+1; Germany has its own published total, which is not added to.
    assert chart_points(response) == {
        "Philippines": [(2019, 205.0), (2020, 236.0)],
        "Mexico": [(2019, 1652.0), (2020, 1255.0)],
        "Germany": [(2019, 1500.0), (2020, 1600.0)],
    }
    assert len(response.context["charts"]) == 1
    rows = {(r.code, r.year): r for r in response.context["rows"]}
    assert rows[("DEU", 2019)].method == "published"
    assert rows[("PHL", 2019)].method == "summed" and rows[("PHL", 2019)].parts == 5
    html = response.content.decode()
    assert "published by the source" in html and "sum of 5 counterparts" in html
    assert "Migrants" not in html  # neutral words for an indicator of unknown meaning
    assert "The chosen countries as reporting areas, by counterpart" in html


def test_the_chosen_countries_as_counterparts(client, stock):
    params = {"indicator": stock.code, "country": "USA", "direction": "counterpart"}
    response = client.get(URL, params)
    # In the areas that are countries: 100 + 1000 + 200, and 110 + 1100 + 190 (the region's
    # 99,999 is left out).
    assert chart_points(response) == {"United States": [(2019, 1300.0), (2020, 1400.0)]}
    assert "counterpart=USA" in response.context["api_query"]
    # Where the source publishes its world row, that total is used instead of the sum.
    world, _ = StatisticalArea.objects.get_or_create(
        code="WLD", defaults={"name": "World", "kind": "aggregate", "source": "test"}
    )
    ObservationFactory(
        indicator=stock,
        country=None,
        area=world,
        area_code="WLD",
        counterpart=country("USA"),
        year=2020,
        value=5000,
    )
    response = client.get(URL, params)
    assert chart_points(response) == {"United States": [(2019, 1300.0), (2020, 5000.0)]}


def test_top_counterparts_are_the_largest_in_the_latest_year(client, stock):
    response = client.get(
        URL, {"indicator": stock.code, "country": "PHL,MEX,DEU", "counterparts": "top", "top": 3}
    )
    assert response.status_code == 200
    charts = {c["heading"]: {s.label for s in c["series"]} for c in response.context["charts"]}
    # 2020 values: Mexico's third is Spain (60), not Italy (large in 2019 only).
    assert charts == {
        "Philippines": {"United States", "Japan", "Italy"},
        "Mexico": {"United States", "Canada", "Spain"},
        "Germany": {"Italy", "Spain", "United States"},
    }
    rows = response.context["page"].paginator.count
    assert rows == 3 * 3 * 2  # three counterparts of three countries in two years
    mexico = {s.label: s.points for s in response.context["charts"][1]["series"]}
    assert mexico["Spain"] == [(2019, 70.0), (2020, 60.0)]


def test_one_counterpart(client, stock):
    response = client.get(
        URL,
        {
            "indicator": stock.code,
            "country": "PHL,MEX,DEU",
            "counterparts": "one",
            "counterpart": "ita",
        },
    )
    assert chart_points(response) == {
        "Philippines, counterpart: Italy": [(2019, 30.0), (2020, 35.0)],
        "Mexico, counterpart: Italy": [(2019, 500.0), (2020, 4.0)],
        "Germany, counterpart: Italy": [(2019, 700.0), (2020, 710.0)],
    }
    assert {o.counterpart_code for o in response.context["rows"]} == {"ITA"}


def test_unknown_and_empty_countries_are_named(client, stock):
    response = client.get(URL, {"indicator": stock.code, "country": "PHL,XXX,SEN"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unknown country code: XXX." in html
    assert "No data for Senegal for this indicator." in html
    assert set(chart_points(response)) == {"Philippines"}
    years = client.get(URL, {"indicator": stock.code, "country": "PHL", "year_from": 2021})
    assert "No values for Philippines in this selection." in years.content.decode()


def test_values_that_cannot_be_added_have_no_computed_total(client):
    rate = IndicatorFactory(code="TEST.COST.BILATERAL", kind="rate")
    for origin, value in (("USA", 5.0), ("JPN", 7.0)):
        ObservationFactory(
            indicator=rate, country=country("PHL"), counterpart=country(origin), value=value
        )
    response = client.get(URL, {"indicator": rate.code, "country": "PHL"})
    assert "No total for Philippines" in response.content.decode()
    assert not response.context["rows"]


def test_the_query_count_does_not_grow_with_the_countries(
    client, stock, django_assert_max_num_queries
):
    for params in (
        {"country": "PHL"},
        {"country": "PHL,MEX,DEU,XXX,SEN"},
        {"country": "PHL,MEX,DEU", "counterparts": "top", "top": 5},
        {"country": "PHL,MEX,DEU", "counterparts": "one", "counterpart": "ITA"},
        {"country": "USA", "direction": "counterpart"},
    ):
        # 16, and the country picker's own list of countries by name.
        with django_assert_max_num_queries(17):
            response = client.get(URL, {"indicator": stock.code, **params})
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"direction": "foo"}, "direction"),
        ({"top": "-1"}, "top"),
        ({"top": "1000"}, "top"),
        ({"counterparts": "all"}, "counterparts"),
        ({"counterparts": "one"}, "counterpart"),
        ({"counterparts": "one", "counterpart": "IT;A"}, "counterpart"),
    ],
)
def test_bad_parameters_are_a_form_error(client, stock, params, field):
    response = client.get(URL, {"indicator": stock.code, "country": "PHL", **params})
    assert response.status_code == 400
    assert field in response.context["options_form"].errors
    assert "Please correct the following" in response.content.decode()


def test_the_table_pages_through_every_row_and_the_csv_has_them_all(client):
    monthly = IndicatorFactory(code="TEST.MONTHLY", kind="count")
    philippines = country("PHL")
    periods = [f"{y}-{m:02d}" for y in range(1850, 2030) for m in range(1, 13)]
    Observation.objects.bulk_create(
        ObservationFactory.build(
            indicator=monthly, country=philippines, year=int(p[:4]), period=p, value=i
        )
        for i, p in enumerate(periods)
    )
    assert len(periods) == 2160  # more than the 2,000 rows the table used to stop at
    params = {"indicator": monthly.code, "country": "PHL"}
    second = client.get(URL, {**params, "page": 2})
    assert [o.period for o in second.context["rows"]] == periods[100:200]
    html = second.content.decode()
    assert "2,160 observed values" in html and "2,000" not in html
    assert f"indicator={monthly.code}&amp;country=PHL&amp;page=3" in html
    last = client.get(URL, {**params, "page": 22})
    assert [o.period for o in last.context["rows"]] == periods[2100:]
    assert client.get(URL, {**params, "page": "x"}).status_code == 200
    response = client.get(URL, {**params, "format": "csv", "page": 2})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2160
