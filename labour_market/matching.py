"""Matching labour demand and supply between countries (IMDI Component I).

Demand: the occupations on a destination's shortage lists valid today. Supply: the origin
countries whose emigrants (people born there) already live in the destination (UN DESA
migrant stock by origin) and those whose own employment shows workers in the same ISCO-08
major group (ILOSTAT employment by occupation, when imported). For each pair the page adds
the destination's published permit categories whose kind suits the occupation's skill
level, and any agreement between the two countries. This is a starting point for policy
dialogue, not a forecast: the page says which figures each suggestion rests on.

Every function runs a fixed number of queries, whatever the number of occupations.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from imdi_portal.core.cache import cached_on_data
from imdi_portal.core.models import Country
from imdi_portal.stats.models import Observation
from labour_market.models import SKILL_LEVELS, Occupation, ShortageEntry
from labour_market.selectors import STOCK_INDICATOR
from legislation.models import Agreement, PermitKind
from legislation.selectors import category_list_published

# ILOSTAT employment indicators broken down by occupation (ISCO-08 major groups).
EMPLOYMENT_PREFIX = "EMP_"
TOP_ORIGINS = 8
# Kinds of permit that usually admit workers of a skill level (a reading aid: each
# category's own conditions decide).
KINDS_FOR_SKILL = {
    "high": [
        PermitKind.HIGHLY_SKILLED,
        PermitKind.GENERAL_WORK,
        PermitKind.INTRA_CORPORATE,
        PermitKind.GATS_CSS,
        PermitKind.GATS_IP,
        PermitKind.JOB_SEEKER,
    ],
    "medium": [PermitKind.GENERAL_WORK, PermitKind.SEASONAL, PermitKind.JOB_SEEKER],
}


def skill_band(occupation: Occupation) -> str:
    """'high' for ISCO skill levels 3-4 (major groups 1-3), else 'medium'."""
    return "high" if SKILL_LEVELS.get(occupation.code[0], "") in ("3+4", "4", "3") else "medium"


@dataclass
class Supply:
    country: Country
    stock: float | None = None  # people born in the origin living in the destination
    stock_year: int | None = None
    # ISCO-08 major group -> (employed at home, year, ILOSTAT indicator)
    employed: dict[str, tuple[float, int, str]] = field(default_factory=dict)
    agreements: list[Agreement] = field(default_factory=list)

    def employed_cells(self, groups: list[str]) -> list[tuple[float, int, str] | None]:
        return [self.employed.get(g) for g in groups]


@dataclass
class Demand:
    occupation: Occupation
    lists: list[Any]
    permit_categories: list[Any]


@dataclass
class DestinationMatch:
    demands: list[Demand]
    origins: list[Supply]
    groups: list[str]  # ISCO-08 major groups in demand with employment figures (columns)


def _today() -> datetime.date:
    return timezone.localdate()


def _stocks(*, destination: Country | None = None, origin: Country | None = None):
    """Latest migrant stock by (destination, origin) pair: {(dest_id, origin_id): (v, year)}."""
    rows = Observation.objects.of(STOCK_INDICATOR).filter(counterpart__isnull=False)
    if destination is not None:
        rows = rows.filter(country=destination)
    if origin is not None:
        rows = rows.filter(counterpart=origin)
    rows = rows.filter(country__isnull=False)
    latest = rows.aggregate(year=Max("year"))["year"]
    if latest is None:
        return {}
    return {
        (d, o): (value, latest)
        for d, o, value in rows.filter(year=latest, sex="T").values_list(
            "country_id", "counterpart_id", "value"
        )
    }


def _employment(major_groups: set[str], countries: list[int] | None = None):
    """Latest employment by ISCO-08 major group: {(country_id, group): (value, year, code)}.

    Reading it scans every employment value of the groups (a million-row store takes a few
    hundred milliseconds), so the result is cached until the next import."""
    if not major_groups:
        return {}
    key = f"employment:{','.join(sorted(major_groups))}:{countries}"
    return cached_on_data(key, lambda: _employment_uncached(major_groups, countries))


def _employment_uncached(major_groups: set[str], countries: list[int] | None):
    parts = Q()
    for group in major_groups:
        code = f"OCU_ISCO08_{group}"
        parts |= Q(classification=code) | Q(classification__startswith=f"{code}+")
    rows = Observation.objects.filter(
        parts,
        indicator__code__startswith=EMPLOYMENT_PREFIX,
        sex="T",
        age__in=["", "AGE_YTHADULT_YGE15", "AGE_AGGREGATE_TOTAL"],
        country__isnull=False,
        period__regex=r"^\d{4}$",
    )
    if countries is not None:
        rows = rows.filter(country_id__in=countries)
    best: dict[tuple[int, str], tuple[float, int, str]] = {}
    for country_id, classification, year, value, code in rows.values_list(
        "country_id", "classification", "year", "value", "indicator__code"
    ):
        group = classification.split("+")[0].removeprefix("OCU_ISCO08_")
        key = (country_id, group)
        if key not in best or year > best[key][1]:
            best[key] = (value, year, code)
    return best


def _agreements(country: Country) -> dict[int, list[Agreement]]:
    by_partner: dict[int, list[Agreement]] = defaultdict(list)
    for agreement in Agreement.objects.filter(countries=country).prefetch_related("countries"):
        for partner in agreement.countries.all():
            if partner.pk != country.pk:
                by_partner[partner.pk].append(agreement)
    return by_partner


def _entries(**filters) -> list[ShortageEntry]:
    today = _today()
    return list(
        ShortageEntry.objects.filter(
            Q(shortage_list__valid_to__isnull=True) | Q(shortage_list__valid_to__gte=today),
            shortage_list__valid_from__lte=today,
            **filters,
        )
        .select_related("occupation", "shortage_list__country")
        .order_by("occupation__code")
    )


def matching_for_destination(*, destination: Country) -> DestinationMatch:
    entries = _entries(shortage_list__country=destination)
    if not entries:
        return DestinationMatch([], [], [])
    categories = list(category_list_published(country=destination, with_elements=False))
    demands: dict[str, Demand] = {}
    for entry in entries:
        occupation = entry.occupation
        if occupation.code not in demands:
            kinds = KINDS_FOR_SKILL[skill_band(occupation)]
            demands[occupation.code] = Demand(
                occupation, [], [c for c in categories if c.kind in kinds]
            )
        demands[occupation.code].lists.append(entry.shortage_list)
    groups = sorted({code[0] for code in demands})
    stocks = _stocks(destination=destination)
    employment = _employment(set(groups))
    # Origins: the largest communities born in each origin living in the destination, then
    # the countries employing most people at home in each major group in demand.
    chosen: list[int] = [
        origin
        for (_d, origin), _v in sorted(stocks.items(), key=lambda item: -item[1][0])[:TOP_ORIGINS]
    ]
    for group in groups:
        ranked = sorted(
            ((c, v) for (c, g), v in employment.items() if g == group and c != destination.pk),
            key=lambda item: -item[1][0],
        )[:TOP_ORIGINS]
        chosen.extend(c for c, _v in ranked if c not in chosen)
    countries = Country.objects.in_bulk(chosen)
    agreements = _agreements(destination)
    origins = []
    for country_id in chosen:
        value, year = stocks.get((destination.pk, country_id), (None, None))
        origins.append(
            Supply(
                countries[country_id],
                stock=value,
                stock_year=year,
                employed={
                    g: employment[(country_id, g)] for g in groups if (country_id, g) in employment
                },
                agreements=agreements.get(country_id, []),
            )
        )
    # Employment columns only for the groups some origin has figures for.
    shown = [g for g in groups if any(g in supply.employed for supply in origins)]
    for supply in origins:
        supply.cells = supply.employed_cells(shown)
    return DestinationMatch(list(demands.values()), origins, shown)


@dataclass
class Opportunity:
    destination: Country
    occupations: list[Occupation]
    stock: float | None
    stock_year: int | None
    agreements: list[Agreement]
    employed: dict[str, tuple[float, int, str]]  # ISCO major group -> origin's employment
    is_sample: bool = False  # some list behind it is demonstration data


def matching_for_origin(*, origin: Country) -> list[Opportunity]:
    """Destinations with shortage lists valid today, those where people born in the origin
    already live first."""
    entries = [e for e in _entries() if e.shortage_list.country_id != origin.pk]
    if not entries:
        return []
    stocks = _stocks(origin=origin)
    agreements = _agreements(origin)
    employment = _employment({e.occupation.code[0] for e in entries}, countries=[origin.pk])
    by_destination: dict[int, Opportunity] = {}
    for entry in entries:
        destination = entry.shortage_list.country
        item = by_destination.get(destination.pk)
        if item is None:
            value, year = stocks.get((destination.pk, origin.pk), (None, None))
            item = by_destination[destination.pk] = Opportunity(
                destination, [], value, year, agreements.get(destination.pk, []), {}
            )
        item.is_sample = item.is_sample or entry.shortage_list.is_sample
        if entry.occupation not in item.occupations:
            item.occupations.append(entry.occupation)
        group = entry.occupation.code[0]
        if (origin.pk, group) in employment:
            item.employed[group] = employment[(origin.pk, group)]
    return sorted(by_destination.values(), key=lambda o: (-(o.stock or 0), o.destination.name_en))
