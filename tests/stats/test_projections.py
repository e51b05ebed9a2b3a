"""Projections: the method on known series, and how they are kept apart from observations."""

import math
import statistics

import pytest

from imdi_portal.stats.models import Indicator, Observation, Projection
from imdi_portal.stats.projections import HORIZON, project, projections_recompute
from tests.imdi_portal.factories import CountryFactory

T_975_DF8 = 2.306  # Student's t, 97.5 %, 8 degrees of freedom (any statistics table)


def test_constant_growth_is_continued_exactly_with_no_uncertainty():
    points = [(2010 + i, 100 * 1.05**i) for i in range(10)]
    projected = project(points, kind="amount")
    assert [p.year for p in projected] == list(range(2020, 2020 + HORIZON))
    for p in projected:
        expected = 100 * 1.05 ** (p.year - 2010)
        assert p.value == pytest.approx(expected, rel=1e-9)
        assert p.lower == pytest.approx(expected, rel=1e-9)
        assert p.upper == pytest.approx(expected, rel=1e-9)


def test_noisy_series_matches_an_independent_regression_and_widens_ahead():
    values = [50, 53, 55, 61, 60, 66, 70, 69, 77, 80]
    points = [(2000 + i, v) for i, v in enumerate(values)]
    years = [y for y, _ in points]
    logs = [math.log(v) for _, v in points]
    slope, intercept = statistics.linear_regression(years, logs)
    residuals = [y - (intercept + slope * x) for x, y in zip(years, logs, strict=True)]
    s = math.sqrt(sum(r * r for r in residuals) / (len(points) - 2))
    mean_x = statistics.fmean(years)
    sxx = sum((x - mean_x) ** 2 for x in years)
    projected = project(points, kind="count")
    first = projected[0]
    # Anchored: the fitted slope, from the last observation (80 in 2009), not from the line.
    assert first.value == pytest.approx(math.exp(math.log(80) + slope))
    margin = T_975_DF8 * s * math.sqrt(1 + 1 / 10 + (2010 - mean_x) ** 2 / sxx)
    assert first.upper == pytest.approx(math.exp(math.log(80) + slope + margin))
    widths = [p.upper - p.lower for p in projected]
    assert widths == sorted(widths) and widths[0] < widths[-1]
    assert all(p.lower < p.value < p.upper for p in projected)


@pytest.mark.parametrize(
    "points",
    [
        [(2010 + i, 10.0 + i) for i in range(7)],  # too few years
        [(2010 + i, float(i)) for i in range(10)],  # a zero: no logarithm
    ],
)
def test_series_that_cannot_be_projected_give_nothing(points):
    assert project(points, kind="count") == []


@pytest.mark.django_db
def test_recompute_writes_projections_apart_from_observations():
    country = CountryFactory()
    indicator = Indicator.objects.create(
        code="TEST.IND", name_en="Test", source="test", kind=Indicator.Kind.COUNT
    )
    short = Indicator.objects.create(
        code="TEST.SHORT", name_en="Short", source="test", kind=Indicator.Kind.COUNT
    )
    for i in range(9):
        for ind in (indicator, short):
            if ind is short and i > 4:
                continue
            Observation.objects.create(
                indicator=ind,
                area_code=country.iso3,
                country=country,
                period=str(2010 + i),
                year=2010 + i,
                value=100 + 10 * i,
                source="test",
            )
    written = projections_recompute()
    assert written == HORIZON
    projected = Projection.objects.filter(indicator=indicator).order_by("year")
    assert [p.year for p in projected] == [2019, 2020, 2021, 2022, 2023]
    assert projected[0].base_points == 9 and projected[0].country == country
    assert not Projection.objects.filter(indicator=short).exists()
    assert Observation.objects.filter(year__gte=2019).count() == 0  # nothing mixed in
    # Recomputing replaces, never duplicates.
    assert projections_recompute(only=["TEST.IND"]) == HORIZON
    assert Projection.objects.count() == HORIZON
