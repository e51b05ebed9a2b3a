"""Remittance costs as the World Bank computes them (issue 20): the global average of the
services surveyed, SmaRT, World Bank regions, the matched-sample trend and sample services
kept off real corridors. Every expected value is worked out by hand in the comments."""

from decimal import Decimal

import pytest

from remittances.costs import cost_averages_recompute
from remittances.models import CostAverage, Speed
from remittances.selectors import sdg_dashboard
from tests.imdi_portal.factories import CountryFactory
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

Scope, Basis = CostAverage.Scope, CostAverage.Basis


def service(sending, receiving, total, **kwargs):
    """A transparent service whose total cost for USD 200 is `total` % (fee + 1 % margin)."""
    return RemittanceServiceFactory(
        sending=sending, receiving=receiving, fee_200=Decimal(str(total)) - 1, **kwargs
    )


def published(sending, receiving, period, value):
    """A World Bank corridor average (ATCR.CORR) for one quarter."""
    return ObservationFactory(
        indicator=IndicatorFactory(code="ATCR.CORR"),
        country=sending,
        counterpart=receiving,
        period=period,
        year=int(period[:4]),
        value=value,
    )


def average(scope, key="", basis=Basis.PROVIDER, period="2020-Q3"):
    return CostAverage.objects.get(scope=scope, key=key, basis=basis, amount=200, period=period)


def test_global_average_of_services_differs_from_the_average_of_corridors():
    a, b, c = CountryFactory(), CountryFactory(), CountryFactory()
    for total in (2, 4, 6):  # corridor a -> b: three services, average 4 %
        service(a, b, total)
    service(a, c, 10)  # corridor a -> c: one service, 10 %
    # Published corridor averages only, on other corridors: 4 % and 10 %.
    d, e, f = CountryFactory(), CountryFactory(), CountryFactory()
    published(d, e, "2020-Q3", 4.0)
    published(d, f, "2020-Q3", 10.0)
    cost_averages_recompute()

    provider = average(Scope.GLOBAL)
    # Every service counts once: (2 + 4 + 6 + 10) / 4 = 5.5, not (4 + 10) / 2 = 7.
    assert provider.value == pytest.approx(5.5)
    assert (provider.services, provider.corridors, provider.corridors_above_5) == (4, 2, 1)
    # With corridor averages only, the average of the corridors: (4 + 10) / 2 = 7.
    corridor = average(Scope.GLOBAL, basis=Basis.CORRIDOR)
    assert corridor.value == pytest.approx(7.0)
    assert (corridor.corridors, corridor.services) == (2, 0)
    # The sending country's average is of its services too: (2 + 4 + 6 + 10) / 4.
    assert average(Scope.SENDING, a.iso3).value == pytest.approx(5.5)


def test_smart_averages_the_three_cheapest_services_meeting_the_criteria():
    a, b, c = CountryFactory(), CountryFactory(), CountryFactory()
    # Five services, two of which fail: one hides its exchange rate, one takes 6+ days.
    service(a, b, 2, transparent=False)
    service(a, b, 3, speed=Speed.SIX_PLUS)
    service(a, b, 4, speed=Speed.SAME_DAY)
    service(a, b, 5, speed=Speed.THREE_TO_FIVE)
    service(a, b, 7, speed=Speed.NEXT_DAY)
    # A second corridor: four qualifying services (only the three cheapest count) and one
    # whose speed is not recorded (it fails).
    service(a, c, 1, speed="")
    for total in (2, 3, 4, 9):
        service(a, c, total, speed=Speed.MINUTES)
    cost_averages_recompute()

    smart = average(Scope.SMART, f"{a.iso3}-{b.iso3}")
    assert smart.value == pytest.approx((4 + 5 + 7) / 3)
    assert (smart.services, smart.corridors_above_5) == (3, 1)  # 5.33 % > 5 %
    other = average(Scope.SMART, f"{a.iso3}-{c.iso3}")
    assert other.value == pytest.approx((2 + 3 + 4) / 3)
    assert other.services == 3
    # The Global SmaRT Average: the simple average of the corridors' SmaRT.
    world = average(Scope.GLOBAL_SMART)
    assert world.value == pytest.approx(((4 + 5 + 7) / 3 + (2 + 3 + 4) / 3) / 2)
    assert world.corridors == 2
    # SmaRT is for USD 200 only.
    assert not CostAverage.objects.filter(scope=Scope.SMART, amount=500).exists()


def test_a_corridor_with_fewer_qualifying_services_averages_those_it_has():
    a, b, c = CountryFactory(), CountryFactory(), CountryFactory()
    service(a, b, 2, speed=Speed.SAME_DAY)
    service(a, b, 6, speed=Speed.TWO_DAYS)
    service(a, c, 3, speed=Speed.SIX_PLUS)  # nothing qualifies in a -> c
    cost_averages_recompute()
    smart = average(Scope.SMART, f"{a.iso3}-{b.iso3}")
    assert (smart.value, smart.services) == (pytest.approx(4.0), 2)
    assert not CostAverage.objects.filter(scope=Scope.SMART, key=f"{a.iso3}-{c.iso3}").exists()


def test_regional_averages_by_world_bank_region_and_by_m49():
    a = CountryFactory()
    south_1 = CountryFactory(wb_region="South Asia")
    south_2 = CountryFactory(wb_region="South Asia", sub_region=south_1.region)
    africa = CountryFactory(wb_region="Sub-Saharan Africa")
    south_1.sub_region = south_1.region
    south_1.save()
    service(a, south_1, 2)
    service(a, south_1, 4)
    service(a, south_2, 10)
    service(a, africa, 8)
    e, f = CountryFactory(), CountryFactory(wb_region="South Asia")
    published(e, f, "2020-Q3", 6.0)
    published(e, south_2, "2020-Q3", 9.0)
    cost_averages_recompute()

    # Provider level: the services into South Asia, (2 + 4 + 10) / 3 = 5.33 (the average of
    # its two corridors would be (3 + 10) / 2 = 6.5).
    south = average(Scope.WB_REGION, "South Asia")
    assert south.value == pytest.approx(16 / 3)
    assert (south.corridors, south.services, south.corridors_above_5) == (2, 3, 1)
    assert average(Scope.WB_REGION, "Sub-Saharan Africa").value == pytest.approx(8)
    # Published corridor averages: the corridors into South Asia, (6 + 9) / 2.
    assert average(Scope.WB_REGION, "South Asia", Basis.CORRIDOR).value == pytest.approx(7.5)
    # The UN M49 view is kept: both South Asian countries share one test sub-region.
    m49 = average(Scope.REGION, south_1.region.code)
    assert m49.value == pytest.approx(16 / 3)

    data = sdg_dashboard(basis=Basis.PROVIDER)
    assert [(r["name"], round(r["row"].value, 2)) for r in data["regions"]] == [
        ("Sub-Saharan Africa", 8.0),
        ("South Asia", 5.33),
    ]
    m49_view = sdg_dashboard(basis=Basis.PROVIDER, regions="m49")
    assert [r["name"] for r in m49_view["regions"]] == [south_1.region.name]


def test_trend_compares_only_the_corridors_surveyed_in_both_quarters():
    a, b, c, d = (CountryFactory() for _ in range(4))
    published(a, b, "2020-Q1", 8.0)
    published(a, b, "2020-Q3", 6.0)
    published(a, c, "2020-Q1", 10.0)
    published(a, c, "2020-Q3", 7.0)
    published(a, d, "2020-Q3", 1.0)  # surveyed in the latest quarter only
    cost_averages_recompute()

    data = sdg_dashboard(basis=Basis.CORRIDOR)
    # Headline: (6 + 7 + 1) / 3 = 4.67 against (8 + 10) / 2 = 9 in the first quarter, which
    # would make -4.33; on the matched corridors: (6 + 7) / 2 - (8 + 10) / 2 = -2.5.
    assert data["latest"].value == pytest.approx(14 / 3)
    change = data["change"]
    assert (change.first_period, change.latest_period, change.corridors) == (
        "2020-Q1",
        "2020-Q3",
        2,
    )
    assert (change.first_value, change.latest_value) == (pytest.approx(9), pytest.approx(6.5))
    assert change.change == pytest.approx(-2.5)


def test_matched_trend_with_provider_data_averages_the_services():
    a, b, c, d = (CountryFactory() for _ in range(4))
    for total in (2, 4):
        service(a, b, total, period="2020-Q1")
    service(a, b, 2)
    service(a, c, 10, period="2020-Q1")
    for total in (6, 4):
        service(a, c, total)
    service(a, d, 20)  # the latest quarter only
    cost_averages_recompute()
    change = sdg_dashboard(basis=Basis.PROVIDER)["change"]
    # First quarter: (2 + 4 + 10) / 3 = 5.33; latest, same corridors: (2 + 6 + 4) / 3 = 4.
    assert change.corridors == 2
    assert change.first_value == pytest.approx(16 / 3)
    assert change.latest_value == pytest.approx(4)
    assert change.change == pytest.approx(4 - 16 / 3)


def test_sample_services_never_count_on_a_real_corridor():
    a, b, c = CountryFactory(), CountryFactory(), CountryFactory()
    published(a, b, "2020-Q3", 6.0)  # a -> b is real: the World Bank surveys it
    service(a, b, 5, firm="Surveyed")
    service(a, b, 1, firm="Sample Cheap", is_sample=True, firm_type="bank")
    # a -> c is real through a surveyed service in another quarter.
    service(a, c, 8, period="2020-Q2")
    service(a, c, 1, is_sample=True)
    cost_averages_recompute()

    corridor = average(Scope.CORRIDOR, f"{a.iso3}-{b.iso3}")
    assert (corridor.value, corridor.services, corridor.has_sample) == (5.0, 1, False)
    # a -> c in 2020-Q3 has only its sample service: no average for that quarter.
    assert not CostAverage.objects.filter(
        scope=Scope.CORRIDOR, key=f"{a.iso3}-{c.iso3}", period="2020-Q3"
    ).exists()
    assert average(Scope.GLOBAL).value == pytest.approx(5.0)
    assert not CostAverage.objects.filter(scope=Scope.FIRM_TYPE, key="bank").exists()
    assert average(Scope.SMART, f"{a.iso3}-{b.iso3}").value == pytest.approx(5.0)


def test_sample_services_count_in_a_corridor_with_only_sample_data():
    a, b = CountryFactory(), CountryFactory()
    service(a, b, 3, is_sample=True)
    service(a, b, 5, is_sample=True)
    cost_averages_recompute()
    corridor = average(Scope.CORRIDOR, f"{a.iso3}-{b.iso3}")
    assert (corridor.value, corridor.has_sample) == (pytest.approx(4), True)
    assert average(Scope.GLOBAL).has_sample
