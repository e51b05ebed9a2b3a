"""The world map: one indicator, one year, a choropleth and the ranked table."""

import re

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.selectors import indicator_choices
from imdi_portal.stats.worldmap import (
    CLASSES,
    WIDTH,
    _xy,
    class_breaks,
    country_paths,
    split_at_antimeridian,
)
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_every_country_shape_is_keyed_by_iso_numeric_code():
    paths = country_paths()
    assert len(paths) > 170
    assert set(paths) <= set(Country.objects.values_list("m49", flat=True)) | {"-99"}
    assert paths["608"].startswith("M")  # Philippines
    assert "010" not in paths  # Antarctica is not drawn


def _segments(path: str):
    """Every segment of an SVG path of M/L/Z commands, the closing one of each ring too."""
    for ring in re.findall(r"M([^MZ]+)Z", path):
        points = [tuple(map(float, p.split(","))) for p in ring.split("L")]
        yield from zip(points, points[1:] + points[:1], strict=True)


@pytest.mark.parametrize("code", ["643", "242", "840"])  # Russia, Fiji, the United States
def test_no_country_is_drawn_across_the_antimeridian(code):
    path = country_paths()[code]
    assert path.count("M") == path.count("Z") > 0
    longest = max(abs(b[0] - a[0]) for a, b in _segments(path))
    assert longest < WIDTH / 2


def _filled(path: str, lon: float, lat: float) -> bool:
    """Whether SVG would paint the point (nonzero rule, the default): the winding number."""
    x, y = _xy(lon, lat)
    winding = 0
    for (x0, y0), (x1, y1) in _segments(path):
        if (y0 <= y) != (y1 <= y):
            crossing = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            if crossing > x:
                winding += 1 if y1 > y0 else -1
    return winding != 0


def test_russia_is_not_painted_over_the_sea_of_okhotsk_or_japan():
    russia = country_paths()["643"]
    assert _filled(russia, 100, 60) and _filled(russia, 175, 67)  # Siberia, Chukotka
    assert _filled(russia, -175, 66.5)  # Chukotka east of the antimeridian
    assert not _filled(russia, 150, 53)  # the Sea of Okhotsk
    assert not _filled(russia, 142.5, 43.5)  # Hokkaido
    assert not _filled(russia, 170, 50)  # the Pacific south of Kamchatka
    fiji = country_paths()["242"]
    assert _filled(fiji, 178, -17.8) and not _filled(fiji, 0, -17)


def test_russia_keeps_chukotka_at_the_right_edge_and_its_tip_at_the_left():
    xs = [a[0] for a, _b in _segments(country_paths()["643"])]
    # Chukotka reaches the antimeridian from the west (x = 960) and goes on past it from the
    # east (x = 0): both pieces are drawn, each on its own side.
    assert max(xs) == WIDTH and min(xs) == 0
    assert not [x for x in xs if 60 < x < 500]  # nothing of Russia over the Americas/Atlantic


def test_a_ring_across_the_antimeridian_becomes_one_piece_on_each_side():
    square = [(170.0, 0.0), (-170.0, 0.0), (-170.0, 10.0), (170.0, 10.0)]
    east, west = sorted(split_at_antimeridian(square), key=lambda piece: -piece[0][0])
    assert {lon for lon, _lat in east} == {170.0, 180.0}
    assert {lon for lon, _lat in west} == {-180.0, -170.0}
    inland = [(10.0, 0.0), (20.0, 0.0), (20.0, 10.0)]
    assert split_at_antimeridian(inland) == [inland]


def test_quantile_breaks():
    assert class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]


def test_few_values_give_fewer_classes_never_empty_or_overlapping_ones():
    # Three countries: 5 quantile classes would repeat 3.8 bn as two bounds.
    assert class_breaks([250e6, 3.8e9, 6.1e9]) == [250e6, 3.8e9, 6.1e9]
    assert class_breaks([7.0, 7.0, 7.0]) == [7.0]


def test_the_legend_of_three_countries_has_three_distinct_ranges():
    from imdi_portal.stats.worldmap import choropleth

    html = str(
        choropleth(
            {"608": ("Philippines", 3.8e9), "484": ("Mexico", 6.1e9), "686": ("Senegal", 250e6)},
            title="t",
        )
    )
    legend = html[html.index('<ul class="legend">') :]
    assert legend.count("<li>") == 4  # three classes and "No data"
    assert "250 m to 250 m" not in legend and "3.8 bn to 3.8 bn" not in legend
    assert "250 m to 3.8 bn" in legend and "3.8 bn to 6.1 bn" in legend


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


@pytest.mark.parametrize("page", ["/data/map/", "/data/explorer/"])
def test_the_pickers_offer_only_indicators_with_data(client, page):
    filled = IndicatorFactory(code="TEST.FILLED", name_en="Filled")
    ObservationFactory(indicator=filled, country=Country.objects.get(iso3="MEX"), year=2020)
    IndicatorFactory(code="TEST.EMPTY", name_en="Not imported yet")
    html = client.get(page).content.decode()
    assert '<option value="TEST.FILLED"' in html
    assert "TEST.EMPTY" not in html
    # Asked for by its code, the empty one stays in the list, selected, for the page it is on.
    html = client.get(page, {"indicator": "TEST.EMPTY"}).content.decode()
    assert '<option value="TEST.EMPTY" selected>' in html


def test_the_picker_list_is_one_query(django_assert_num_queries):
    for code in ("TEST.A", "TEST.B", "TEST.C"):
        ObservationFactory(indicator=IndicatorFactory(code=code), year=2020)
    IndicatorFactory(code="TEST.NONE")
    with django_assert_num_queries(1):
        codes = [i.code for i in indicator_choices() if i.code.startswith("TEST.")]
    assert codes == ["TEST.A", "TEST.B", "TEST.C"]
