"""The world map: one indicator, one year, a choropleth and the ranked table."""

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.worldmap import CLASSES, class_breaks, country_paths
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_every_country_shape_is_keyed_by_iso_numeric_code():
    paths = country_paths()
    assert len(paths) > 170
    assert set(paths) <= set(Country.objects.values_list("m49", flat=True)) | {"-99"}
    assert paths["608"].startswith("M")  # Philippines
    assert "010" not in paths  # Antarctica is not drawn


def test_quantile_breaks():
    assert class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]


def test_latest_year_totals_first_and_ranked(client):
    indicator = IndicatorFactory(code="TEST.SHARE", name_en="Test share")
    for iso3, value in (("PHL", 3.0), ("MEX", 9.0), ("SEN", 6.0)):
        country = Country.objects.get(iso3=iso3)
        ObservationFactory(indicator=indicator, country=country, year=2019, value=value - 1)
        ObservationFactory(indicator=indicator, country=country, year=2020, value=value)
        ObservationFactory(indicator=indicator, country=country, year=2020, sex="F", value=99)
    response = client.get("/data/map/", {"indicator": "TEST.SHARE"})
    html = response.content.decode()
    assert response.context["year"] == 2020
    assert [o.country.iso3 for o in response.context["rows"]] == ["MEX", "SEN", "PHL"]
    assert all(o.sex == "T" for o in response.context["rows"])
    assert '<svg class="worldmap"' in html and "<title>Mexico: 9</title>" in html
    assert CLASSES[-1] in html  # the highest class is drawn
    older = client.get("/data/map/", {"indicator": "TEST.SHARE", "year_to": 2019})
    assert [o.value for o in older.context["rows"]] == [8.0, 5.0, 2.0]


def test_bad_input(client):
    assert client.get("/data/map/", {"indicator": "NOPE"}).status_code == 404
    assert client.get("/data/map/", {"indicator": "X", "year_to": "soon"}).status_code == 400
    IndicatorFactory(code="EMPTY")
    assert (
        "No country-level values match"
        in client.get("/data/map/", {"indicator": "EMPTY"}).content.decode()
    )
