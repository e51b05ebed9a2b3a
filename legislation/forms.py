"""Forms of the focal points' editor: they check the shape of input only."""

from django import forms
from django.db import models
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.forms import CountryChoiceField, blank_choices_in_words
from imdi_portal.core.models import Country
from legislation.models import (
    ContactPoint,
    Fee,
    Law,
    PermitCategory,
    PermitKind,
    ProfessionalBody,
    RequiredDocument,
    Requirement,
)

MAIN_FIELDS = [
    "name_en",
    "name_fr",
    "name_es",
    "kind",
    "legal_basis",
    "summary",
    "apply_online",
    "apply_at_consulate",
    "apply_in_country",
    "application_url",
    "application_notes",
    "processing_days_typical",
    "processing_days_max",
    "initial_stay_months",
    "stay_conditions",
    "renewable",
    "max_total_stay_months",
    "extension_conditions",
    "multiple_entry_visa",
    "dependants_allowed",
    "dependants_who",
    "spouse_may_work",
    "appeal_available",
    "appeal_body",
    "appeal_deadline_days",
    "labour_market_test",
    "labour_market_test_criteria",
    "annual_quota",
    "quota_period",
    "recognition_procedure",
]


def _formfield(field: models.Field, **kwargs):
    # Links typed without a scheme are taken as https (Django 6's default, chosen now).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = PermitCategory
        formfield_callback = _formfield
        fields = MAIN_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "summary",
                "application_notes",
                "stay_conditions",
                "extension_conditions",
                "labour_market_test_criteria",
                "recognition_procedure",
            )
        }

    laws = forms.ModelMultipleChoiceField(
        label=_("Laws"),
        queryset=Law.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Laws of the country, as entered under Laws in the administration."),
    )

    def __init__(self, *args, country=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        blank_choices_in_words(self)
        country = country or getattr(self.instance, "country", None)
        self.fields["laws"].queryset = Law.objects.filter(country=country)
        if self.instance.pk:
            self.initial["laws"] = list(self.instance.laws.values_list("pk", flat=True))

    def clean(self):
        data = super().clean()
        typical, maximum = data.get("processing_days_typical"), data.get("processing_days_max")
        if typical is not None and maximum is not None and maximum < typical:
            self.add_error(
                "processing_days_max", _("The maximum cannot be shorter than the typical time.")
            )
        return data


def _row_form(model, fields):
    return forms.modelform_factory(model, fields=fields, formfield_callback=_formfield)


ELEMENT_FORMSETS = {
    "requirements": (
        _("Requirements"),
        formset_factory(_row_form(Requirement, ["text"]), extra=2, can_delete=True),
    ),
    "documents": (
        _("Documents required"),
        formset_factory(
            _row_form(
                RequiredDocument, ["name", "translation_required", "legalisation_required", "notes"]
            ),
            extra=2,
            can_delete=True,
        ),
    ),
    "fees": (
        _("Fees"),
        formset_factory(
            _row_form(Fee, ["label", "amount", "currency", "payer"]), extra=1, can_delete=True
        ),
    ),
    "professional_bodies": (
        _("Professional bodies"),
        formset_factory(_row_form(ProfessionalBody, ["name", "url"]), extra=1, can_delete=True),
    ),
    "contact_points": (
        _("Contact points"),
        formset_factory(
            _row_form(ContactPoint, ["authority", "address", "website", "email", "phone"]),
            extra=1,
            can_delete=True,
        ),
    ),
}


def element_formsets(category: PermitCategory, data=None) -> dict[str, tuple]:
    """One formset per list element, filled from the draft's rows."""
    result = {}
    for name, (label, formset_class) in ELEMENT_FORMSETS.items():
        fields = list(formset_class.form.base_fields)
        initial = [{f: getattr(obj, f) for f in fields} for obj in getattr(category, name).all()]
        result[name] = (label, formset_class(data, initial=initial, prefix=name))
    return result


def cleaned_rows(formset) -> list[dict]:
    """The complete new list: every existing row not marked for deletion (changed or not)
    and every extra row that was filled in."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        if form in formset.extra_forms and not form.has_changed():
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


class CompareForm(forms.Form):
    """A kind of permit and two to four countries (repeated `country` parameters)."""

    MAX_COUNTRIES = 4

    # Optional: a link without a kind gets the form and the kinds the countries publish.
    kind = forms.ChoiceField(
        label=_("Kind of permit"),
        choices=[("", _("Choose a kind of permit")), *PermitKind.choices],
        required=False,
    )
    country = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        to_field_name="iso3",
        required=False,
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            # Unused country pickers send an empty value: not a choice, just nothing.
            data.setlist("country", [c for c in data.getlist("country") if c])
        super().__init__(data, *args, **kwargs)

    def clean_country(self):
        codes = self.data.getlist("country")
        # Columns follow the order in which the countries were chosen.
        countries = sorted(self.cleaned_data["country"], key=lambda c: codes.index(c.iso3))
        if len(countries) > self.MAX_COUNTRIES:
            raise forms.ValidationError(
                _("Compare at most %(n)s countries at a time.") % {"n": self.MAX_COUNTRIES}
            )
        return countries


class FinderForm(forms.Form):
    nationality = CountryChoiceField(
        label=_("I am a national of"),
        queryset=Country.objects.ordered_by_name(),
        to_field_name="iso3",
        empty_label=_("Choose your country"),
    )
    destination = CountryChoiceField(
        label=_("I want to work in"),
        queryset=Country.objects.ordered_by_name(),
        to_field_name="iso3",
        empty_label=_("Choose a country"),
    )
    kind = forms.ChoiceField(
        label=_("as"), required=False, choices=[("", _("any kind of permit")), *PermitKind.choices]
    )

    def clean(self):
        data = super().clean()
        if data.get("nationality") and data.get("nationality") == data.get("destination"):
            self.add_error("destination", _("Choose a country other than your own."))
        return data
