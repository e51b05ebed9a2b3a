"""FilterSets shared by the legislation pages and API."""

import django_filters
from django.db.models import DecimalField, Exists, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.filters import BooleanFilter, ModelChoiceFilter, WholeNumberFilter
from legislation.models import Fee, PermitCategory, PermitKind
from legislation.selectors import countries_with_categories


class PermitCategoryFilter(django_filters.FilterSet):
    country = ModelChoiceFilter(
        field_name="country",
        to_field_name="iso3",
        queryset=lambda request: countries_with_categories(),
        label=_("Country"),
        empty_label=_("All countries"),
        help_text=_("ISO 3166-1 alpha-3 code."),
        page_help="",
    )
    kind = django_filters.ChoiceFilter(
        choices=PermitKind.choices, label=_("Kind of permit"), empty_label=_("All kinds")
    )
    max_processing_days = WholeNumberFilter(
        field_name="processing_days_typical",
        lookup_expr="lte",
        min_value=0,
        label=_("Processed within (days)"),
    )
    max_fee = django_filters.NumberFilter(
        method="filter_max_fee",
        min_value=0,
        label=_("Fees at most"),
        help_text=_("Total of the fees charged, in the currency given by fee_currency."),
    )
    fee_currency = django_filters.CharFilter(
        method="filter_fee_currency",
        max_length=3,
        label=_("Fee currency"),
        help_text=_("ISO 4217 code; with max_fee, categories charging only in this currency."),
    )
    dependants_allowed = BooleanFilter(label=_("Dependants may accompany"))
    labour_market_test = BooleanFilter(label=_("Labour market test"))
    has_quota = BooleanFilter(
        field_name="annual_quota", lookup_expr="isnull", exclude=True, label=_("Quota applies")
    )

    class Meta:
        model = PermitCategory
        fields = [
            "country",
            "kind",
            "max_processing_days",
            "max_fee",
            "fee_currency",
            "dependants_allowed",
            "labour_market_test",
            "has_quota",
        ]

    def filter_fee_currency(self, queryset, name, value):
        # With max_fee, the currency is applied there; alone, it keeps categories charging in it.
        if self.form.cleaned_data.get("max_fee") is not None:
            return queryset
        return queryset.filter(fees__currency=value.upper()).distinct()

    def filter_max_fee(self, queryset, name, value):
        currency = (self.form.cleaned_data.get("fee_currency") or "").upper()
        if currency:
            other = Fee.objects.filter(category=OuterRef("pk")).exclude(currency=currency)
            queryset = queryset.exclude(Exists(other))
        # A category without fees counts as a total of zero.
        total = Coalesce(Sum("fees__amount"), Value(0), output_field=DecimalField())
        return queryset.alias(total_fees=total).filter(total_fees__lte=value)
