"""Forms of the certification pages and of its admin pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from certification.models import (
    AuditFinding,
    CommitmentRating,
    Complaint,
    Enterprise,
    PrincipleIndicator,
    SelfAssessment,
)
from imdi_portal.core.forms import CountryChoiceField, blank_choices_in_words
from imdi_portal.core.models import Country
from labour_market.models import Industry


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} · {obj.title}"


class EnterpriseForm(forms.ModelForm):
    country = CountryChoiceField(
        label=_("Country"),
        queryset=Country.objects.ordered_by_name(),
        to_field_name="iso3",
        empty_label=_("Choose a country"),
    )
    sector = SectorChoiceField(
        label=_("Sector (ISIC Rev.4 section)"),
        queryset=Industry.objects.filter(level=Industry.Level.SECTION).order_by("code"),
        to_field_name="code",
        empty_label=_("Choose a sector"),
        help_text=_("Recruitment agencies are in section N (administrative and support services)."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = [
            "legal_name",
            "registration_number",
            "country",
            "sector",
            "kind",
            "size",
            "website",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        blank_choices_in_words(self)


class ApplicationForm(forms.Form):
    scope = forms.CharField(
        label=_("Scope of the label"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the label would cover: activities, sites, corridors of recruitment."),
    )


class SelfAssessmentForm(forms.Form):
    """One answer and comment per indicator of the principle set."""

    def __init__(self, *args, indicators: list[PrincipleIndicator], existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            answer, comment = existing.get(indicator.pk, ("", ""))
            self.fields[f"answer_{indicator.pk}"] = forms.ChoiceField(
                label=f"{indicator.code} {indicator.text}",
                choices=SelfAssessment.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=answer,
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("How the enterprise meets %(code)s") % {"code": indicator.code},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=comment,
            )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            i.pk: (self.cleaned_data[f"answer_{i.pk}"], self.cleaned_data[f"comment_{i.pk}"])
            for i in self.indicators
            if self.cleaned_data.get(f"answer_{i.pk}")
        }

    def rows(self):
        for indicator in self.indicators:
            yield indicator, self[f"answer_{indicator.pk}"], self[f"comment_{indicator.pk}"]


class EvidenceForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator it shows (optional)"),
        queryset=PrincipleIndicator.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx) or Excel (.xlsx), at most %(mb)d MB.")
        % {"mb": settings.PROJECT_ATTACHMENT_MAX_BYTES // 1_000_000},
    )

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Label number"),
        max_length=40,
        help_text=_("As printed on the label: IMDI-XXXXX-XXXXX-X."),
    )


class ComplaintForm(forms.ModelForm):
    number = forms.CharField(label=_("Label number"), max_length=40)

    class Meta:
        model = Complaint
        fields = ["number", "description", "reporter_name", "reporter_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "description": _(
                "What happened, when and where. Do not give personal details of others."
            ),
            "reporter_email": _("Only if you want to be contacted about the outcome."),
        }


class FalseClaimForm(forms.Form):
    """An enterprise shows the IMDI label but is not in the registry: what the reporter saw.
    The number is free text; the service checks the web address and the rest."""

    enterprise_name = forms.CharField(
        label=_("Name of the enterprise, as shown"),
        max_length=200,
        error_messages={"required": _("Give the name of the enterprise as it is shown.")},
    )
    seen_at = forms.CharField(
        label=_("Where you saw the claim"),
        max_length=500,
        help_text=_(
            "A web address (https://…), or a description such as “a poster in their office "
            "in the main street”."
        ),
        error_messages={
            "required": _(
                "Say where you saw the claim: a web address, or a place such as an office."
            )
        },
    )
    claimed_number = forms.CharField(
        label=_("Label number, as shown (optional)"),
        max_length=60,
        required=False,
        help_text=_("Copy it exactly as it appears, even if it looks wrong."),
    )
    country = CountryChoiceField(
        label=_("Country where the enterprise works"),
        queryset=Country.objects.ordered_by_name(),
        to_field_name="iso3",
        error_messages={"required": _("Choose the country where the enterprise works.")},
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "How the enterprise uses the label, what it asked of you or others, when. Do not "
            "give personal details of others."
        ),
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    reporter_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you want to be contacted about the outcome."),
    )


# --- admin -------------------------------------------------------------------------------------


class AssignAuditorForm(forms.Form):
    auditor = forms.ModelChoiceField(label=_("Auditor"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from imdi_portal.core.models import User
        from imdi_portal.core.roles import Role

        self.fields["auditor"].queryset = User.objects.filter(
            groups__name=Role.AUDITOR, is_active=True
        ).order_by("last_name", "username")


class FindingsForm(forms.Form):
    """The auditor's rating of every indicator."""

    def __init__(self, *args, indicators, existing: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            found = existing.get(indicator.pk)
            self.fields[f"rating_{indicator.pk}"] = forms.ChoiceField(
                label=f"{indicator.code} {indicator.text}",
                choices=[("", "—"), *AuditFinding.Rating.choices],
                required=False,
                initial=found.rating if found else "",
            )
            self.fields[f"finding_{indicator.pk}"] = forms.CharField(
                label=_("Finding"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=found.finding if found else "",
            )
            self.fields[f"corrective_action_{indicator.pk}"] = forms.CharField(
                label=_("Corrective action"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=found.corrective_action if found else "",
            )
            self.fields[f"deadline_{indicator.pk}"] = forms.DateField(
                label=_("Deadline"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                initial=found.deadline if found else None,
            )

    def findings(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            i.pk: {
                "rating": data[f"rating_{i.pk}"],
                "finding": data[f"finding_{i.pk}"],
                "corrective_action": data[f"corrective_action_{i.pk}"],
                "deadline": data[f"deadline_{i.pk}"],
            }
            for i in self.indicators
            if data.get(f"rating_{i.pk}")
        }

    def rows(self):
        for i in self.indicators:
            yield (
                i,
                [
                    self[f"{name}_{i.pk}"]
                    for name in ("rating", "finding", "corrective_action", "deadline")
                ],
            )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept and issue the label")),
            ("defer", _("Defer: corrective actions, then a new audit")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class LabelStatusForm(forms.Form):
    move = forms.ChoiceField(
        label=_("Change"),
        choices=[
            ("suspend", _("Suspend")),
            ("reinstate", _("Reinstate")),
            ("withdraw", _("Withdraw")),
        ],
    )
    reason = forms.CharField(label=_("Reason (shown in the registry)"), max_length=500)


class ComplaintCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Complaint.Outcome.choices)
    notes = forms.CharField(
        label=_("Findings of the investigation"), widget=forms.Textarea(attrs={"rows": 4})
    )


class TwinningReviewForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, commitments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commitments = list(commitments)
        for c in self.commitments:
            self.fields[f"rating_{c.pk}"] = forms.ChoiceField(
                label=f"{c.get_party_display()} · {c.area}: {c.text}",
                choices=CommitmentRating.Rating.choices,
            )
            self.fields[f"evidence_{c.pk}"] = forms.CharField(
                label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"recommendation_{c.pk}"] = forms.CharField(
                label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def ratings(self) -> dict[int, tuple[str, str, str]]:
        d = self.cleaned_data
        return {
            c.pk: (d[f"rating_{c.pk}"], d[f"evidence_{c.pk}"], d[f"recommendation_{c.pk}"])
            for c in self.commitments
        }
