"""Bilateral indicators in the explorer: on which side the chosen countries stand, and which
counterparts are shown (their total, one counterpart, or the largest few).

An observation of bilateral data has an area and a counterpart; what each one is depends on
the source (see the importers): UN DESA and the World Bank's migrant matrix store the
destination as the area and the origin as the counterpart, KNOMAD's remittance matrix and
Remittance Prices Worldwide the sending country as the area and the receiving one as the
counterpart. The catalogue codes of those indicators are listed here, next to the catalogue
they come from (`data/catalogue.json`); any other bilateral indicator gets neutral words.

Totals are read from the database, never added up in Python:
- chosen countries as areas: the source's own total where it publishes one (a row without
  counterpart, UN DESA's "Total" column), otherwise, for counts and amounts only, the sum
  over the counterparts that are economies (a country, or an economy outside ISO 3166-1);
- chosen countries as counterparts: the source's world row where it publishes one (area
  WLD or 900), otherwise the sum over the areas that are countries, so that regional
  aggregates are never counted twice (as `indicators.sum_by_counterpart` does).
Values that cannot be added up (shares, rates, averages, indices) have a total only where the
source publishes one.
"""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import Country
from imdi_portal.stats.models import Indicator, Observation, StatisticalArea
from imdi_portal.stats.models.store import Sex

AREA, COUNTERPART = "area", "counterpart"
TOTAL, ONE, TOP = "total", "one", "top"
TOP_CHOICES = (3, 5, 8)  # at most one line per colour of the chart
DEFAULT_TOP = 5
# The areas under which a source publishes its world total (World Bank, UN M49).
WORLD_AREAS = ("WLD", "900")
ADDITIVE_KINDS = (Indicator.Kind.COUNT, Indicator.Kind.AMOUNT)
PUBLISHED, SUMMED = "published", "summed"
_ECONOMY_COUNTERPART = Q(counterpart__isnull=False) | Q(counterpart_area__isnull=False)
_COUNTRY_AREA = Q(country__isnull=False)


@dataclass(frozen=True)
class Roles:
    """What the area and the counterpart of an indicator's values are, in words."""

    area: Promise | str  # e.g. "destination"
    counterpart: Promise | str  # e.g. "origin"
    as_area: Promise | str  # the direction where the chosen countries are the areas
    as_counterpart: Promise | str  # ... and where they are the counterparts


MIGRANTS = Roles(
    area=_("destination"),
    counterpart=_("origin"),
    as_area=_("Migrants living in the chosen countries, by country of origin"),
    as_counterpart=_("Emigrants from the chosen countries, by country of destination"),
)
REMITTANCES = Roles(
    area=_("sending country"),
    counterpart=_("receiving country"),
    as_area=_("Remittances sent from the chosen countries, by receiving country"),
    as_counterpart=_("Remittances received by the chosen countries, by sending country"),
)
CORRIDORS = Roles(
    area=_("sending country"),
    counterpart=_("receiving country"),
    as_area=_("Corridors from the chosen countries, by receiving country"),
    as_counterpart=_("Corridors to the chosen countries, by sending country"),
)
NEUTRAL = Roles(
    area=_("reporting area"),
    counterpart=_("counterpart"),
    as_area=_("The chosen countries as reporting areas, by counterpart"),
    as_counterpart=_("The chosen countries as counterparts, by reporting area"),
)
ROLES_BY_CODE: dict[str, Roles] = {
    "UNDESA.MIGSTOCK": MIGRANTS,
    "WB.MIGSTOCK.BILATERAL": MIGRANTS,
    "IMDI.MIGSTOCK.GR5": MIGRANTS,
    "IMDI.MIGSTOCK.GR10": MIGRANTS,
    "KNOMAD.BILATERAL": REMITTANCES,
}
# Remittance Prices Worldwide names its series by the file's own codes (ATCR.CORR, ...).
ROLES_BY_SOURCE: dict[str, Roles] = {"World Bank RPW": CORRIDORS}


def indicator_roles(indicator: Indicator) -> Roles:
    return ROLES_BY_CODE.get(indicator.code) or ROLES_BY_SOURCE.get(indicator.source, NEUTRAL)


def is_bilateral(indicator: Indicator) -> bool:
    """Whether any value of the indicator has a counterpart (one query)."""
    return Observation.objects.filter(indicator=indicator).exclude(counterpart_code="").exists()


def can_be_summed(indicator: Indicator) -> bool:
    return indicator.kind in ADDITIVE_KINDS


@dataclass(frozen=True)
class Choice:
    """What the explorer shows of bilateral data (checked by forms.ExplorerForm)."""

    direction: str = AREA
    mode: str = TOTAL
    top: int = DEFAULT_TOP
    counterpart: str = ""

    @property
    def side(self) -> str:
        """The column of the chosen countries."""
        return "area_code" if self.direction == AREA else "counterpart_code"

    @property
    def other(self) -> str:
        """The column of the counterparts shown for each chosen country."""
        return "counterpart_code" if self.direction == AREA else "area_code"

    def economies(self) -> Q:
        """Rows whose other side is an economy, not a total nor a regional aggregate."""
        if self.direction == AREA:
            return _ECONOMY_COUNTERPART
        return _COUNTRY_AREA & ~Q(counterpart_code="")

    def published_total(self) -> Q:
        """Rows that are the source's own total of the other side."""
        if self.direction == AREA:
            return Q(counterpart_code="")
        return Q(area_code__in=WORLD_AREAS) & ~Q(counterpart_code="")


@dataclass
class TotalRow:
    """The total of one chosen country's counterparts for one period and breakdown."""

    code: str
    name: str
    period: str
    year: int
    sex: str
    age: str
    classification: str
    value: float
    method: str  # PUBLISHED or SUMMED
    parts: int = 0  # how many values were summed

    @property
    def sex_label(self) -> str:
        return str(Sex(self.sex).label) if self.sex in Sex.values else self.sex

    @property
    def combo(self) -> tuple[str, str, str]:
        return (self.sex, self.age, self.classification)

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.code, self.period, self.sex, self.age, self.classification)


_KEYS = ("period", "year", "sex", "age", "classification")


def _total_row(row: dict, side: str, *, value: float, method: str, parts: int = 0) -> TotalRow:
    return TotalRow(
        code=row[side],
        name="",
        period=row["period"],
        year=row["year"],
        sex=row["sex"],
        age=row["age"],
        classification=row["classification"],
        value=value,
        method=method,
        parts=parts,
    )


def counterpart_totals(
    queryset: QuerySet[Observation], *, indicator: Indicator, choice: Choice
) -> list[TotalRow]:
    """One row per chosen country, period and breakdown: the published total where the source
    has one, else (counts and amounts) the sum computed with GROUP BY. Two queries."""
    side = choice.side
    found: dict[tuple, TotalRow] = {}
    published = queryset.filter(choice.published_total()).order_by()
    for row in published.values(side, *_KEYS, "value"):
        total = _total_row(row, side, value=row["value"], method=PUBLISHED)
        found[total.key] = total
    if can_be_summed(indicator):
        sums = (
            queryset.filter(choice.economies())
            .order_by()
            .values(side, *_KEYS)
            .annotate(total=Sum("value"), parts=Count("id"))
        )
        for row in sums:
            total = _total_row(row, side, value=row["total"], method=SUMMED, parts=row["parts"])
            found.setdefault(total.key, total)
    rows = list(found.values())
    names = area_names({r.code for r in rows})
    for r in rows:
        r.name = names.get(r.code, r.code)
    rows.sort(key=lambda r: (r.name, r.code, r.period, r.sex, r.age, r.classification))
    return rows


def top_counterparts(queryset: QuerySet[Observation], *, choice: Choice) -> dict[str, list[str]]:
    """The `choice.top` largest counterparts of each chosen country, by their largest value in
    the country's latest year of the selection (two grouped queries)."""
    side, other = choice.side, choice.other
    rows = queryset.filter(choice.economies()).order_by()
    latest = rows.values(side).annotate(last=Max("year")).values_list(side, "last")
    when = Q(pk__in=[])
    for code, year in latest:
        when |= Q(**{side: code, "year": year})
    ranked = (
        rows.filter(when)
        .values(side, other)
        .annotate(biggest=Max("value"))
        .order_by(side, "-biggest", other)
    )
    top: dict[str, list[str]] = {}
    for row in ranked:
        chosen = top.setdefault(row[side], [])
        if len(chosen) < choice.top:
            chosen.append(row[other])
    return top


def top_rows(
    queryset: QuerySet[Observation], *, choice: Choice, top: dict[str, list[str]]
) -> QuerySet[Observation]:
    """The rows of each chosen country with one of its top counterparts."""
    when = Q(pk__in=[])
    for code, others in top.items():
        when |= Q(**{choice.side: code, f"{choice.other}__in": others})
    return queryset.filter(when)


def area_names(codes: set[str]) -> dict[str, str]:
    """The name of each code that is a country (ISO3) or a statistical area (two queries)."""
    if not codes:
        return {}
    names = {
        a.code: a.name for a in StatisticalArea.objects.filter(code__in=codes).only("code", "name")
    }
    for country in Country.objects.filter(iso3__in=codes).only(*Country.LINK_FIELDS):
        names[country.iso3] = country.name
    return names
