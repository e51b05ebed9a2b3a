"""FilterSets of the remittances app, shared by its pages and the API."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from imdi_portal.core.filters import BooleanFilter, YearRangeFilterSet, codes_filter
from imdi_portal.stats.models import Observation
from remittances.models import CostAverage, FirmType, RemittanceService
from remittances.selectors import DIRECTIONS, corridor_receivers, corridor_senders

REPEAT_OR_COMMAS = _("ISO3 codes; repeat the parameter or separate with commas.")

quarter = RegexValidator(r"^\d{4}-Q[1-4]$", _("Give a quarter such as 2020-Q3."))


AMOUNTS = [200, 500]  # the amounts the World Bank's survey prices (USD)


# The form's empty choice ("any amount") is no integer: the schema lists the amounts only.
@extend_schema_field({"type": "integer", "enum": AMOUNTS})
class AmountFilter(django_filters.TypedChoiceFilter):
    pass


class CorridorMixin(django_filters.FilterSet):
    """`sending` and `receiving` as ISO3 codes (repeated or comma-separated), quarters from /
    to."""

    sending = codes_filter(
        "sending__iso3",
        _("Sending countries"),
        _("ISO3 codes; repeat the parameter or separate with commas (e.g. GBR,FRA)."),
        countries=corridor_senders,
    )
    receiving = codes_filter(
        "receiving__iso3",
        _("Receiving countries"),
        _("ISO3 codes; repeat the parameter or separate with commas (e.g. PAK)."),
        countries=corridor_receivers,
    )
    period_from = django_filters.CharFilter(
        field_name="period",
        lookup_expr="gte",
        max_length=7,
        validators=[quarter],
        label=_("From quarter"),
        help_text=_("e.g. 2016-Q1"),
    )
    period_to = django_filters.CharFilter(
        field_name="period",
        lookup_expr="lte",
        max_length=7,
        validators=[quarter],
        label=_("To quarter"),
        help_text=_("e.g. 2020-Q3"),
    )


class RemittanceServiceFilter(CorridorMixin):
    period = django_filters.CharFilter(max_length=7, validators=[quarter], label=_("Quarter"))
    firm_type = django_filters.ChoiceFilter(
        choices=FirmType.choices, label=_("Provider type"), empty_label=_("Any")
    )
    instrument = django_filters.CharFilter(
        field_name="payment_instrument",
        lookup_expr="iexact",
        max_length=80,
        label=_("Payment instrument"),
        help_text=_("e.g. Cash, Bank account, Online, Mobile."),
    )
    access_point = django_filters.CharFilter(
        lookup_expr="iexact", max_length=80, label=_("Access point")
    )
    transparent = BooleanFilter(label=_("Transparent"))

    class Meta:
        model = RemittanceService
        fields = [
            "sending",
            "receiving",
            "period",
            "period_from",
            "period_to",
            "firm_type",
            "instrument",
            "access_point",
            "transparent",
        ]


class CorridorCostFilter(CorridorMixin):
    """Corridor averages (the API and the corridor list narrow the queryset to them)."""

    period = django_filters.CharFilter(max_length=7, validators=[quarter], label=_("Quarter"))
    amount = AmountFilter(
        choices=[("", _("Any amount")), *((a, str(a)) for a in AMOUNTS)],
        coerce=int,
        label=_("Amount sent (USD)"),
    )
    basis = django_filters.ChoiceFilter(
        choices=CostAverage.Basis.choices, label=_("Basis"), empty_label=_("Any")
    )

    class Meta:
        model = CostAverage
        fields = ["sending", "receiving", "period", "period_from", "period_to", "amount", "basis"]


class CostAverageFilter(CorridorCostFilter):
    scope = django_filters.ChoiceFilter(
        choices=CostAverage.Scope.choices, label=_("Scope"), empty_label=_("Any")
    )
    key = django_filters.CharFilter(
        max_length=80,
        label=_("Key"),
        help_text=_(
            "Corridor (GBR-PAK), country (ISO3), M49 region code, provider type or instrument."
        ),
    )

    class Meta:
        model = CostAverage
        fields = [
            "scope",
            "key",
            "sending",
            "receiving",
            "period",
            "period_from",
            "period_to",
            "amount",
            "basis",
        ]


class FlowFilter(YearRangeFilterSet):
    """Remittance volumes (WDI series and bilateral-matrix totals) by economy and year."""

    country = codes_filter(
        "area_code",
        _("Countries or areas"),
        _("ISO3 or aggregate codes; repeat the parameter or separate with commas."),
    )
    direction = django_filters.ChoiceFilter(
        method="filter_direction",
        choices=[("in", _("Received")), ("out", _("Sent"))],
        label=_("Direction"),
        empty_label=_("Both"),
    )

    class Meta:
        model = Observation
        fields = ["country", "direction", "year_from", "year_to"]

    def filter_direction(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(indicator__code__in=DIRECTIONS[value]) if value else queryset


class BilateralFilter(django_filters.FilterSet):
    sending = codes_filter("area_code", _("Sending countries"), REPEAT_OR_COMMAS)
    receiving = codes_filter("counterpart_code", _("Receiving countries"), REPEAT_OR_COMMAS)
    year = django_filters.NumberFilter(label=_("Year"), min_value=1900, max_value=2100)
    min_value = django_filters.NumberFilter(
        field_name="value", lookup_expr="gte", label=_("At least (US$ millions)"), min_value=0
    )

    class Meta:
        model = Observation
        fields = ["sending", "receiving", "year", "min_value"]
