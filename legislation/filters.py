"""FilterSets shared by the legislation pages and API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from imdi_portal.models import Country
from legislation.models import PermitCategory, PermitKind


class PermitCategoryFilter(django_filters.FilterSet):
    country = django_filters.ModelChoiceFilter(
        field_name="country",
        to_field_name="iso3",
        queryset=Country.objects.all(),
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-3 code."),
    )
    kind = django_filters.ChoiceFilter(
        choices=PermitKind.choices, label=_("Kind of permit"), empty_label=_("All kinds")
    )
    max_processing_days = django_filters.NumberFilter(
        field_name="processing_days_typical",
        lookup_expr="lte",
        min_value=0,
        label=_("Processed within (days)"),
    )
    dependants_allowed = django_filters.BooleanFilter(label=_("Dependants may accompany"))
    labour_market_test = django_filters.BooleanFilter(label=_("Labour market test"))

    class Meta:
        model = PermitCategory
        fields = [
            "country",
            "kind",
            "max_processing_days",
            "dependants_allowed",
            "labour_market_test",
        ]
