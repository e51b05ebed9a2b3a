"""The bilateral page: nationals of an origin living in a destination, over time."""

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.services import indicators_recompute
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def philippines_in_usa():
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK")
    phl, usa = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="USA")
    for year, value, total in (
        (2005, 1_600_000.0, 40e6),
        (2010, 1_840_000.0, 44e6),
        (2015, 2_000_000.0, 47e6),
    ):
        ObservationFactory(indicator=stock, country=usa, counterpart=phl, year=year, value=value)
        ObservationFactory(indicator=stock, country=usa, year=year, value=total)
    ObservationFactory(
        indicator=stock, country=usa, counterpart=phl, year=2015, sex="F", value=1_200_000.0
    )
    indicators_recompute()


def test_stock_over_time_share_growth_and_chart(client, philippines_in_usa):
    response = client.get("/labour-market/bilateral/PHL/USA/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "International migrants from Philippines living in United States" in html
    assert "Nationals" not in html  # UN DESA counts mostly by country of birth
    assert "https://www.un.org/development/desa/pd/content/international-migrant-stock" in html
    table = response.context["table"]
    assert [r["year"] for r in table] == [2005, 2010, 2015]
    assert table[-1]["share"] == pytest.approx(100 * 2_000_000 / 47e6)
    assert table[-1]["growth5"] == pytest.approx(100 * (2_000_000 / 1_840_000 - 1))
    assert table[-1]["growth10"] == pytest.approx(25.0)
    assert '<svg class="chart"' in html and "Both sexes" in html and "Women" in html
    assert "2,000,000" in html


def test_bad_pairs(client, philippines_in_usa):
    assert client.get("/labour-market/bilateral/PHL/ZZZ/").status_code == 404
    assert client.get("/labour-market/bilateral/phl/usa/").status_code == 302
    empty = client.get("/labour-market/bilateral/SEN/NOR/").content.decode()
    assert (
        "No migrant stock of international migrants from Senegal (born there, for most "
        "destinations) in Norway has been loaded" in empty
    )
