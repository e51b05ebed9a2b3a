"""Reads of the core app shared by pages and API."""

import re

from django.db.models import QuerySet

from imdi_portal.core.models import Country

ISO3_RE = re.compile(r"[A-Za-z]{3}")


def country_list() -> QuerySet[Country]:
    """All countries with their regions, ordered by name in the active language.

    Pages and the API narrow it with imdi_portal.filters.CountryFilter.
    """
    return Country.objects.with_regions().ordered_by_name()


def country_choices() -> QuerySet[Country]:
    """Codes and names only, for country pickers."""
    return Country.objects.ordered_by_name().only(*Country.LINK_FIELDS)


def country_get(
    *, iso3: str, joins: list[str] | None = None, annotations: dict | None = None
) -> Country | None:
    """The country with this ISO alpha-3 code (any case), or None, also for malformed input.
    `joins`: one-to-one relations to fetch in the same query; `annotations`: more values."""
    if not ISO3_RE.fullmatch(iso3):
        return None  # never send junk such as NUL bytes to the database
    queryset = Country.objects.with_regions().select_related(*(joins or []))
    if annotations:
        queryset = queryset.annotate(**annotations)
    return queryset.filter(iso3=iso3.upper()).first()
