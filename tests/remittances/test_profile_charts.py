"""Trend charts of the country profile (issue 22, defect 4): each statistical section draws
a small accessible SVG chart, with its table beneath. Test values, not statistics."""

import re

import pytest

from imdi_portal.core.models import Country
from remittances.costs import cost_averages_recompute
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def charts(html: str) -> list[str]:
    return re.findall(r'<svg class="chart".*?</svg>', html, flags=re.S)


@pytest.fixture
def sen():
    sen = Country.objects.get(iso3="SEN")
    received = IndicatorFactory(code="BX.TRF.PWKR.CD.DT", name_en="Received", source="WDI")
    paid = IndicatorFactory(code="BM.TRF.PWKR.CD.DT", name_en="Paid", source="WDI")
    for year, value in ((2021, 2.6e9), (2022, 2.7e9), (2023, 2.9e9)):
        ObservationFactory(indicator=received, country=sen, year=year, value=value)
    ObservationFactory(indicator=paid, country=sen, year=2023, value=4.0e8)
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK", source="UN DESA")
    for year, value in ((2010, 200000), (2015, 250000), (2020, 275000)):
        ObservationFactory(indicator=stock, country=sen, year=year, value=value)
    cost = IndicatorFactory(code="ATCR.CORR", source="World Bank RPW")
    fra = Country.objects.get(iso3="FRA")
    for period, value in (("2020-Q1", 8.5), ("2020-Q3", 7.9)):
        ObservationFactory(
            indicator=cost, country=fra, counterpart=sen, period=period, year=2020, value=value
        )
    cost_averages_recompute()
    return sen


def test_flows_migrant_stock_and_costs_each_have_a_chart_with_its_own_title(client, sen):
    html = client.get("/countries/SEN/").content.decode()
    drawn = charts(html)
    titles = [re.search(r'<title id="([^"]+)">([^<]+)</title>', c).groups() for c in drawn]
    assert [t[1] for t in titles] == [
        "International migrant stock, persons",
        "Personal remittances, current US$",
        "Average cost of sending USD 200 to the country",
    ]
    assert len({t[0] for t in titles}) == 3  # one id per chart: each is named by its own
    for chart in drawn:
        assert 'role="img"' in chart and "<desc id=" in chart
    # The tables beneath give the values charted (hand-written above).
    assert "275,000" in html and "2,900,000,000" in html and "7.90 %" in html


def test_one_point_is_no_trend(client, sen):
    Country.objects.get(iso3="MLI")
    ObservationFactory(
        indicator=IndicatorFactory(code="BX.TRF.PWKR.CD.DT"),
        country=Country.objects.get(iso3="MLI"),
        year=2023,
        value=1.0e9,
    )
    html = client.get("/countries/MLI/").content.decode()
    assert charts(html) == []


def test_charts_speak_the_readers_language(client, sen):
    html = client.get("/countries/SEN/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert ">Envois de fonds personnels, US$ courants</title>" in html
    assert ">Stock de migrants internationaux, personnes</title>" in html
