"""Projections of observed annual series, five years ahead, by what the indicator measures.

Method (documented on the pages that show projections and in the API):
- a series is one indicator for one area (and counterpart, sex, age, breakdown), annual
  periods only. How it may be projected depends on the indicator's kind (Indicator.Kind):
  * count, amount, index: a log-linear trend (constant growth), on values that are all
    positive: ln(value) = a + b * year;
  * share (bounded by 0 and 100 %): the same trend on the logit, ln(p / (100 - p)), on values
    strictly between 0 and 100; transformed back, the projection and its interval stay
    inside 0-100 %;
  * rate and balance (ratios and growth rates that can be negative, net migration, which
    changes sign), and an indicator of unknown kind: no projection. A log-linear trend is
    meaningless for them (net migration of Germany, 155,751 in 2023, came out at 390,694 the
    next year), and no other method has been validated here.
- series breaks: a value flagged "B" (ILOSTAT's break in series) starts a new series; only
  that year and the later ones are used;
- the trend is fitted by ordinary least squares on the transformed values of the most recent
  BASE_YEARS observed years at most, and needs MIN_YEARS of them;
- anchored: the fitted line is shifted to pass through the last observed value, so that the
  first projected year continues from the last observation rather than from the line;
  projected year x is g(z_last + b * (x - last year)), g the inverse transform;
- the 95 % interval is the OLS prediction interval of the fitted trend, moved with the line:
  z ± t * s * sqrt(1 + 1/n + (x - mean year)^2 / Sxx), s the residual standard error and t
  Student's 97.5 % quantile with n - 2 degrees of freedom, transformed back.
Limits: a trend says where the past leads, not what policy or events will do; it ignores
revisions to come, and the interval only covers the scatter of the past years around the
trend (not a change of trend). Projections live in their own table (Projection), are never
observations and are labelled as such wherever shown.
"""

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from imdi_portal.core.cache import statistics_changed
from imdi_portal.stats.models import Indicator, Observation, Projection
from imdi_portal.stats.models.store import ObservationStatus

MIN_YEARS = 8
BASE_YEARS = 20
HORIZON = 5
Kind = Indicator.Kind
# Stored with each projected value (Projection.method) and shown by the API.
LOG_LINEAR = "log-linear trend (OLS on ln value) anchored on the last observation, 95% interval"
LOGIT = "logit trend (OLS on ln(p/(100-p))) anchored on the last observation, 95% interval"
# The same in the reader's language, for the pages.
METHOD_LABELS = {
    LOG_LINEAR: gettext_lazy(
        "log-linear trend (least squares on the logarithm of the value), anchored on the last "
        "observation, 95 percent interval"
    ),
    LOGIT: gettext_lazy(
        "logit trend (least squares on ln(p/(100-p))), anchored on the last observation, "
        "95 percent interval"
    ),
}
METHODS = {
    Kind.COUNT: LOG_LINEAR,
    Kind.AMOUNT: LOG_LINEAR,
    Kind.INDEX: LOG_LINEAR,
    Kind.SHARE: LOGIT,
}
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


def method_for(kind: str) -> str:
    """The projection method of an indicator of this kind ("" when it is not projected)."""
    return METHODS.get(kind, "")


def method_label(method: str) -> str:
    """A stored method in the reader's language."""
    return str(METHOD_LABELS.get(method, method))


@dataclass(frozen=True)
class Projected:
    year: int
    value: float
    lower: float
    upper: float


def _transform(kind: str) -> tuple[Callable[[float], float], Callable[[float], float]] | None:
    if METHODS.get(kind) == LOG_LINEAR:
        return math.log, math.exp
    if kind == Kind.SHARE:
        return (lambda p: math.log(p / (100 - p))), (lambda z: 100 / (1 + math.exp(-z)))
    return None


def _in_domain(kind: str, value: float) -> bool:
    return 0 < value < 100 if kind == Kind.SHARE else value > 0


def base_points(
    points: list[tuple[int, float]], breaks: Iterable[int] = ()
) -> list[tuple[int, float]]:
    """The observed years a projection is fitted on: after the last series break (the year
    flagged as a break starts the new series), the most recent BASE_YEARS at most."""
    points = sorted(points)
    last_break = max(breaks, default=None)
    if last_break is not None:
        points = [(year, value) for year, value in points if year >= last_break]
    return points[-BASE_YEARS:]


def project(
    points: list[tuple[int, float]], *, kind: str, breaks: Iterable[int] = ()
) -> list[Projected]:
    """The HORIZON projected years of one series of (year, value) of an indicator of this
    kind, or [] when the kind is not projected, the series has too few years after its last
    break, or a value outside the transform's domain."""
    transform = _transform(kind)
    points = base_points(points, breaks)
    n = len(points)
    if transform is None or n < MIN_YEARS or not all(_in_domain(kind, v) for _, v in points):
        return []
    forward, back = transform
    xs = [float(year) for year, _ in points]
    ys = [forward(value) for _, value in points]
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
        # Anchored: the line through the last observation, with the fitted slope.
        estimate = ys[-1] + slope * (year - last)
        margin = t * s * math.sqrt(1 + 1 / n + (year - mean_x) ** 2 / sxx)
        result.append(
            Projected(year, back(estimate), back(estimate - margin), back(estimate + margin))
        )
    return result


@dataclass
class _Series:
    key: tuple
    country_id: int | None
    points: list[tuple[int, float]]
    breaks: list[int]


def _series(indicator_ids: list[int]) -> Iterator[_Series]:
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
            "status",
        )
        .iterator(chunk_size=5000)
    )
    current: _Series | None = None
    for *key, country_id, year, value, status in rows:
        key = tuple(key)
        if current is None or key != current.key:
            if current is not None:
                yield current
            current = _Series(key, country_id, [], [])
        current.points.append((year, value))
        if status == ObservationStatus.BREAK:
            current.breaks.append(year)
    if current is not None:
        yield current


def projections_recompute(*, only: Iterable[str] | None = None) -> int:
    """Replace the projections of the named indicators (all when None), each by the method of
    its kind (none for rates, balances and unknown kinds); returns how many projected values
    were written."""
    indicators = Indicator.objects.all()
    if only is not None:
        indicators = indicators.filter(code__in=list(only))
    kinds = dict(indicators.values_list("pk", "kind"))
    projected_ids = [pk for pk, kind in kinds.items() if method_for(kind)]
    now = timezone.now()
    written = 0
    with transaction.atomic():
        # Every old projection goes, also of an indicator whose kind is no longer projected.
        Projection.objects.filter(indicator_id__in=list(kinds)).delete()
        batch: list[Projection] = []
        for series in _series(projected_ids):
            indicator_id, area, counterpart, sex, age, classification = series.key
            kind = kinds[indicator_id]
            base = base_points(series.points, series.breaks)
            for p in project(series.points, kind=kind, breaks=series.breaks):
                batch.append(
                    Projection(
                        indicator_id=indicator_id,
                        area_code=area,
                        country_id=series.country_id,
                        counterpart_code=counterpart,
                        sex=sex,
                        age=age,
                        classification=classification,
                        year=p.year,
                        value=p.value,
                        lower=p.lower,
                        upper=p.upper,
                        method=method_for(kind),
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
