import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labour_market.models import Occupation


class OccupationFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", max_length=100, label=_("Code or title")
    )
    level = django_filters.ChoiceFilter(
        choices=Occupation.Level.choices, label=_("Level"), empty_label=_("All levels")
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", max_length=4, label=_("Within group (code)")
    )

    class Meta:
        model = Occupation
        fields = ["search", "level", "parent"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(code__startswith=value)
            | Q(title_en__icontains=value)
            | Q(title_fr__icontains=value)
            | Q(title_es__icontains=value)
        )
