"""Derived migration indicators: nationals abroad, shares of population, growth."""

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.models import Observation, StatisticalArea
from imdi_portal.stats.services import indicators_recompute
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def value(code: str, area: str, year: int) -> float:
    return Observation.objects.get(
        indicator__code=code, area_code=area, counterpart_code="", period=str(year)
    ).value


@pytest.fixture
def stocks():
    stock = IndicatorFactory(code="UNDESA.MIGSTOCK")
    population = IndicatorFactory(code="SP.POP.TOTL")
    phl, usa, can = (Country.objects.get(iso3=c) for c in ("PHL", "USA", "CAN"))
    for year, in_usa, in_can in (
        (2005, 1000.0, 400.0),
        (2010, 1500.0, 500.0),
        (2015, 2000.0, 600.0),
    ):
        ObservationFactory(indicator=stock, country=usa, counterpart=phl, year=year, value=in_usa)
        ObservationFactory(indicator=stock, country=can, counterpart=phl, year=year, value=in_can)
        ObservationFactory(indicator=population, country=phl, year=year, value=100_000.0)
    # A regional aggregate reporting the same people must not be counted again.
    world = StatisticalArea.objects.get(code="900")
    Observation.objects.create(
        indicator=stock,
        area_code="900",
        area=world,
        counterpart_code="PHL",
        counterpart=phl,
        period="2015",
        year=2015,
        value=9999.0,
        source="test",
    )
    ObservationFactory(indicator=stock, country=usa, year=2015, value=50_000.0)  # all origins
    ObservationFactory(indicator=population, country=usa, year=2015, value=1_000_000.0)


def test_nationals_abroad_shares_and_growth(stocks):
    indicators_recompute()
    assert value("IMDI.MIGSTOCK.ABROAD", "PHL", 2015) == 2600.0  # 2,000 + 600, not the world row
    assert value("IMDI.MIGSTOCK.EMI.PT", "PHL", 2015) == pytest.approx(2.6)
    assert value("IMDI.MIGSTOCK.IMM.PT", "USA", 2015) == pytest.approx(5.0)
    assert value("IMDI.MIGSTOCK.ABROAD.GR5", "PHL", 2015) == pytest.approx(100 * (2600 / 2000 - 1))
    assert value("IMDI.MIGSTOCK.ABROAD.GR10", "PHL", 2015) == pytest.approx(100 * (2600 / 1400 - 1))
    pair = Observation.objects.get(
        indicator__code="IMDI.MIGSTOCK.GR10", area_code="USA", counterpart_code="PHL"
    )
    assert (pair.period, pair.value) == ("2015", pytest.approx(100.0))
    assert not Observation.objects.filter(
        indicator__code="IMDI.MIGSTOCK.ABROAD.GR10", period="2010"
    ).exists()  # no 2000 value to compare with


def test_recompute_is_idempotent(stocks):
    indicators_recompute()
    first = Observation.objects.filter(indicator__is_derived=True).count()
    indicators_recompute(only=["IMDI.MIGSTOCK.EMI.PT", "IMDI.MIGSTOCK.ABROAD"])
    assert Observation.objects.filter(indicator__is_derived=True).count() == first
