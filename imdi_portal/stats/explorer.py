"""The indicator explorer: one indicator, chosen areas and breakdowns, as chart and table.

Reads the same selector and FilterSet as /api/v1/observations/, so that the page, its CSV
download and the API always agree.
"""

from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Length
from django.http import QueryDict
from django.utils.translation import gettext as _

from imdi_portal.core.downloads import chunked
from imdi_portal.core.models import Country
from imdi_portal.stats.bilateral import (
    AREA,
    ONE,
    PUBLISHED,
    SUMMED,
    TOP,
    TOTAL,
    Choice,
    area_names,
    can_be_summed,
    counterpart_totals,
    indicator_roles,
    top_counterparts,
    top_rows,
)
from imdi_portal.stats.breakdowns import age_label, breakdown_label
from imdi_portal.stats.charts import COLOURS, Series, line_chart
from imdi_portal.stats.models import Indicator, Observation, Projection, StatisticalArea
from imdi_portal.stats.models.store import ObservationStatus, Sex

PAGE_SIZE = 100  # rows of the table per page
MAX_CSV_ROWS = 200_000
MAX_OPTIONS = 200
MAX_SERIES = len(COLOURS)  # lines of one chart
MAX_SERIES_COUNTED = 10_000
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
KEY_COLUMNS = ("area_code", "counterpart_code", "sex", "age", "classification")


def series_key(row: Any) -> tuple[str, str, str, str, str]:
    return (row.area_code, row.counterpart_code, row.sex, row.age, row.classification)


def series_label(obs: Observation) -> str:
    parts = [obs.area_name]
    if obs.counterpart_code:
        parts.append(_("counterpart: %(name)s") % {"name": obs.counterpart_name})
    parts.extend(_breakdown_words(obs.sex, obs.age, obs.classification))
    return ", ".join(parts)


def _breakdown_words(sex: str, age: str, classification: str) -> list[str]:
    words = []
    if sex != Sex.TOTAL and sex in Sex.values:
        words.append(str(Sex(sex).label))
    if age:
        words.append(age_label(age))
    if classification:
        words.append(breakdown_label(classification))
    return words


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


def selection_data(data: QueryDict, *, is_bilateral: bool, choice: Choice) -> QueryDict:
    """The ObservationFilter's parameters of the rows the explorer reads (and the API link):
    for bilateral data the chosen countries go to the side chosen, and a counterpart only
    counts when one counterpart was chosen."""
    data = data.copy()
    for name in ("page", "format"):
        data.pop(name, None)
    if not is_bilateral:
        return data
    # The picker sends one parameter per country, the codes field a comma-separated text.
    countries = ",".join(v for v in data.getlist("country") if v.strip())
    counterpart = choice.counterpart if choice.mode == ONE else ""
    for name in ("direction", "counterparts", "top", "counterpart", "country"):
        data.pop(name, None)
    area, other = (countries, counterpart) if choice.direction == AREA else (counterpart, countries)
    if area:
        data["country"] = area
    if other:
        data["counterpart"] = other
    return data


def annual(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    """Values of whole years (the chart's); the table lists every period."""
    return queryset.alias(period_length=Length("period")).filter(period_length=4)


def explore(
    queryset: QuerySet[Observation],
    indicator: Indicator,
    *,
    codes: list[str],
    page: str | None,
    choice: Choice | None = None,
) -> dict[str, Any]:
    """Charts, a page of the table, projections and notes of the selected observations.
    `choice` is the view of bilateral data (None for other indicators)."""
    if choice is None:
        return _explore_rows(queryset, indicator, codes=codes, page=page)
    roles = indicator_roles(indicator)
    if choice.mode == TOTAL:
        return _explore_totals(queryset, indicator, codes=codes, page=page, choice=choice)
    if choice.mode == TOP and not codes:
        return {
            "rows": [],
            "notes": [_("Choose at least one country to see its largest counterparts.")],
        }
    context: dict[str, Any] = {"roles": roles}
    if choice.mode == TOP:
        top = top_counterparts(queryset, choice=choice)
        queryset = top_rows(queryset, choice=choice, top=top)
    context.update(_explore_rows(queryset, indicator, codes=codes, page=page, choice=choice))
    if choice.mode == ONE and choice.counterpart not in area_names({choice.counterpart}):
        note = _("Unknown country code: %(code)s.") % {"code": choice.counterpart}
        context["notes"] = [note, *context["notes"]]
    return context


def selection_rows(
    queryset: QuerySet[Observation], *, choice: Choice | None
) -> QuerySet[Observation]:
    """The observations of the selection, for the table's pages and the CSV."""
    if choice is not None and choice.mode == TOP:
        return top_rows(queryset, choice=choice, top=top_counterparts(queryset, choice=choice))
    return queryset


def _page(items: Any, page: str | None) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(page)


def _explore_rows(
    queryset: QuerySet[Observation],
    indicator: Indicator,
    *,
    codes: list[str],
    page: str | None,
    choice: Choice | None = None,
) -> dict[str, Any]:
    table = _page(queryset, page)
    if not table.object_list:
        side = choice.side if choice else "area_code"
        return {"rows": [], "page": table, "notes": country_notes(codes, indicator, side, set())}
    if choice is None:
        charted, count, other = _free_series(queryset)
        charts = [("", charted)]
    else:
        charted, count, other, owners = _one_breakdown_series(queryset, indicator, choice)
        charts = _by_country(charted, owners) if choice.mode == TOP else [("", charted)]
    projections = _projections(indicator, charted)
    for key, items in projections.items():
        charted[key].projection = [(p.year, p.value, p.lower, p.upper) for p in items]
    side = choice.side if choice else "area_code"
    present = set()
    if codes:
        present = set(queryset.order_by().values_list(side, flat=True).distinct())
    return {
        "rows": table.object_list,
        "page": table,
        "charts": [_chart(indicator, heading, series) for heading, series in charts],
        "series_count": count,
        "charted_count": sum(min(len(series), MAX_SERIES) for _h, series in charts),
        "other_breakdowns": other,
        "projections": [
            (charted[key].label, p) for key, items in projections.items() for p in items
        ],
        "notes": country_notes(codes, indicator, side, present),
    }


def _free_series(queryset: QuerySet[Observation]) -> tuple[dict[tuple, Series], int, bool]:
    """The first series of the selection (any breakdown), as before bilateral views."""
    years = annual(queryset)
    keys = list(
        years.order_by(*KEY_COLUMNS).values_list(*KEY_COLUMNS).distinct()[:MAX_SERIES_COUNTED]
    )
    charted: dict[tuple, Series] = {}
    if keys:
        for obs in years.filter(_any_key(keys[:MAX_SERIES])):
            key = series_key(obs)
            if key not in charted:
                charted[key] = Series(label=series_label(obs), points=[])
            charted[key].points.append((obs.year, obs.value))
    return charted, len(keys), False


def _any_key(keys: list[tuple]) -> Q:
    when = Q(pk__in=[])
    for key in keys:
        when |= Q(**dict(zip(KEY_COLUMNS, key, strict=True)))
    return when


def _one_breakdown_series(
    queryset: QuerySet[Observation], indicator: Indicator, choice: Choice
) -> tuple[dict[tuple, Series], int, bool, dict[tuple, str]]:
    """One line per chosen country and counterpart, in the breakdown most values have (both
    sexes, all ages first) so that the chart compares like with like; with the name of the
    chosen country of each line."""
    years = annual(queryset).order_by()
    combos = {
        (r["sex"], r["age"], r["classification"]): r["n"]
        for r in years.values("sex", "age", "classification").annotate(n=Count("id"))
    }
    if not combos:
        return {}, 0, False, {}
    combo = _headline(combos)
    roles = indicator_roles(indicator)
    other_role = roles.counterpart if choice.direction == AREA else roles.area
    rows = years.filter(sex=combo[0], age=combo[1], classification=combo[2]).order_by(
        choice.side, choice.other, "period"
    )
    charted: dict[tuple, Series] = {}
    owners: dict[tuple, str] = {}
    for obs in rows.select_related("country", "area", "counterpart", "counterpart_area"):
        key = series_key(obs)
        if key not in charted:
            mine, theirs = _sides(obs, choice)
            label = _("%(country)s, %(role)s: %(other)s") % {
                "country": mine,
                "role": other_role,
                "other": theirs,
            }
            if choice.mode == TOP:
                label = theirs
            words = _breakdown_words(*combo)
            charted[key] = Series(label=", ".join([label, *words]), points=[])
            owners[key] = mine
        charted[key].points.append((obs.year, obs.value))
    return charted, len(charted), len(combos) > 1, owners


def _sides(obs: Observation, choice: Choice) -> tuple[str, str]:
    if choice.direction == AREA:
        return obs.area_name, obs.counterpart_name
    return obs.counterpart_name, obs.area_name


def _by_country(
    charted: dict[tuple, Series], owners: dict[tuple, str]
) -> list[tuple[str, dict[tuple, Series]]]:
    """One chart per chosen country (its largest counterparts: up to 8 lines each)."""
    charts: dict[str, dict[tuple, Series]] = {}
    for key, series in charted.items():
        charts.setdefault(owners[key], {})[key] = series
    return list(charts.items())


def _headline(combos: dict[tuple[str, str, str], int]) -> tuple[str, str, str]:
    return max(combos, key=lambda key: (*_totals_first(key), combos[key]))


def _explore_totals(
    queryset: QuerySet[Observation],
    indicator: Indicator,
    *,
    codes: list[str],
    page: str | None,
    choice: Choice,
) -> dict[str, Any]:
    """The total of each chosen country's counterparts: one line per country."""
    totals = counterpart_totals(queryset, indicator=indicator, choice=choice)
    notes = country_notes(
        codes,
        indicator,
        choice.side,
        {t.code for t in totals},
        summable=can_be_summed(indicator),
    )
    context: dict[str, Any] = {
        "totals": True,
        "roles": indicator_roles(indicator),
        "page": _page(totals, page),
        "notes": notes,
        "summed": any(t.method == SUMMED for t in totals),
        "published": any(t.method == PUBLISHED for t in totals),
    }
    context["rows"] = context["page"].object_list
    whole_years = [t for t in totals if len(t.period) == 4]
    if not whole_years:
        return context
    combos: dict[tuple[str, str, str], int] = {}
    for t in whole_years:
        combos[t.combo] = combos.get(t.combo, 0) + 1
    combo = _headline(combos)
    charted: dict[tuple, Series] = {}
    words = _breakdown_words(*combo)
    for t in whole_years:
        if t.combo != combo:
            continue
        key = (t.code, "", *combo) if choice.direction == AREA else (t.code,)
        if key not in charted:
            charted[key] = Series(label=", ".join([t.name, *words]), points=[])
        charted[key].points.append((t.year, t.value))
    count = len(charted)
    charted = dict(list(charted.items())[:MAX_SERIES])
    projections = _projections(indicator, charted) if choice.direction == AREA else {}
    for key, items in projections.items():
        charted[key].projection = [(p.year, p.value, p.lower, p.upper) for p in items]
    context.update(
        charts=[_chart(indicator, "", charted)],
        series_count=count,
        charted_count=len(charted),
        other_breakdowns=len(combos) > 1,
        projections=[(charted[key].label, p) for key, items in projections.items() for p in items],
    )
    return context


def _chart(indicator: Indicator, heading: str, charted: dict[tuple, Series]) -> dict[str, Any]:
    series = list(charted.values())[:MAX_SERIES]
    years = [y for s in series for y, _v in s.points]
    title = f"{indicator.name} · {heading}" if heading else indicator.name
    description = _(
        "Line chart of %(indicator)s for %(series)s, %(first)s to %(last)s. The table "
        "below gives every value."
    ) % {
        "indicator": title,
        "series": "; ".join(s.label for s in series),
        "first": min(years) if years else "",
        "last": max(years) if years else "",
    }
    return {
        "heading": heading,
        "series": series,
        "svg": line_chart(series, title=title, description=description),
    }


def country_notes(
    codes: list[str],
    indicator: Indicator,
    side: str,
    present: set[str],
    *,
    summable: bool = True,
) -> list[str]:
    """What the page says of each chosen code it shows nothing for: unknown, without data for
    the indicator, or without values in this selection (three queries at most)."""
    missing = [c for c in dict.fromkeys(codes) if c not in present]
    if not missing:
        return []
    names = area_names(set(missing))
    known = [c for c in missing if c in names]
    with_data: set[str] = set()
    if known:
        with_data = set(
            Observation.objects.filter(indicator=indicator, **{f"{side}__in": known})
            .order_by()
            .values_list(side, flat=True)
            .distinct()
        )
    notes = []
    for code in missing:
        if code not in names:
            notes.append(_("Unknown country code: %(code)s.") % {"code": code})
        elif code not in with_data:
            notes.append(_("No data for %(name)s for this indicator.") % {"name": names[code]})
        elif not summable:
            notes.append(
                _(
                    "No total for %(name)s: the source publishes none and these values "
                    "cannot be added up. Choose one counterpart or the largest ones."
                )
                % {"name": names[code]}
            )
        else:
            notes.append(_("No values for %(name)s in this selection.") % {"name": names[code]})
    return notes


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


# What each column of an observations download reads: the row's own columns, or a name
# resolved through the small tables (indicators, countries, statistical areas) loaded once.
_OBSERVATION_COLUMNS = (
    "indicator_id",
    "area_code",
    "country_id",
    "area_id",
    "counterpart_code",
    "counterpart_id",
    "counterpart_area_id",
    "period",
    "year",
    "sex",
    "age",
    "classification",
    "value",
    "status",
    "source",
    "vintage",
)
_PLAIN = set(_OBSERVATION_COLUMNS) - {"indicator_id", "country_id", "area_id"}
_PLAIN -= {"counterpart_id", "counterpart_area_id"}
OBSERVATION_TABLE_COLUMNS = (
    "indicator",
    "area_code",
    "area_name",
    "counterpart_code",
    "counterpart_name",
    "period",
    "year",
    "sex",
    "age",
    "classification",
    "value",
    "status",
    "status_label",
    "source",
    "vintage",
)


def observation_table(
    queryset: QuerySet[Observation], columns: Sequence[str], *, limit: int = MAX_CSV_ROWS
) -> Iterator[list[Any]]:
    """The rows of `queryset` (at most `limit`) as the cells of `columns` (any of
    OBSERVATION_TABLE_COLUMNS), read in chunks through a server-side cursor on PostgreSQL:
    plain values, not model instances, so that 100,000 rows stream in about a second in
    constant memory. Names are those of Observation.area_name and counterpart_name in the
    active language, read once here (before the response streams, while the request's
    language is active); a generator is returned."""
    unknown = set(columns) - set(OBSERVATION_TABLE_COLUMNS)
    if unknown:
        raise ValueError(f"not an observation column: {sorted(unknown)}")
    codes = dict(Indicator.objects.values_list("pk", "code"))
    countries = {c.pk: c.name for c in Country.objects.only("pk", *Country.LINK_FIELDS)}
    areas = dict(StatisticalArea.objects.values_list("pk", "name"))
    statuses = {key: str(label) for key, label in ObservationStatus.choices}
    at = {name: index for index, name in enumerate(_OBSERVATION_COLUMNS)}

    def cell(name: str) -> Callable[[tuple], Any]:
        if name in _PLAIN:
            return itemgetter(at[name])
        if name == "indicator":
            return lambda r: codes.get(r[0], "")
        if name == "area_name":
            return lambda r: (
                countries.get(r[2], "") if r[2] else areas.get(r[3], "") if r[3] else r[1]
            )
        if name == "counterpart_name":
            return lambda r: (
                countries.get(r[5], "") if r[5] else areas.get(r[6], "") if r[6] else r[4]
            )
        return lambda r: statuses.get(r[13], r[13])  # status_label

    getters = [cell(name) for name in columns]
    rows = queryset.values_list(*_OBSERVATION_COLUMNS)[:limit]
    return ([get(row) for get in getters] for row in chunked(rows))


def csv_rows(queryset: QuerySet[Observation]) -> Iterator[list[Any]]:
    """The selection's rows for the explorer's CSV download (capped at MAX_CSV_ROWS), under
    the header CSV_COLUMNS; imdi_portal.core.downloads writes the cells."""
    return observation_table(queryset, CSV_COLUMNS)


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
