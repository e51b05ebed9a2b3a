"""Forms of the job-mobility pages: shape of the input only; the rules are in services."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.forms import CountryChoiceField
from imdi_portal.core.models import Country
from labour_market.models import Industry, Occupation
from mobility.models import (
    LANGUAGE_CHOICES,
    MAX_OCCUPATIONS,
    Audience,
    CEFRLevel,
    PreparationStep,
    Vacancy,
    Verification,
    WorkerProfile,
)
from mobility.services import vacancy_check

BLANK = [("", "---------")]


def _countries():
    return Country.objects.ordered_by_name()


class OccupationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} · {obj.title}"


class SectorMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} · {obj.title}"


class CountryMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class WorkerSignupForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    username = forms.RegexField(
        label=_("User name"),
        regex=r"^[\w.@+-]{3,150}$",
        error_messages={"invalid": _("3 to 150 letters, digits and @ . + - _ only.")},
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        try:
            validate_password(password)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return password


class ProfileForm(forms.ModelForm):
    home_country = CountryChoiceField(
        label=_("Country of citizenship"), queryset=_countries(), to_field_name="iso3"
    )
    destinations = CountryMultipleField(
        label=_("Destination countries of interest"),
        queryset=_countries(),
        to_field_name="iso3",
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    sectors = SectorMultipleField(
        label=_("Sectors of interest"),
        queryset=Industry.objects.filter(level=Industry.Level.SECTION),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkerProfile
        fields = [
            "home_country",
            "education_level",
            "available_from",
            "is_abroad",
            "wants_to_return",
            "has_returned",
            "destinations",
            "sectors",
        ]
        widgets = {"available_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # model_to_dict gives the primary key; the field is keyed by ISO3 code.
        if self.instance.pk:
            self.initial["home_country"] = self.instance.home_country.iso3
        self.fields["destinations"].widget.attrs["size"] = 8


class OccupationForm(forms.Form):
    occupation = OccupationChoiceField(
        label=_("Occupation (ISCO-08 unit group)"),
        queryset=Occupation.objects.filter(level=Occupation.Level.UNIT),
        to_field_name="code",
    )
    years_experience = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=60, initial=0
    )


class BaseUniqueFormSet(forms.BaseFormSet):
    key = ""

    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.forms:
            value = form.cleaned_data.get(self.key) if form.is_valid() else None
            if value is None:
                continue
            if value in seen:
                raise forms.ValidationError(_("Each entry is listed once."))
            seen.add(value)

    def pairs(self, second: str) -> list[tuple]:
        return [
            (form.cleaned_data[self.key], form.cleaned_data[second])
            for form in self.forms
            if form.is_valid() and form.cleaned_data.get(self.key) is not None
        ]


class OccupationBaseFormSet(BaseUniqueFormSet):
    key = "occupation"


OccupationFormSet = forms.formset_factory(
    OccupationForm,
    formset=OccupationBaseFormSet,
    extra=MAX_OCCUPATIONS,
    max_num=MAX_OCCUPATIONS,
    validate_max=True,
    absolute_max=10,
)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=BLANK + LANGUAGE_CHOICES)
    level = forms.TypedChoiceField(
        label=_("Level (CEFR)"), choices=BLANK + CEFRLevel.choices, coerce=int
    )


class LanguageBaseFormSet(BaseUniqueFormSet):
    key = "language"


LanguageFormSet = forms.formset_factory(
    LanguageForm,
    formset=LanguageBaseFormSet,
    extra=3,
    max_num=8,
    validate_max=True,
    absolute_max=20,
)


class QualificationForm(forms.Form):
    title = forms.CharField(label=_("Title of the qualification"), max_length=200)
    awarding_body = forms.CharField(label=_("Awarding body"), max_length=200)
    country = CountryChoiceField(label=_("Country"), queryset=_countries(), to_field_name="iso3")
    year = forms.IntegerField(label=_("Year awarded"), min_value=1900, max_value=2100)
    document = forms.FileField(
        label=_("Diploma or certificate (optional)"),
        required=False,
        help_text=_("PDF, Word (.docx) or Excel (.xlsx). Only you can download it."),
    )


class ConsentForm(forms.Form):
    audience = forms.ChoiceField(choices=Audience.choices)
    country = CountryChoiceField(queryset=Country.objects.all(), to_field_name="iso3")


class VacancyForm(forms.ModelForm):
    destination = CountryChoiceField(
        label=_("Destination country"), queryset=_countries(), to_field_name="iso3"
    )
    occupation = OccupationChoiceField(
        label=_("Occupation (ISCO-08)"),
        queryset=Occupation.objects.filter(level=Occupation.Level.UNIT),
        to_field_name="code",
    )

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "employer_name",
            "description",
            "destination",
            "occupation",
            "sector",
            "posts",
            "min_education",
            "min_experience_years",
            "salary_min",
            "salary_max",
            "currency",
            "contract_months",
            "permit_category",
            "agreement",
            "twinning",
        ]

    def clean(self) -> dict:
        data = super().clean()
        needed = ("salary_min", "salary_max", "currency", "posts", "contract_months")
        if all(data.get(name) is not None for name in needed):
            try:
                data.update(vacancy_check(data))
            except DomainError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


class VacancyLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=BLANK + LANGUAGE_CHOICES)
    min_level = forms.TypedChoiceField(
        label=_("Minimum level (CEFR)"), choices=BLANK + CEFRLevel.choices, coerce=int
    )


class VacancyLanguageBaseFormSet(BaseUniqueFormSet):
    key = "language"


VacancyLanguageFormSet = forms.formset_factory(
    VacancyLanguageForm,
    formset=VacancyLanguageBaseFormSet,
    extra=2,
    max_num=5,
    validate_max=True,
    absolute_max=10,
)


# --- Applications (phase 2) ------------------------------------------------------------------


class ApplicationMoveForm(forms.Form):
    """One move of an application: the action's name (the table decides) and why."""

    action = forms.CharField(max_length=30)
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PreparationStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PreparationStep.Status.choices)
    on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    details = forms.CharField(label=_("Details"), required=False, max_length=200)


class VerificationForm(forms.Form):
    subject = forms.ChoiceField(
        choices=[("qualification", "qualification"), ("language", "language")],
        widget=forms.HiddenInput,
    )
    subject_id = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("Result"), choices=Verification.Result.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
