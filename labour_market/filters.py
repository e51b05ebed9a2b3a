import django_filters
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.filters import BooleanFilter, ModelChoiceFilter, YesNoCheckbox
from imdi_portal.core.selectors import country_choices
from imdi_portal.core.text_search import phrase_filter
from labour_market.models import Industry, Occupation, ShortageList


class ClassificationFilter(django_filters.FilterSet):
    """Search, level and parent: shared by the ISCO-08 and ISIC Rev.4 browsers and APIs."""

    search = django_filters.CharFilter(
        method="filter_search", max_length=100, label=_("Code or title")
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", max_length=4, label=_("Within group (code)")
    )

    def filter_search(self, queryset, name, value):
        return phrase_filter(
            queryset, value, ("code__istartswith", "title_en", "title_fr", "title_es")
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


class ShortageListFilter(django_filters.FilterSet):
    """Shortage lists on the page and in the API; lists valid today unless asked otherwise."""

    country = ModelChoiceFilter(
        field_name="country",
        to_field_name="iso3",
        queryset=lambda request: country_choices(),
        label=_("Country"),
        empty_label=_("All countries"),
        help_text=_("ISO 3166-1 alpha-3 code of the destination country."),
    )
    isco = django_filters.CharFilter(
        method="filter_isco",
        validators=[RegexValidator(r"^\d{1,4}$", _("An ISCO-08 code has 1 to 4 digits."))],
        label=_("Occupation (ISCO-08)"),
        help_text=_("Lists naming this ISCO-08 group or a group within it."),
    )
    include_past = BooleanFilter(
        method="filter_include_past",
        label=_("Include lists no longer valid"),
        widget=YesNoCheckbox,
    )

    class Meta:
        model = ShortageList
        fields = ["country", "isco", "include_past"]

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        if not data.get("include_past"):
            queryset = queryset.valid_on(timezone.localdate())
        return queryset

    def filter_isco(self, queryset, name, value):
        return queryset.filter(entries__occupation__code__startswith=value).distinct()

    def filter_include_past(self, queryset, name, value):
        return queryset  # applied in qs, so that the default (current only) holds unbound
