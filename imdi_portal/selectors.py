"""Reads of the core app shared by pages and API."""

from django.db.models import QuerySet

from imdi_portal.models import Country, Organisation


def country_list() -> QuerySet[Country]:
    """All countries with their regions, ordered by name in the active language.

    Pages and the API narrow it with imdi_portal.filters.CountryFilter.
    """
    return Country.objects.with_regions().ordered_by_name()


def country_get(*, iso3: str) -> Country | None:
    return Country.objects.with_regions().filter(iso3=iso3.upper()).first()


def organisation_list_for_country(*, country: Country) -> QuerySet[Organisation]:
    return Organisation.objects.for_country(country).order_by("name")
