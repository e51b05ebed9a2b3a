"""The indicator explorer: one indicator, chosen areas and breakdowns, as chart and table.

Reads the same selector and FilterSet as /api/v1/observations/, so that the page, its CSV
download and the API always agree.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from imdi_portal.stats.breakdowns import age_label, breakdown_label
from imdi_portal.stats.charts import Series, line_chart
from imdi_portal.stats.models import Indicator, Observation, Projection
from imdi_portal.stats.models.store import Sex

MAX_TABLE_ROWS = 2000
MAX_CSV_ROWS = 200_000
MAX_OPTIONS = 200
CSV_COLUMNS = [
    "indicator",
    "area_code",
    "area_name",
    "counterpart_code",
    "period",
    "sex",
    "age",
    "classification",
    "value",
    "status",
    "source",
    "vintage",
]


def series_key(row: Any) -> tuple[str, str, str, str, str]:
    return (row.area_code, row.counterpart_code, row.sex, row.age, row.classification)


def series_label(obs: Observation) -> str:
    parts = [obs.area_name]
    if obs.counterpart_code:
        parts.append(_("from %(origin)s") % {"origin": obs.counterpart_name})
    if obs.sex != Sex.TOTAL:
        parts.append(str(obs.get_sex_display()))
    if obs.age:
        parts.append(age_label(obs.age))
    if obs.classification:
        parts.append(breakdown_label(obs.classification))
    return ", ".join(parts)


def breakdown_options(indicator: Indicator) -> dict[str, list[str]]:
    """The sexes, ages and breakdowns present for an indicator (for the explorer's form)."""
    rows = Observation.objects.filter(indicator=indicator).order_by()
    return {
        "sexes": sorted(rows.values_list("sex", flat=True).distinct()),
        "ages": sorted(rows.values_list("age", flat=True).distinct()[:MAX_OPTIONS]),
        "classifications": sorted(
            rows.values_list("classification", flat=True).distinct()[:MAX_OPTIONS]
        ),
    }


def explore(queryset: QuerySet[Observation], indicator: Indicator) -> dict[str, Any]:
    """Chart, table rows and projections of the observations selected by the filters."""
    rows = list(queryset[: MAX_TABLE_ROWS + 1])
    truncated = len(rows) > MAX_TABLE_ROWS
    rows = rows[:MAX_TABLE_ROWS]
    grouped: dict[tuple, Series] = {}
    for obs in rows:
        if len(obs.period) != 4:
            continue  # the chart shows annual values; the table lists every period
        key = series_key(obs)
        if key not in grouped:
            grouped[key] = Series(label=series_label(obs), points=[])
        grouped[key].points.append((obs.year, obs.value))
    charted = dict(list(grouped.items())[:8])
    projections = _projections(indicator, charted)
    for key, items in projections.items():
        charted[key].projection = [(p.year, p.value, p.lower, p.upper) for p in items]
    years = [y for s in charted.values() for y, _v in s.points]
    description = _(
        "Line chart of %(indicator)s for %(series)s, %(first)s to %(last)s. The table "
        "below gives every value."
    ) % {
        "indicator": indicator.name,
        "series": "; ".join(s.label for s in charted.values()),
        "first": min(years) if years else "",
        "last": max(years) if years else "",
    }
    return {
        "rows": rows,
        "truncated": truncated,
        "chart": line_chart(list(charted.values()), title=indicator.name, description=description),
        "series_count": len(grouped),
        "charted_count": len(charted),
        "projections": [
            (charted[key].label, p) for key, items in projections.items() for p in items
        ],
    }


def _projections(indicator: Indicator, charted: dict[tuple, Series]) -> dict[tuple, list]:
    if not charted:
        return {}
    areas = {key[0] for key in charted}
    found: dict[tuple, list] = {}
    for p in Projection.objects.filter(indicator=indicator, area_code__in=areas).order_by("year"):
        key = series_key(p)
        if key in charted:
            found.setdefault(key, []).append(p)
    return found


def csv_rows(queryset: QuerySet[Observation]) -> Iterator[list[Any]]:
    """The selection's rows for the CSV download, read in chunks (capped at MAX_CSV_ROWS);
    the header is CSV_COLUMNS and imdi_portal.core.downloads writes the cells."""
    for obs in queryset[:MAX_CSV_ROWS].iterator(chunk_size=2000):
        yield [
            obs.indicator.code,
            obs.area_code,
            obs.area_name,
            obs.counterpart_code,
            obs.period,
            obs.sex,
            obs.age,
            obs.classification,
            obs.value,
            obs.status,
            obs.source,
            obs.vintage,
        ]


def map_selection(queryset: QuerySet[Observation], year: int | None) -> dict[str, Any]:
    """Country-level values of one year for the world map: the chosen year or the latest, and
    one series per country (the breakdown with the most countries unless one was chosen)."""
    country_rows = queryset.filter(
        country__isnull=False, counterpart_code="", period__regex=r"^\d{4}$"
    )
    if year is None:
        year = country_rows.order_by().aggregate(latest=Max("year"))["latest"]
    if year is None:
        return {"year": None, "rows": []}
    rows = list(country_rows.filter(year=year).order_by("-value"))
    combos: dict[tuple[str, str, str], int] = {}
    for obs in rows:
        key = (obs.sex, obs.age, obs.classification)
        combos[key] = combos.get(key, 0) + 1
    chosen = max(combos, key=lambda key: (combos[key], *_totals_first(key)), default=None)
    rows = [o for o in rows if (o.sex, o.age, o.classification) == chosen]
    return {
        "year": year,
        "rows": rows,
        "sex": chosen[0] if chosen else "",
        "age": chosen[1] if chosen else "",
        "classification": chosen[2] if chosen else "",
        "other_breakdowns": len(combos) - 1,
    }


def _totals_first(key: tuple[str, str, str]) -> tuple[bool, bool, bool]:
    """Among breakdowns covering as many countries, prefer both sexes, all ages, national."""
    sex, age, classification = key
    return (
        sex == Sex.TOTAL,
        age == "" or age.endswith(("_TOTAL", "_YGE15")),
        classification == "" or "_NAT" in classification or "TOTAL" in classification,
    )
