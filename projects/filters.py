"""The project FilterSet shared by the public pages and the API."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.filters import ModelChoiceFilter, codes_filter
from imdi_portal.core.models import Component, Organisation
from imdi_portal.core.text_search import phrase_filter
from projects.models import Contribution, Partner, Proposal
from projects.selectors import project_countries

PUBLIC_STATUS_CHOICES = [(s.value, s.label) for s in Proposal.State if s in Proposal.PUBLIC_STATES]


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=100,
        label=_("Search"),
        help_text=_("Words in the title, summary or reference."),
    )
    country = codes_filter(
        "countries__country__iso3",
        _("Countries"),
        _(
            "ISO3 codes of involved countries; repeat the parameter or separate with commas "
            "(e.g. PHL,ITA)."
        ),
        countries=project_countries,
    )
    component = ModelChoiceFilter(
        field_name="components",
        to_field_name="code",
        queryset=Component.objects.all(),
        label=_("IMDI component"),
        empty_label=_("All components"),
        help_text=_("I, II or III."),
        page_help="",
    )
    agency = ModelChoiceFilter(
        field_name="partners__organisation",
        to_field_name="slug",
        queryset=Organisation.objects.filter(
            pk__in=Partner.objects.filter(organisation__isnull=False).values("organisation")
        ).order_by("name"),
        label=_("Executing organisation"),
        empty_label=_("All organisations"),
        help_text=_("Slug of an executing organisation or partner (e.g. iom)."),
        page_help="",
    )
    donor = ModelChoiceFilter(
        field_name="allocations__contribution__donor",
        to_field_name="slug",
        queryset=Organisation.objects.filter(pk__in=Contribution.objects.values("donor")).order_by(
            "name"
        ),
        label=_("Donor"),
        empty_label=_("All donors"),
        help_text=_("Slug of a donor that funds the project."),
        page_help="",
    )
    status = django_filters.ChoiceFilter(
        field_name="state",
        choices=PUBLIC_STATUS_CHOICES,
        label=_("Status"),
        empty_label=_("Any status"),
    )

    class Meta:
        model = Proposal
        fields = ["q", "country", "component", "agency", "donor", "status"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return phrase_filter(queryset, value, ("title", "summary", "reference__iexact"))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Joins over countries, partners and donors must not repeat a project.
        return super().filter_queryset(queryset).distinct()
