"""FilterSets shared by the public pages and the API (same parameter names in both)."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.filters import BooleanFilter, ModelChoiceFilter, codes_filter
from labour_market.models import Industry
from mobility.models import Licence, RecruitmentAgency, Vacancy, WorkerProfile

isco_prefix = RegexValidator(r"^\s*\d{1,4}\s*$", _("Give an ISCO-08 code of 1 to 4 digits."))


class VacancyFilter(django_filters.FilterSet):
    occupation = django_filters.CharFilter(
        method="filter_occupation",
        validators=[isco_prefix],
        label=_("Occupation (ISCO-08 code)"),
        help_text=_("A code of 1 to 4 digits: 2 finds every professional, 2221 nurses."),
    )
    country = codes_filter(
        "destination__iso3",
        _("Destination countries"),
        _("ISO3 codes; repeat the parameter or separate with commas."),
    )
    sector = ModelChoiceFilter(
        field_name="sector",
        to_field_name="code",
        queryset=Industry.objects.filter(level=Industry.Level.SECTION),
        label=_("Sector (ISIC Rev.4 section)"),
        empty_label=_("All sectors"),
    )
    shortage = BooleanFilter(
        field_name="in_shortage",
        label=_("In a shortage occupation"),
        help_text=_("On a shortage list of the destination valid today."),
    )

    class Meta:
        model = Vacancy
        fields = ["occupation", "country", "sector", "shortage"]

    def filter_occupation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(occupation__code__startswith=value.strip())


class AgencyFilter(django_filters.FilterSet):
    country = codes_filter(
        "country__iso3",
        _("Country of licence"),
        _("ISO3 codes; repeat the parameter or separate with commas."),
    )
    name = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", max_length=100, label=_("Name")
    )
    licence_status = django_filters.ChoiceFilter(
        field_name="licences__status",
        choices=Licence.Status.choices,
        distinct=True,
        label=_("Licence status"),
        empty_label=_("Any status"),
    )

    class Meta:
        model = RecruitmentAgency
        fields = ["country", "name", "licence_status"]


class ServiceProfileFilter(django_filters.FilterSet):
    """What a country's employment service narrows its nationals' profiles by."""

    class Situation:
        RETURNING = "returning"
        RETURNED = "returned"
        ABROAD = "abroad"
        AT_HOME = "home"
        CHOICES = [
            (RETURNING, _("Abroad, would like to return")),
            (RETURNED, _("Has returned")),
            (ABROAD, _("Lives abroad")),
            (AT_HOME, _("Lives in the country")),
        ]

    occupation = django_filters.CharFilter(
        method="filter_occupation",
        validators=[isco_prefix],
        label=_("Occupation (ISCO-08 code)"),
        help_text=_("A code of 1 to 4 digits: 2 finds every professional, 2221 nurses."),
    )
    situation = django_filters.ChoiceFilter(
        method="filter_situation",
        choices=Situation.CHOICES,
        label=_("Situation"),
        empty_label=_("Everyone"),
    )

    class Meta:
        model = WorkerProfile
        fields = ["occupation", "situation"]

    def filter_occupation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(occupations__occupation__code__startswith=value.strip()).distinct()

    def filter_situation(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return {
            self.Situation.RETURNING: queryset.filter(wants_to_return=True),
            self.Situation.RETURNED: queryset.filter(has_returned=True),
            self.Situation.ABROAD: queryset.filter(is_abroad=True),
            self.Situation.AT_HOME: queryset.filter(is_abroad=False, wants_to_return=False),
        }[value]
