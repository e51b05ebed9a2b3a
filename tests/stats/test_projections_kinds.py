"""Projections by kind of indicator: bounded shares, no trend for balances, anchored on the
last observation, series breaks respected (issue 20, defect 4)."""

import math

import pytest

from imdi_portal.stats.models import Projection
from imdi_portal.stats.projections import LOG_LINEAR, LOGIT, project, projections_recompute
from tests.stats.factories import IndicatorFactory, ObservationFactory


def test_a_share_rising_by_two_points_a_year_is_never_projected_above_100():
    # 84, 86, ..., 98 % (2010-2017): a straight line would reach 100 % in 2018 and pass it.
    points = [(2010 + i, 84.0 + 2 * i) for i in range(8)]
    projected = project(points, kind="share")
    assert [p.year for p in projected] == [2018, 2019, 2020, 2021, 2022]
    assert all(98 < p.value < 100 for p in projected)
    assert all(0 < p.lower <= p.value <= p.upper < 100 for p in projected)


def test_a_share_on_an_exact_logistic_curve_is_continued_on_it():
    # logit(p) = 0.5 * (year - 2010): in 2018 it is 4, so p = 100 / (1 + e^-4) = 98.2014 %.
    points = [(2010 + i, 100 / (1 + math.exp(-0.5 * i))) for i in range(8)]
    first = project(points, kind="share")[0]
    assert first.value == pytest.approx(98.2014, abs=1e-4)
    assert first.lower == pytest.approx(first.value) and first.upper == pytest.approx(first.value)


@pytest.mark.parametrize("kind", ["balance", "rate", ""])
def test_balances_rates_and_unknown_kinds_get_no_projection(kind):
    # Net migration of a country, positive for years: a trend on logs would still be wrong.
    points = [(2016 + i, 100_000.0 + 10_000 * i) for i in range(8)]
    assert project(points, kind=kind) == []


def test_the_first_projected_year_continues_from_the_last_observation():
    # 5 % a year times a noise of 1.2 or 1/1.2 that does not tilt the fitted slope
    # (+ - - + + - - +): the slope is ln 1.05, the fitted line in 2017 is 100 * 1.05^7, but the
    # observation of 2017 is 1.2 times that. The next year continues from the observation:
    # 100 * 1.05^7 * 1.2 * 1.05 = 177.29, not from the line (147.75).
    noise = [1.2, 1 / 1.2, 1 / 1.2, 1.2, 1.2, 1 / 1.2, 1 / 1.2, 1.2]
    points = [(2010 + i, 100 * 1.05**i * noise[i]) for i in range(8)]
    first = project(points, kind="count")[0]
    assert first.year == 2018
    assert first.value == pytest.approx(100 * 1.05**8 * 1.2)
    assert first.value == pytest.approx(177.2946, abs=1e-3)
    assert first.lower < first.value < first.upper


def test_a_series_break_starts_the_fit_again():
    # Until 2014 the series measured something else (about 1,000); the value of 2015 is
    # flagged as a break, and from then on it grows by exactly 5 % a year from 100.
    before = [(2007 + i, 1000.0 + i) for i in range(8)]
    after = [(2015 + i, 100 * 1.05**i) for i in range(8)]
    projected = project(before + after, kind="amount", breaks=[2015])
    assert projected[0].year == 2023
    assert projected[0].value == pytest.approx(100 * 1.05**8)
    # With fewer than 8 years after the break there is nothing to fit.
    assert project(before + after[:7], kind="amount", breaks=[2015]) == []


@pytest.mark.django_db
def test_recompute_picks_the_method_by_kind_and_drops_projections_of_balances():
    net = IndicatorFactory(code="SM.POP.NETM", kind="balance")
    share = IndicatorFactory(code="TEST.SHARE", kind="share")
    stock = IndicatorFactory(code="TEST.STOCK", kind="count")
    first = ObservationFactory(indicator=net, year=2016, value=100_000.0)
    for indicator, values in (
        (net, [100_000.0 + 10_000 * i for i in range(8)]),
        (share, [84.0 + 2 * i for i in range(8)]),
        (stock, [1000.0 * 1.1**i for i in range(8)]),
    ):
        for i, value in enumerate(values):
            if indicator is net and i == 0:
                continue
            ObservationFactory(
                indicator=indicator, country=first.country, year=2016 + i, value=value
            )
    # A projection of net migration left over from before kinds were known.
    Projection.objects.create(
        indicator=net,
        area_code=first.area_code,
        year=2024,
        value=390_694,
        lower=1,
        upper=2,
        method="log-linear",
        base_first_year=2016,
        base_last_year=2023,
        base_points=8,
        computed_at=first.updated_at,
    )
    assert projections_recompute() == 10
    assert not Projection.objects.filter(indicator=net).exists()
    assert set(Projection.objects.filter(indicator=share).values_list("method", flat=True)) == {
        LOGIT
    }
    stocks = Projection.objects.filter(indicator=stock).order_by("year")
    assert {p.method for p in stocks} == {LOG_LINEAR}
    assert stocks[0].value == pytest.approx(1000 * 1.1**8)
    assert max(Projection.objects.filter(indicator=share).values_list("upper", flat=True)) < 100
