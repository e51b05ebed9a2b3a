"""Filter sets of the statistical store, shared by the explorer, the map and the API."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.filters import YearRangeFilterSet, codes_filter
from imdi_portal.stats.models import Observation, Projection
from imdi_portal.stats.models.store import ObservationStatus, Sex


def _breakdown_part(code: str) -> Q:
    """`code` as one "+"-joined part of an observation's classification."""
    return (
        Q(classification=code)
        | Q(classification__startswith=f"{code}+")
        | Q(classification__endswith=f"+{code}")
        | Q(classification__contains=f"+{code}+")
    )


class ObservationFilter(YearRangeFilterSet):
    """Observations of the statistical store, for the API and the indicator explorer."""

    indicator = django_filters.CharFilter(
        method="filter_indicator",
        max_length=60,
        label=_("Indicator"),
        help_text=_("Indicator code, e.g. SM.POP.NETM or EAR_4MTH_SEX_GEO_CUR_NB_A."),
    )
    country = codes_filter(
        "area_code",
        _("Countries or areas"),
        _("ISO3 codes or aggregate codes, comma-separated (e.g. PHL,MEX,WLD)."),
    )
    counterpart = codes_filter(
        "counterpart_code",
        _("Counterpart countries"),
        _("For bilateral data (e.g. migrants by origin): ISO3 codes, comma-separated."),
    )
    sex = django_filters.ChoiceFilter(
        choices=Sex.choices, label=_("Sex"), empty_label=_("Any"), help_text=_("T, F, M or O.")
    )
    age = django_filters.CharFilter(
        max_length=32, label=_("Age group"), help_text=_("ILO age code, e.g. AGE_YTHADULT_Y15-24.")
    )
    classification = django_filters.CharFilter(
        max_length=64,
        label=_("Breakdown"),
        help_text=_("Exact classification code of the series, e.g. ECO_ISIC4_A."),
    )
    isco = django_filters.CharFilter(
        method="filter_isco",
        validators=[RegexValidator(r"^\d{1,4}$", _("An ISCO-08 code has 1 to 4 digits."))],
        label=_("Occupation (ISCO-08)"),
        help_text=_("ISCO-08 code: values broken down by this occupation group."),
    )
    isic = django_filters.CharFilter(
        method="filter_isic",
        validators=[
            RegexValidator(
                r"^(?:[A-Ua-u]|\d{2,4})$",
                _("An ISIC Rev.4 code is a section letter or 2 to 4 digits."),
            )
        ],
        label=_("Economic activity (ISIC Rev.4)"),
        help_text=_("ISIC Rev.4 code, e.g. a section letter: values of this activity."),
    )
    status = django_filters.ChoiceFilter(
        choices=ObservationStatus.choices[1:],
        label=_("Status"),
        empty_label=_("Any"),
        help_text=_("Only values with this flag (E, P, B, F, U)."),
    )

    class Meta:
        model = Observation
        fields = [
            "indicator",
            "country",
            "counterpart",
            "year_from",
            "year_to",
            "sex",
            "age",
            "classification",
            "isco",
            "isic",
            "status",
        ]

    def filter_indicator(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.of(value.strip())

    def filter_isco(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(_breakdown_part(f"OCU_ISCO08_{value}"))

    def filter_isic(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(_breakdown_part(f"ECO_ISIC4_{value.upper()}"))


class ProjectionFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(
        field_name="indicator__code", max_length=60, label=_("Indicator")
    )
    country = codes_filter(
        "area_code",
        _("Countries or areas"),
        _("ISO3 codes or aggregate codes, comma-separated."),
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"), empty_label=_("Any"))
    age = django_filters.CharFilter(max_length=32, label=_("Age group"))
    classification = django_filters.CharFilter(max_length=64, label=_("Breakdown"))

    class Meta:
        model = Projection
        fields = ["indicator", "country", "sex", "age", "classification"]


# --- Yes/no filters that refuse what is neither --------------------------------------------
