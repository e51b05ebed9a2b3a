"""Filter sets of the information gateway (activities, good practices, directory), shared by
the pages and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from imdi_portal.core.filters import BooleanFilter, ModelChoiceFilter, YesNoCheckbox, codes_filter
from imdi_portal.core.models import Component, Organisation, Theme
from imdi_portal.gateway.directory import contact_countries, contact_search
from imdi_portal.gateway.models import Activity, Contact, GatewayEntry, GCMObjective, GoodPractice
from imdi_portal.gateway.services import entry_countries, entry_search

REPEAT_OR_COMMAS = gettext_lazy(
    "ISO3 codes; repeat the parameter or separate with commas (e.g. PHL,MYS)."
)


def _entry_countries_filter(model: type[GatewayEntry]) -> django_filters.CharFilter:
    """Countries of the entries; the picker lists those that published entries concern."""
    return codes_filter(
        "countries__iso3",
        gettext_lazy("Countries"),
        REPEAT_OR_COMMAS,
        countries=None if model is GatewayEntry else lambda: entry_countries(model),
    )


class GatewayFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=100, label=gettext_lazy("Search"))
    country = _entry_countries_filter(GatewayEntry)
    component = ModelChoiceFilter(
        field_name="components",
        to_field_name="code",
        queryset=Component.objects.all(),
        label=gettext_lazy("IMDI component"),
        empty_label=gettext_lazy("All components"),
    )
    theme = ModelChoiceFilter(
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=gettext_lazy("Theme"),
        empty_label=gettext_lazy("All themes"),
    )

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return entry_search(queryset, value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().filter_queryset(queryset).distinct()


class PracticeFilter(GatewayFilter):
    country = _entry_countries_filter(GoodPractice)
    objective = ModelChoiceFilter(
        field_name="objectives",
        to_field_name="number",
        queryset=GCMObjective.objects.all(),
        label=gettext_lazy("Global Compact objective"),
        empty_label=gettext_lazy("All objectives"),
    )

    class Meta:
        model = GoodPractice
        fields = ["q", "country", "component", "theme", "objective"]


class ActivityFilter(GatewayFilter):
    country = _entry_countries_filter(Activity)
    organisation = ModelChoiceFilter(
        to_field_name="slug",
        queryset=Organisation.objects.filter(is_approved=True).order_by("-is_gmg_member", "name"),
        label=gettext_lazy("Organisation"),
        empty_label=gettext_lazy("All organisations"),
    )
    gmg = BooleanFilter(
        field_name="organisation__is_gmg_member",
        label=gettext_lazy("Global Migration Group members only"),
        widget=YesNoCheckbox,
        method="filter_gmg",
    )
    status = django_filters.ChoiceFilter(
        choices=Activity.Status.choices,
        label=gettext_lazy("Status"),
        empty_label=gettext_lazy("Any status"),
    )
    year = django_filters.NumberFilter(
        method="filter_year",
        min_value=1945,
        max_value=2100,
        label=gettext_lazy("Running in year"),
    )

    class Meta:
        model = Activity
        fields = ["q", "country", "component", "theme", "organisation", "gmg", "status", "year"]

    def filter_gmg(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(organisation__is_gmg_member=True) if value else queryset

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        year = int(value)
        return queryset.filter(
            Q(end_year__isnull=True) | Q(end_year__gte=year), start_year__lte=year
        )


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=100, label=gettext_lazy("Search"))
    country = codes_filter(
        "country__iso3", gettext_lazy("Countries"), REPEAT_OR_COMMAS, countries=contact_countries
    )
    kind = django_filters.ChoiceFilter(
        choices=Contact.Kind.choices,
        label=gettext_lazy("Kind of contact"),
        empty_label=gettext_lazy("All kinds"),
    )
    topic = ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label=gettext_lazy("Topic"),
        empty_label=gettext_lazy("All topics"),
    )

    class Meta:
        model = Contact
        fields = ["q", "country", "kind", "topic"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return contact_search(queryset, value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().filter_queryset(queryset).distinct()
