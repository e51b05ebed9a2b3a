"""FilterSets shared by the pages and the API (same parameter names in both)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from imdi_portal.models import Country, IncomeGroup, Region


class CountryFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Name or code"),
        max_length=100,
        help_text=_("Part of the name in English, French or Spanish, or an ISO code."),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="region",
        to_field_name="slug",
        queryset=Region.objects.filter(level=Region.Level.REGION),
        label=_("Region"),
        empty_label=_("All regions"),
        help_text=_("UN M49 region, by slug (e.g. africa, europe)."),
    )
    sub_region = django_filters.ModelChoiceFilter(
        method="filter_sub_region",
        to_field_name="slug",
        queryset=Region.objects.exclude(level=Region.Level.REGION),
        label=_("Sub-region"),
        empty_label=_("All sub-regions"),
        help_text=_("UN M49 sub-region or intermediate region, by slug (e.g. western-africa)."),
    )
    income_group = django_filters.ChoiceFilter(
        choices=IncomeGroup.choices,
        label=_("Income group"),
        empty_label=_("All income groups"),
        help_text=_("World Bank income group: HIC, UMC, LMC or LIC."),
    )

    class Meta:
        model = Country
        fields = ["search", "region", "sub_region", "income_group"]

    def filter_sub_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        return queryset.filter(Q(sub_region=value) | Q(intermediate_region=value))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(name_es__icontains=value)
            | Q(iso3__iexact=value)
            | Q(iso2__iexact=value)
        )
