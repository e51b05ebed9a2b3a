"""Forms of the proposal editor (one per step) and of the project actions.

Lists (countries, partners, results, budget lines, co-financing) are formsets of plain forms
with a few empty rows, so the editor works without JavaScript; their cleaned rows go to
projects.services.proposal_update, which replaces each list as a whole.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.forms import CHOOSE_ONE, CountryChoiceField
from imdi_portal.core.models import Component, Country, Organisation, Theme
from projects.models import (
    Attachment,
    BudgetLine,
    InvolvedCountry,
    Partner,
    Proposal,
    Report,
    ResultLine,
)


class LocalizedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ProjectStepForm(forms.Form):
    TEXT_FIELDS = ("title", "title_fr", "title_es", "summary", "summary_fr", "summary_es")

    TEXT_FIELDS = ("title", "title_fr", "title_es", "summary", "summary_fr", "summary_es")

    title = forms.CharField(label=_("Title"), max_length=200)
    title_fr = forms.CharField(
        label=_("Title in French (optional)"), max_length=200, required=False
    )
    title_es = forms.CharField(
        label=_("Title in Spanish (optional)"), max_length=200, required=False
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("What the project will do, for whom, and why (up to about 300 words)."),
    )
    summary_fr = forms.CharField(
        label=_("Summary in French (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Shown on the public pages to readers of the portal in French."),
    )
    summary_es = forms.CharField(
        label=_("Summary in Spanish (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Shown on the public pages to readers of the portal in Spanish."),
    )
    components = LocalizedChoiceField(
        label=_("IMDI components"),
        queryset=Component.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = LocalizedChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_date = forms.DateField(
        label=_("Planned start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When activities would begin, if funded."),
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), min_value=1, max_value=120, required=False
    )


class PrspForm(forms.Form):
    prsp_statement = forms.CharField(
        label=_("How the project fits the national development strategy"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "Name the priorities of each country's development plan or Poverty Reduction "
            "Strategy (PRSP) that the project serves."
        ),
    )
    prsp_reference = forms.CharField(
        label=_("Strategy document"),
        max_length=300,
        required=False,
        help_text=_("Title and year of the development strategy or PRSP, and the section."),
    )
    prsp_url = forms.URLField(
        label=_("Link to the strategy"), required=False, assume_scheme="https"
    )


# Selects of formset rows start blank: a row left empty must stay "unchanged" to be skipped.
BLANK = [("", CHOOSE_ONE)]


class RowForm(forms.Form):
    """A formset row: blank rows are ignored, rows ticked 'Remove' are dropped."""

    def row(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data or data.get("DELETE"):
            return None
        return {k: v for k, v in data.items() if k != "DELETE"}


class CountryRowForm(RowForm):
    country = CountryChoiceField(
        label=_("Country"),
        queryset=Country.objects.ordered_by_name(),
        to_field_name="iso3",
        empty_label=_("Choose a country"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=BLANK + InvolvedCountry.Role.choices)


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class PartnerRowForm(RowForm):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_approved=True).order_by("-is_gmg_member", "name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Not in the list"),
    )
    name = forms.CharField(label=_("Name, if not in the list"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=BLANK + Partner.Role.choices)

    def clean(self):
        data = super().clean()
        named = data and (data.get("organisation") or (data.get("name") or "").strip())
        if data and not data.get("DELETE") and not named:
            raise forms.ValidationError(_("Choose an organisation or type its name."))
        return data


class ResultRowForm(RowForm):
    level = forms.ChoiceField(label=_("Level"), choices=BLANK + ResultLine.Level.choices)
    statement = forms.CharField(label=_("Statement"), max_length=500)
    indicator = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    baseline = forms.CharField(label=_("Baseline"), max_length=120, required=False)
    target = forms.CharField(label=_("Target"), max_length=120, required=False)


class BudgetRowForm(RowForm):
    category = forms.ChoiceField(label=_("Category"), choices=BLANK + BudgetLine.Category.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0.01)


class CoFinancingRowForm(RowForm):
    source = forms.CharField(label=_("Source"), max_length=200)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0.01)
    confirmed = forms.BooleanField(label=_("Confirmed"), required=False)


class CurrencyForm(forms.Form):
    currency = forms.RegexField(
        label=_("Currency of the budget"),
        regex=r"^[A-Za-z]{3}$",
        max_length=3,
        help_text=_("ISO 4217 code, e.g. USD or EUR. Every amount below is in this currency."),
        error_messages={"invalid": _("Give a three-letter ISO 4217 code, e.g. USD.")},
    )

    def clean_currency(self) -> str:
        import pycountry

        code = self.cleaned_data["currency"].upper()
        if pycountry.currencies.get(alpha_3=code) is None:
            raise forms.ValidationError(
                _("“%(code)s” is not an ISO 4217 currency code."), params={"code": code}
            )
        return code


def row_formset(form: type[forms.Form], extra: int = 2):
    return formset_factory(form, extra=extra, can_delete=True, max_num=50, validate_max=True)


CountryFormSet = row_formset(CountryRowForm)
PartnerFormSet = row_formset(PartnerRowForm)
ResultFormSet = row_formset(ResultRowForm, extra=3)
BudgetFormSet = row_formset(BudgetRowForm, extra=3)
CoFinancingFormSet = row_formset(CoFinancingRowForm, extra=1)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Attachment.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx) or Excel (.xlsx), at most %(mb)d MB.")
        % {"mb": settings.PROJECT_ATTACHMENT_MAX_BYTES // 1_000_000},
    )


class EndorsementForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("endorse", _("Endorse")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when declining: the submitter will read it."),
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, project: Proposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.results = list(project.results.all())
        for result in self.results:
            self.fields[f"achieved_{result.pk}"] = forms.CharField(
                label=f"{result.get_level_display()}: {result.statement}",
                required=False,
                max_length=120,
                initial=result.achieved,
                help_text=(
                    _("Target: %(target)s") % {"target": result.target} if result.target else ""
                ),
            )

    def achieved(self) -> dict[int, str]:
        return {
            r.pk: self.cleaned_data[f"achieved_{r.pk}"]
            for r in self.results
            if self.cleaned_data.get(f"achieved_{r.pk}")
        }


# --- admin forms ------------------------------------------------------------------------------


class ScreeningForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from projects.models import Screening

        for name, label in Screening.CHECKS:
            self.fields[name] = forms.BooleanField(label=label, required=False)
        self.order_fields([name for name, _label in Screening.CHECKS] + ["notes"])


class OutsideEndorsementForm(forms.Form):
    """The Secretariat records a government's endorsement sent by letter (the shape only;
    projects.services.endorsement_record_received checks the rest, the file included)."""

    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), empty_label=_("Choose a country")
    )
    signed_by = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        help_text=_("Name and function of the signatory, as on the letter."),
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    letter = forms.FileField(
        label=_("Letter of endorsement"), help_text=_("PDF, Word or Excel document.")
    )

    def __init__(self, *args: Any, proposal: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proposal is not None:
            from projects.models import InvolvedCountry

            self.fields["country"].queryset = Country.objects.filter(
                pk__in=proposal.countries.filter(
                    endorsement=InvolvedCountry.Endorsement.PENDING
                ).values("country")
            )


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("TAP member"), queryset=None, empty_label=_("Choose a TAP member")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from imdi_portal.core.models import User
        from imdi_portal.core.roles import Role

        self.fields["reviewer"].queryset = User.objects.filter(
            groups__name=Role.TAP_MEMBER, is_active=True
        ).order_by("last_name", "username")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the TAP"),
        choices=[
            ("approve", _("Approve")),
            ("request_revision", _("Request revision")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Approved amount"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("Required to approve; at most the budget requested."),
    )
    reason = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required to reject or request revision; sent to the submitter."),
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Required when the decision goes against the majority recommendation of the "
            "reviews; kept in the history."
        ),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("amount"):
            self.add_error("amount", _("Give the amount approved."))
        if (
            data.get("decision") in ("reject", "request_revision")
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the reasons for the submitter."))
        return data
