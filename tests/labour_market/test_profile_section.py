"""The labour market section of the country profile."""

import pytest

from imdi_portal.models import Country
from tests.imdi_portal.factories import IndicatorFactory, ObservationFactory
from tests.labour_market.factories import ShortageEntryFactory

pytestmark = pytest.mark.django_db


def test_stocks_top_partners_and_shortage_lists(client):
    phl = Country.objects.get(iso3="PHL")
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK")
    ObservationFactory(indicator=stock, country=phl, year=2015, value=211862)  # all origins
    ObservationFactory(
        indicator=stock,
        country=phl,
        counterpart=Country.objects.get(iso3="CHN"),
        year=2015,
        value=35952,
    )
    for iso3, value in (("USA", 1896031), ("CAN", 545321)):
        ObservationFactory(
            indicator=stock,
            country=Country.objects.get(iso3=iso3),
            counterpart=phl,
            year=2015,
            value=value,
        )
    ShortageEntryFactory(shortage_list__country=phl, shortage_list__title="Nurses wanted")
    html = client.get("/countries/PHL/").content.decode()
    assert "211,862" in html and "China" in html  # immigrants and their main origin
    assert "2,441,352" in html  # nationals abroad: 1,896,031 + 545,321
    assert html.index("United States") < html.index("Canada")
    assert "Nurses wanted" in html


def test_a_country_without_figures_says_so(client):
    html = client.get("/countries/SEN/").content.decode()
    assert "No labour market, skills or migrant stock figures have been loaded" in html
