import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labour_market.models import Industry, Occupation


class ClassificationFilter(django_filters.FilterSet):
    """Search, level and parent: shared by the ISCO-08 and ISIC Rev.4 browsers and APIs."""

    search = django_filters.CharFilter(
        method="filter_search", max_length=100, label=_("Code or title")
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", max_length=4, label=_("Within group (code)")
    )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(code__istartswith=value)
            | Q(title_en__icontains=value)
            | Q(title_fr__icontains=value)
            | Q(title_es__icontains=value)
        )


class OccupationFilter(ClassificationFilter):
    level = django_filters.ChoiceFilter(
        choices=Occupation.Level.choices, label=_("Level"), empty_label=_("All levels")
    )

    class Meta:
        model = Occupation
        fields = ["search", "level", "parent"]


class IndustryFilter(ClassificationFilter):
    level = django_filters.ChoiceFilter(
        choices=Industry.Level.choices, label=_("Level"), empty_label=_("All levels")
    )

    class Meta:
        model = Industry
        fields = ["search", "level", "parent"]
