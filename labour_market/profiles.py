"""Labour market profile of a country from whatever ILOSTAT indicators are imported.

For each ILOSTAT indicator of the country broken down by economic activity (ISIC Rev.4
sections), occupation (ISCO-08 major groups) or education, the latest year's distribution
(both sexes, all ages, or ILO's 15+ total), with each group's share of the total; occupations
are also summed into the four ISCO-08 skill levels. Indicators broken down by age and sex
(unemployment rates, labour force) give a table of the latest year, ages by sex.
The values come with the titles of their groups (breakdown_titles()), in the one query that
reads them, whatever the number of indicators.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf, Substr

from imdi_portal.core.models import Country
from imdi_portal.core.translation import active_language
from imdi_portal.stats.breakdowns import age_label, breakdown_label
from imdi_portal.stats.models import Observation
from labour_market.models import SKILL_LEVELS, Industry, Occupation

ALL_AGES = (
    "",
    "AGE_YTHADULT_YGE15",
    "AGE_AGGREGATE_TOTAL",
    "AGE_10YRBANDS_TOTAL",
    "AGE_5YRBANDS_TOTAL",
)
PREFIXES = ("ECO_ISIC4_", "OCU_ISCO08_", "EDU_")


@dataclass
class Distribution:
    indicator: Any
    year: int
    kind: str  # "activity", "occupation" or "education"
    rows: list[dict] = field(default_factory=list)  # code, label, value, share
    skill_levels: list[dict] = field(default_factory=list)


@dataclass
class AgeSexTable:
    indicator: Any
    year: int
    sexes: list[str]
    rows: list[dict]  # age label, values per sex


def _kind(code: str) -> str | None:
    if code.startswith("ECO_ISIC4_"):
        return "activity"
    if code.startswith("OCU_ISCO08_"):
        return "occupation"
    if code.startswith("EDU_"):
        return "education"
    return None


def breakdown_titles() -> dict[str, Any]:
    """Annotation for observation querysets: `breakdown_title`, the title of the ISIC section
    or ISCO major group of the value's classification in the reader's language (English when
    not translated), read in the same query as the values instead of one of its own."""
    title = f"title_{active_language()}"

    def top_level(model: type, prefix: str) -> Subquery:
        return Subquery(
            model.objects.filter(level=1, code=Substr(OuterRef("classification"), len(prefix) + 1))
            .annotate(shown=Coalesce(NullIf(title, Value("")), "title_en"))
            .values("shown")[:1]
        )

    return {
        "breakdown_title": Case(
            *(
                When(classification__startswith=prefix, then=top_level(model, prefix))
                for model, prefix in ((Industry, PREFIXES[0]), (Occupation, PREFIXES[1]))
            ),
            default=None,
            output_field=CharField(),
        )
    }


def breakdown_filter(country: Country) -> Q:
    """The ILOSTAT values of a country that country_breakdowns() uses."""
    return Q(
        Q(classification__startswith=PREFIXES[0])
        | Q(classification__startswith=PREFIXES[1])
        | Q(classification__startswith=PREFIXES[2])
        | ~Q(age=""),
        country=country,
        counterpart_code="",
        indicator__source="ILOSTAT",
        period__regex=r"^\d{4}$",
    )


def country_breakdowns(country: Country, rows: list[Observation]) -> dict[str, list]:
    """Distributions by activity, occupation and education, and tables by age, from `rows`
    (the observations matching breakdown_filter(country), with their indicator and
    breakdown_titles())."""
    distributions, ages = _collect(rows, _latest_years(rows))
    for item in distributions.values():
        _add_shares(item)
    tables = [_age_sex_table(table) for table in ages.values()]
    return {
        "distributions": sorted(distributions.values(), key=lambda d: d.indicator.code),
        "age_tables": sorted(tables, key=lambda t: t.indicator.code),
    }


def _latest_years(rows: list[Observation]) -> dict[tuple[int, str], int]:
    """(indicator, breakdown kind or "age") -> the latest year with values."""
    latest: dict[tuple[int, str], int] = {}
    for obs in rows:
        kind = _kind(obs.classification) or ("age" if obs.age and not obs.classification else None)
        if kind:
            key = (obs.indicator_id, kind)
            latest[key] = max(latest.get(key, 0), obs.year)
    return latest


def _collect(
    rows: list[Observation], latest: dict[tuple[int, str], int]
) -> tuple[dict[tuple[int, str], Distribution], dict[int, dict]]:
    """The latest year's values: by group (both sexes, all ages, single groups only) into
    distributions, by age and sex into age tables (cells[age][sex])."""
    distributions: dict[tuple[int, str], Distribution] = {}
    ages: dict[int, dict] = {}
    for obs in rows:
        kind = _kind(obs.classification)
        if kind and obs.year == latest[(obs.indicator_id, kind)]:
            if obs.sex != "T" or obs.age not in ALL_AGES or "+" in obs.classification:
                continue
            item = distributions.setdefault(
                (obs.indicator_id, kind), Distribution(obs.indicator, obs.year, kind)
            )
            item.rows.append(
                {
                    "code": obs.classification,
                    "label": obs.breakdown_title or breakdown_label(obs.classification),
                    "value": obs.value,
                }
            )
        elif (
            obs.age and not obs.classification and obs.year == latest.get((obs.indicator_id, "age"))
        ):
            table = ages.setdefault(
                obs.indicator_id,
                {"indicator": obs.indicator, "year": obs.year, "cells": defaultdict(dict)},
            )
            table["cells"][obs.age][obs.sex] = obs.value
    return distributions, ages


def _add_shares(item: Distribution) -> None:
    """Groups sorted by code, each with its share of the total (the source's own total when
    given, else the sum of the groups); occupations also summed by skill level."""
    total = next((r["value"] for r in item.rows if r["code"].endswith("_TOTAL")), None)
    item.rows = sorted(
        (r for r in item.rows if not r["code"].endswith("_TOTAL")), key=lambda r: r["code"]
    )
    total = total or sum(r["value"] for r in item.rows) or None
    for r in item.rows:
        r["share"] = 100 * r["value"] / total if total else None
    if item.kind != "occupation":
        return
    by_level: dict[str, float] = defaultdict(float)
    for r in item.rows:
        level = SKILL_LEVELS.get(r["code"].removeprefix("OCU_ISCO08_"))
        if level:
            by_level[level] += r["value"]
    item.skill_levels = [
        {"level": level, "value": value, "share": 100 * value / total if total else None}
        for level, value in sorted(by_level.items())
    ]


def _age_sex_table(table: dict) -> AgeSexTable:
    """Rows by age, columns by sex (total, female, male, other)."""
    sexes = sorted({s for cells in table["cells"].values() for s in cells}, key="TFMO".find)
    return AgeSexTable(
        table["indicator"],
        table["year"],
        sexes,
        [
            {"age": age_label(age), "values": [cells.get(s) for s in sexes]}
            for age, cells in sorted(table["cells"].items())
        ],
    )
