"""Reads of the labour market app shared by pages and API."""

from typing import Any

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from imdi_portal.core.cache import cached_on_data
from imdi_portal.core.models import Country
from imdi_portal.core.translation import active_language
from imdi_portal.stats.models import Indicator, Observation
from labour_market.models import Industry, Occupation, ShortageEntry, ShortageList
from labour_market.profiles import breakdown_filter, breakdown_titles, country_breakdowns
from legislation.models import Agreement

STOCK_INDICATOR = "UNDESA.MIGSTOCK"
# The World Bank's series of ILO modelled estimates: one comparable rate for every country.
UNEMPLOYMENT = "SL.UEM.TOTL.ZS"


def occupation_list() -> QuerySet[Occupation]:
    return Occupation.objects.select_related("parent").order_by("code")


def occupation_get(*, code: str) -> Occupation | None:
    if not code.isdigit() or len(code) > 4:
        return None
    return Occupation.objects.select_related("parent__parent__parent").filter(code=code).first()


def industry_list() -> QuerySet[Industry]:
    return Industry.objects.select_related("parent").order_by("code")


def industry_get(*, code: str) -> Industry | None:
    if not code.isalnum() or len(code) > 4:
        return None
    return Industry.objects.select_related("parent__parent__parent").filter(code=code).first()


def shortage_lists(*, country: Country | None = None, current_only: bool = True) -> QuerySet:
    """Lists with their entry count; narrowed by labour_market.filters.ShortageListFilter on
    the page and in the API (which sets current_only=False and filters by date itself)."""
    queryset = (
        ShortageList.objects.select_related("country")
        .annotate(entry_count=Count("entries", distinct=True))
        .order_by("country__name_en", "region", "-valid_from")
    )
    if current_only:
        queryset = queryset.valid_on(timezone.localdate())
    return queryset.filter(country=country) if country is not None else queryset


def shortage_list_get(*, pk: int) -> ShortageList | None:
    return (
        ShortageList.objects.select_related("country")
        .prefetch_related(
            Prefetch("entries", ShortageEntry.objects.select_related("occupation__parent"))
        )
        .filter(pk=pk)
        .first()
    )


PROFILE_FIELDS = (
    "indicator_id",
    "country_id",
    "counterpart_id",
    "counterpart_code",
    "period",
    "year",
    "sex",
    "age",
    "classification",
    "value",
    "indicator__code",
    "indicator__name_en",
    "indicator__name_fr",
    "indicator__name_es",
    # What the unemployment card cites (stats/_source_line.html).
    "indicator__source",
    "indicator__licence",
    "indicator__vintage",
    *(f"country__{name}" for name in Country.LINK_FIELDS),
    *(f"counterpart__{name}" for name in Country.LINK_FIELDS),
)


def _country_rows(country: Country) -> tuple[list[Observation], list[Observation]]:
    """In one query: the country's total migrant stock in its latest year, the stocks
    between it and each partner in the latest year of the bilateral tables (partners' names
    joined in; UN DESA publishes totals more often than origins), and the ILOSTAT values its
    breakdown tables use."""
    stock_ids = Indicator.objects.filter(code=STOCK_INDICATOR).values("pk")[:1]
    unemployment_ids = Indicator.objects.filter(code=UNEMPLOYMENT).values("pk")[:1]
    total = Q(country=country, counterpart_code="")
    bilateral = Q(country=country, counterpart__isnull=False) | Q(counterpart=country)
    stock = Observation.objects.filter(indicator_id=Subquery(stock_ids), sex="T")

    def latest(rows: Q) -> Subquery:
        years = stock.filter(rows).order_by().values("indicator_id").annotate(y=Max("year"))
        return Subquery(years.values("y")[:1])

    # Breakdowns: only each indicator's latest year, which is all the profile shows (a
    # country can have thousands of older values).
    # The latest year of each indicator for the country: one backward step on the index
    # (country, indicator, year) per row.
    last_year = (
        Observation.objects.filter(country=country, indicator_id=OuterRef("indicator_id"))
        .order_by("-year")
        .values("year")[:1]
    )
    rows = list(
        Observation.objects.filter(
            # Every year of the total (the profile's trend chart), the latest of the tables.
            Q(total, indicator_id=Subquery(stock_ids), sex="T")
            | Q(bilateral, indicator_id=Subquery(stock_ids), sex="T", year=latest(bilateral))
            | Q(breakdown_filter(country), year=Subquery(last_year))
            | Q(
                country=country,
                indicator_id=Subquery(unemployment_ids),
                counterpart_code="",
                sex="T",
                year=Subquery(last_year),
            )
        )
        .select_related("indicator", "country", "counterpart")
        # Narrow rows: the window functions sort every candidate row with its joins.
        .only(*PROFILE_FIELDS)
        .annotate(**breakdown_titles())
        .order_by("-value")
    )
    stocks = [o for o in rows if o.indicator.code == STOCK_INDICATOR]
    return stocks, [o for o in rows if o.indicator.code != STOCK_INDICATOR]


def _unemployment(rows: list[Observation]) -> Observation | None:
    """The latest annual unemployment rate among the profile's rows (see _country_rows)."""
    annual = [o for o in rows if o.indicator.code == UNEMPLOYMENT and len(o.period) == 4]
    return max(annual, key=lambda o: o.year, default=None)


def _stocks(
    country: Country, rows: list[Observation]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Immigrants in the country and the people born there living abroad, from the stock rows."""
    if not rows:
        return None, None
    totals = sorted(
        (o for o in rows if o.country_id == country.pk and not o.counterpart_code),
        key=lambda o: o.year,
    )
    own = totals[-1] if totals else None
    total_in = own.value if own else None
    # The year of the bilateral tables (origins, destinations), which may be older.
    year = next((o.year for o in rows if o.counterpart_code), own.year if own else None)
    origins = [
        (o.counterpart, o.value) for o in rows if o.country_id == country.pk and o.counterpart_id
    ]
    destinations = [
        (o.country, o.value) for o in rows if o.counterpart_id == country.pk and o.country_id
    ]
    immigrants = (
        {
            "year": own.year if own else year,
            "total": total_in,
            "top": origins[:5],
            "top_year": year,
            "trend": [(o.year, o.value) for o in totals],
        }
        if total_in or origins
        else None
    )
    emigrants = (
        {"year": year, "total": sum(v for _c, v in destinations), "top": destinations[:5]}
        if destinations
        else None
    )
    return immigrants, emigrants


def country_section(country: Country) -> dict[str, Any] | None:
    """The labour market section of a country profile, or None when there is nothing. The
    figures are cached until the statistics change; the shortage lists are read each time."""
    figures = cached_on_data(
        f"labour-profile:{country.pk}:{active_language()}", lambda: _figures(country)
    )
    lists = list(shortage_lists(country=country))
    if not (
        figures["immigrants"]
        or figures["emigrants"]
        or figures["unemployment"]
        or figures["indicators"]
        or lists
    ):
        return None
    return {**figures, "shortage_lists": lists}


def _figures(country: Country) -> dict[str, Any]:
    stock_rows, other_rows = _country_rows(country)
    immigrants, emigrants = _stocks(country, stock_rows)
    unemployment = _unemployment(other_rows)
    breakdown_rows = [o for o in other_rows if o.indicator.code != UNEMPLOYMENT]
    latest = (
        Observation.objects.filter(country=country, counterpart_code="")
        .exclude(indicator__code=STOCK_INDICATOR)
        .filter(indicator__source="ILOSTAT")
        .values("indicator__code", "indicator__name_en")
        .annotate(last_year=Max("year"), values=Count("id"))
        .order_by("indicator__code")
    )
    indicators = list(latest)
    breakdowns = country_breakdowns(country, breakdown_rows) if indicators else {}
    return {
        "immigrants": immigrants,
        "emigrants": emigrants,
        "unemployment": unemployment,
        "indicators": indicators,
        **breakdowns,
    }


def bilateral(*, origin: Country, destination: Country) -> dict[str, Any]:
    """People born in `origin` living in `destination` over time (by sex where published), with
    their share of all immigrants there and the growth over 5 and 10 years. Three queries."""
    rows = list(
        Observation.objects.of(STOCK_INDICATOR, "IMDI.MIGSTOCK.GR5", "IMDI.MIGSTOCK.GR10")
        .filter(
            country=destination,
            counterpart_code__in=[origin.iso3, ""],
            period__regex=r"^\d{4}$",
        )
        .select_related("indicator")
        .order_by("year")
    )
    by_sex: dict[str, list[tuple[int, float]]] = {}
    totals: dict[int, float] = {}
    growth: dict[str, dict[int, float]] = {"5": {}, "10": {}}
    for obs in rows:
        code = obs.indicator.code
        if code == STOCK_INDICATOR and obs.counterpart_code == origin.iso3:
            by_sex.setdefault(obs.sex, []).append((obs.year, obs.value))
        elif code == STOCK_INDICATOR and obs.sex == "T":
            totals[obs.year] = obs.value
        elif obs.counterpart_code == origin.iso3 and obs.sex == "T":
            growth[code.removeprefix("IMDI.MIGSTOCK.GR")][obs.year] = obs.value
    table = [
        {
            "year": year,
            "value": value,
            "share": 100 * value / totals[year] if totals.get(year) else None,
            "growth5": growth["5"].get(year),
            "growth10": growth["10"].get(year),
        }
        for year, value in by_sex.get("T", [])
    ]
    agreements = list(
        Agreement.objects.filter(countries=origin).filter(countries=destination).distinct()
    )
    return {"by_sex": by_sex, "table": table, "agreements": agreements}
