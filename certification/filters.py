"""The registry FilterSet, shared by the registry page and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from certification.models import Enterprise, Label, Twinning
from certification.selectors import registry_countries, twinning_countries
from imdi_portal.core.filters import CharFilter, CountrySelect, ModelChoiceFilter, codes_filter
from imdi_portal.core.text_search import phrase_filter
from labour_market.models import Industry


class RegistryFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method="filter_name",
        max_length=100,
        label=_("Enterprise name"),
        help_text=_("Part of the legal name."),
    )
    country = codes_filter(
        "enterprise__country__iso3",
        _("Countries"),
        _("ISO3 codes; repeat the parameter or separate with commas (e.g. PHL,MYS)."),
        countries=registry_countries,
    )
    sector = ModelChoiceFilter(
        field_name="enterprise__sector",
        to_field_name="code",
        queryset=Industry.objects.filter(level=Industry.Level.SECTION),
        label=_("Sector (ISIC Rev.4 section)"),
        empty_label=_("All sectors"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="enterprise__kind",
        choices=Enterprise.Kind.choices,
        label=_("Kind of enterprise"),
        empty_label=_("All kinds"),
    )
    status = django_filters.ChoiceFilter(
        choices=Label.Status.choices, label=_("Status"), empty_label=_("Any status")
    )

    class Meta:
        model = Label
        fields = ["name", "country", "sector", "kind", "status"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return phrase_filter(queryset, value, ("enterprise__legal_name",))


class TwinningFilter(django_filters.FilterSet):
    country = CharFilter(
        method="filter_country",
        max_length=3,
        label=_("Country"),
        help_text=_("ISO3 code of the country of origin or destination."),
        page_help="",
        widget=CountrySelect(countries=twinning_countries),
    )
    status = django_filters.ChoiceFilter(
        choices=Twinning.Status.choices, label=_("Status"), empty_label=_("Any status")
    )

    class Meta:
        model = Twinning
        fields = ["country", "status"]

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code = value.strip().upper()
        if not code:
            return queryset
        return queryset.filter(Q(origin__iso3=code) | Q(destination__iso3=code))
