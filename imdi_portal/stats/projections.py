"""Projections of observed annual series, five years ahead.

Method (documented on the pages that show projections):
- a series is one indicator for one area (and counterpart, sex, age, breakdown), annual
  periods only; it is projected when it has at least MIN_YEARS observed years, all positive;
- the trend is fitted on its most recent BASE_YEARS observed years at most, by ordinary least
  squares on the natural logarithm: ln(value) = a + b * year, i.e. constant growth;
- the projection for year x is exp(a + b * x), for the HORIZON years after the last
  observation; its 95 % prediction interval is exp(ln-estimate ± t * s * sqrt(1 + 1/n +
  (x - mean year)^2 / Sxx)), with s the residual standard error and t Student's 97.5 %
  quantile with n - 2 degrees of freedom.
Projections live in their own table (Projection) and are labelled as such wherever shown.
"""

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from imdi_portal.core.cache import statistics_changed
from imdi_portal.stats.models import Indicator, Observation, Projection

MIN_YEARS = 8
BASE_YEARS = 20
HORIZON = 5
METHOD = "log-linear trend (OLS on ln value), 95% prediction interval"
# Student's t, 97.5 % quantile, by degrees of freedom (standard tables).
T_975 = {
    6: 2.447,
    7: 2.365,
    8: 2.306,
    9: 2.262,
    10: 2.228,
    11: 2.201,
    12: 2.179,
    13: 2.160,
    14: 2.145,
    15: 2.131,
    16: 2.120,
    17: 2.110,
    18: 2.101,
}


@dataclass(frozen=True)
class Projected:
    year: int
    value: float
    lower: float
    upper: float


def project(points: list[tuple[int, float]]) -> list[Projected]:
    """The HORIZON projected years of one series of (year, value), or [] if it has too few
    years or a value that is not positive (no logarithm)."""
    points = sorted(points)[-BASE_YEARS:]
    n = len(points)
    if n < MIN_YEARS or any(v <= 0 for _, v in points):
        return []
    xs = [float(year) for year, _ in points]
    ys = [math.log(value) for _, value in points]
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    sse = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    s = math.sqrt(sse / (n - 2))
    t = T_975[n - 2]
    last = int(xs[-1])
    result = []
    for year in range(last + 1, last + HORIZON + 1):
        estimate = intercept + slope * year
        margin = t * s * math.sqrt(1 + 1 / n + (year - mean_x) ** 2 / sxx)
        result.append(
            Projected(
                year, math.exp(estimate), math.exp(estimate - margin), math.exp(estimate + margin)
            )
        )
    return result


def _series(
    indicator_ids: list[int],
) -> Iterator[tuple[tuple, int | None, list[tuple[int, float]]]]:
    rows = (
        Observation.objects.filter(indicator_id__in=indicator_ids, period__regex=r"^\d{4}$")
        .order_by(
            "indicator_id", "area_code", "counterpart_code", "sex", "age", "classification", "year"
        )
        .values_list(
            "indicator_id",
            "area_code",
            "counterpart_code",
            "sex",
            "age",
            "classification",
            "country_id",
            "year",
            "value",
        )
        .iterator(chunk_size=5000)
    )
    key, country, points = None, None, []
    for *series, country_id, year, value in rows:
        series = tuple(series)
        if series != key:
            if key is not None:
                yield key, country, points
            key, country, points = series, country_id, []
        points.append((year, value))
    if key is not None:
        yield key, country, points


def projections_recompute(*, only: Iterable[str] | None = None) -> int:
    """Replace the projections of the named indicators (all when None); returns how many
    projected values were written."""
    indicators = Indicator.objects.all()
    if only is not None:
        indicators = indicators.filter(code__in=list(only))
    ids = list(indicators.values_list("pk", flat=True))
    now = timezone.now()
    written = 0
    with transaction.atomic():
        Projection.objects.filter(indicator_id__in=ids).delete()
        batch: list[Projection] = []
        for (
            indicator_id,
            area,
            counterpart,
            sex,
            age,
            classification,
        ), country_id, points in _series(ids):
            projected = project(points)
            if not projected:
                continue
            base = sorted(points)[-BASE_YEARS:]
            for p in projected:
                batch.append(
                    Projection(
                        indicator_id=indicator_id,
                        area_code=area,
                        country_id=country_id,
                        counterpart_code=counterpart,
                        sex=sex,
                        age=age,
                        classification=classification,
                        year=p.year,
                        value=p.value,
                        lower=p.lower,
                        upper=p.upper,
                        method=METHOD,
                        base_first_year=base[0][0],
                        base_last_year=base[-1][0],
                        base_points=len(base),
                        computed_at=now,
                    )
                )
            if len(batch) >= 5000:
                Projection.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        Projection.objects.bulk_create(batch)
        written += len(batch)
        statistics_changed()
    return written
