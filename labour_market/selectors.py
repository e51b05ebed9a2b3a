"""Reads of the labour market app shared by pages and API."""

from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet, Sum
from django.utils import timezone

from imdi_portal.models import Country, Indicator, Observation
from labour_market.models import Industry, Occupation, ShortageEntry, ShortageList

STOCK_INDICATOR = "UNDESA.MIGSTOCK"


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


def _stock(country: Country, *, abroad: bool) -> dict[str, Any] | None:
    """Immigrants in the country (abroad=False) or its nationals abroad (abroad=True)."""
    base = Observation.objects.filter(indicator__code=STOCK_INDICATOR, sex="T")
    pairs = (
        base.filter(counterpart=country, country__isnull=False)
        if abroad
        else base.filter(country=country, counterpart__isnull=False)
    )
    year = pairs.aggregate(year=Max("year"))["year"]
    if year is None:
        return None
    pairs = pairs.filter(year=year)
    top = pairs.select_related("country" if abroad else "counterpart").order_by("-value")[:5]
    if abroad:
        total = pairs.aggregate(total=Sum("value"))["total"]
    else:
        total = (
            base.filter(country=country, counterpart_code="", year=year)
            .values_list("value", flat=True)
            .first()
        )
    return {
        "year": year,
        "total": total,
        "top": [(o.country if abroad else o.counterpart, o.value) for o in top],
    }


def country_section(country: Country) -> dict[str, Any] | None:
    """The labour market section of a country profile, or None when there is nothing."""
    immigrants = _stock(country, abroad=False)
    emigrants = _stock(country, abroad=True)
    latest = (
        Observation.objects.filter(country=country, counterpart__isnull=True)
        .exclude(indicator__code=STOCK_INDICATOR)
        .filter(indicator__source="ILOSTAT")
        .values("indicator__code", "indicator__name_en")
        .annotate(last_year=Max("year"), values=Count("id"))
        .order_by("indicator__code")
    )
    indicators = list(latest)
    lists = list(shortage_lists(country=country))
    if not (immigrants or emigrants or indicators or lists):
        return None
    return {
        "immigrants": immigrants,
        "emigrants": emigrants,
        "indicators": indicators,
        "shortage_lists": lists,
        "stock_source": Indicator.objects.filter(code=STOCK_INDICATOR).first(),
    }
