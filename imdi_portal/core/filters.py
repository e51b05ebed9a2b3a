"""FilterSets shared by the pages and the API (same parameter names in both)."""

from collections.abc import Callable, Iterable

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import Country, IncomeGroup, Region
from imdi_portal.core.selectors import country_choices
from imdi_portal.core.text_search import phrase_filter


class PageHelpMixin:
    """`help_text` describes the parameter in the API schema (drf-spectacular reads it from
    the filter); `page_help`, when given, is what a page shows under the field instead ("" for
    nothing), so that a page does not ask for codes or slugs its picker already knows."""

    def __init__(self, *args, page_help=None, **kwargs) -> None:
        self.page_help = page_help
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        if self.page_help is not None:
            field.help_text = self.page_help
        return field


class _KnownOrNothingField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            if exc.code != "invalid_choice":
                raise
            # A value of the wrong type (a word for a number) stays an error.
            field = self.queryset.model._meta.get_field(self.to_field_name or "pk")
            field.to_python(value)
            # An instance that no row is (ids start at 1): every lookup through it finds
            # nothing, filter methods included.
            return self.queryset.model(pk=0)


class ModelChoiceFilter(PageHelpMixin, django_filters.ModelChoiceFilter):
    """A record chosen by its code or slug. An unknown one finds nothing (an empty list),
    as an unknown code of a text filter does, rather than an error: whether a code exists
    is not something a client can learn from the API's schema."""

    field_class = _KnownOrNothingField


class CountryFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Name or code"),
        max_length=100,
        help_text=_("Part of the name in English, French or Spanish, or an ISO code."),
    )
    region = ModelChoiceFilter(
        field_name="region",
        to_field_name="slug",
        queryset=Region.objects.filter(level=Region.Level.REGION),
        label=_("Region"),
        empty_label=_("All regions"),
        help_text=_("UN M49 region, by slug (e.g. africa, europe)."),
    )
    sub_region = ModelChoiceFilter(
        method="filter_sub_region",
        to_field_name="slug",
        queryset=Region.objects.exclude(level=Region.Level.REGION),
        label=_("Sub-region"),
        empty_label=_("All sub-regions"),
        help_text=_("UN M49 sub-region or intermediate region, by slug (e.g. western-africa)."),
    )
    income_group = django_filters.ChoiceFilter(
        choices=IncomeGroup.choices,
        label=_("Income group"),
        empty_label=_("All income groups"),
        help_text=_("World Bank income group: HIC, UMC, LMC or LIC."),
    )

    class Meta:
        model = Country
        fields = ["search", "region", "sub_region", "income_group"]

    def filter_sub_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        return queryset.filter(Q(sub_region=value) | Q(intermediate_region=value))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return phrase_filter(
            queryset, value, ("name_en", "name_fr", "name_es", "iso3__iexact", "iso2__iexact")
        )


def split_codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


area_codes = RegexValidator(
    r"^\s*[A-Za-z0-9]{2,8}(\s*,\s*[A-Za-z0-9]{2,8}){0,49}\s*$",
    _("Give up to 50 country or area codes separated by commas, e.g. PHL,MEX."),
)

CHOSEN = _("Chosen:")
CHOOSE_SEVERAL = _("Hold Ctrl (Cmd on a Mac) to choose several.")

CountryOptions = Callable[[], Iterable[Country]]


class _CountryChoicesMixin:
    """Options of countries by their name in the active language, value the ISO3 code; read
    when the widget is drawn (language, data), from `countries`, a callable returning
    countries (one query). A chosen code that is not among them stays shown and chosen."""

    def __init__(self, attrs=None, countries: CountryOptions | None = None) -> None:
        super().__init__(attrs)
        self.countries = countries or country_choices

    def country_options(self, chosen: list[str]) -> list[tuple[str, str]]:
        options = [(c.iso3, c.name) for c in self.countries()]
        known = {code for code, _name in options}
        missing = [code for code in chosen if code not in known]
        if missing:  # a country outside the list by its name, an aggregate by its code
            names = {c.iso3: c.name for c in country_choices().filter(iso3__in=missing)}
            options += [(code, names.get(code, code)) for code in missing]
        return options


class CountryPicker(_CountryChoicesMixin, forms.SelectMultiple):
    """Several countries (an HTML <select multiple>). Reads repeated parameters
    (?sending=GBR&sending=FRA, what the browser sends) and comma-separated codes
    (?sending=GBR,FRA) alike, and hands the field one comma-separated text."""

    def __init__(self, attrs=None, countries: CountryOptions | None = None) -> None:
        super().__init__({"size": 8, **(attrs or {})}, countries)

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None or isinstance(values, str):
            return values
        chosen = [v for v in values if v.strip()]
        if not chosen:
            return "" if values else None
        return chosen[0] if len(chosen) == 1 else ",".join(chosen)

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        return split_codes(value or "")

    def get_context(self, name, value, attrs):
        self.choices = self.country_options(self.format_value(value))
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        # The text field's length limit is no attribute of a <select>.
        widget_attrs.pop("maxlength", None)
        # No taller than its options: a short list needs no empty rows.
        widget_attrs["size"] = min(int(widget_attrs["size"]), max(len(self.choices), 4))
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        names = [label for code, label in self.choices if code in chosen]
        if not names:
            return html
        # Chosen options may be scrolled out of sight: name them under the list.
        return format_html(
            '{}<p class="help picker-chosen">{} {}</p>', html, CHOSEN, ", ".join(names)
        )


ANY_COUNTRY = _("Any country")


class CountrySelect(_CountryChoicesMixin, forms.Select):
    """One country, with a first option that reads as words (`empty_label`)."""

    def __init__(
        self, attrs=None, countries: CountryOptions | None = None, empty_label=None
    ) -> None:
        super().__init__(attrs, countries)
        self.empty_label = empty_label or ANY_COUNTRY

    def format_value(self, value):
        return [str(value).strip().upper()] if value not in (None, "") else [""]

    def get_context(self, name, value, attrs):
        chosen = [c for c in self.format_value(value) if c]
        self.choices = [("", self.empty_label), *self.country_options(chosen)]
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class CharFilter(PageHelpMixin, django_filters.CharFilter):
    """A text filter; a page may show other help than the API (`page_help`)."""


def codes_filter(
    lookup: str, label, help_text, *, countries: CountryOptions | None = None
) -> django_filters.CharFilter:
    """ISO3 or aggregate codes, matched with `<lookup>__in`: repeated parameters or
    comma-separated (or both). Pages draw it as a picker of `countries` by name (all
    countries unless given); `help_text` is for the API."""

    def apply(queryset: QuerySet, name: str, value: str) -> QuerySet:
        codes = split_codes(value)
        return queryset.filter(**{f"{lookup}__in": codes}) if codes else queryset

    return CharFilter(
        method=apply,
        max_length=450,
        validators=[area_codes],
        label=label,
        help_text=help_text,
        page_help=CHOOSE_SEVERAL,
        widget=CountryPicker(countries=countries),
    )


class YearRangeFilterSet(django_filters.FilterSet):
    """`year_from` / `year_to` on a `year` field."""

    year_from = django_filters.NumberFilter(
        field_name="year", lookup_expr="gte", label=_("From year"), min_value=1900, max_value=2100
    )
    year_to = django_filters.NumberFilter(
        field_name="year", lookup_expr="lte", label=_("To year"), min_value=1900, max_value=2100
    )


TRUE_WORDS = {"true", "1", "on", "yes"}
FALSE_WORDS = {"false", "0", "off", "no"}


def _as_bool(value: object) -> bool | None:
    text = str(value).strip().lower() if value is not None else ""
    if text == "":
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise forms.ValidationError(_("Give true or false."), code="invalid")


class _RawMixin:
    """Hands the field the text as sent, so that the field can refuse nonsense (Django's
    widgets turn any unknown text into 'no filter' or 'yes')."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        if len(values) > 1:
            return values  # refused by the field: one value only
        return values[0] if values else None


class YesNoSelect(_RawMixin, forms.Select):
    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])

    def format_value(self, value):
        try:
            flag = _as_bool(value)
        except forms.ValidationError:
            flag = None
        return ["" if flag is None else ("true" if flag else "false")]


class YesNoCheckbox(_RawMixin, forms.CheckboxInput):
    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, check_test=lambda v: str(v).strip().lower() in TRUE_WORDS)


class YesNoField(forms.Field):
    widget = YesNoSelect

    def to_python(self, value):
        if isinstance(value, list):
            raise forms.ValidationError(_("Give this parameter once."), code="invalid")
        return _as_bool(value)

    def validate(self, value) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class BooleanFilter(django_filters.BooleanFilter):
    """true/false (also 1/0, on/off, yes/no); empty means no filter; anything else is a
    clear 'Give true or false.' instead of being silently ignored."""

    field_class = YesNoField


class WholeNumberFilter(django_filters.NumberFilter):
    """A number filter on a whole-number field: 0.5 is refused, not rounded, and so is a
    number larger than a database integer holds (the query would overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)
