"""Admin of the projects app: where the Secretariat screens proposals and assigns TAP members,
TAP members review, the TAP decision is recorded, and the funds are accounted for.

Nothing here changes a row by itself: the forms call projects.services in clean(), so a
refused action shows as a form error and writes nothing, and the admin's own save is a no-op.
Proposals are read-only in the admin; their state moves only through the buttons of the
proposal's review page, which call the same services as the site and the API.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.roles import Role, has_role
from projects import selectors, services, workflow
from projects.forms import (
    AssignReviewerForm,
    DecisionForm,
    OutsideEndorsementForm,
    ScreeningForm,
)
from projects.models import (
    Allocation,
    Contribution,
    Disbursement,
    Proposal,
    Report,
    Review,
    Screening,
)
from projects.selectors import review_summary_get


class ServiceForm(forms.ModelForm):
    """A ModelForm whose record is written by a service (`run`), once the form is valid.

    The admin calls `run` from `save_form`; when the service refuses (DomainError) the
    transaction is rolled back and the form is shown again with the service's reason."""

    request: HttpRequest

    def run(self, data: dict[str, Any]) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        refusal = getattr(self.request, "_service_refusal", None)
        if refusal and not self.errors:
            raise forms.ValidationError(refusal)
        return data


class _Refused(Exception):
    """A service refused the write: roll back the admin's transaction, show the form again."""


class ServiceAdmin(admin.ModelAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refusal:
            # Nothing was written; the second pass only validates, and clean() shows why.
            request._service_refusal = str(refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_form(self, request, form, change):
        try:
            result = form.run(form.cleaned_data)
        except DomainError as exc:
            raise _Refused(str(exc)) from exc
        if result is not None:
            form.instance = result
        return form.save(commit=False)  # no write: gives the admin the record and save_m2m

    def save_model(self, request, obj, form, change) -> None:
        pass  # the service has saved it in save_form()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # money and reviews are accounted for, never deleted


def _decision_context(user: Any, proposal: Proposal) -> dict[str, Any]:
    """Who may record the TAP decision here, as what, and what the reviews recommend."""
    capacity = workflow.decision_capacity(user)
    majority = workflow.majority_recommendation(proposal)
    return {
        "decision_capacity": Proposal.Capacity(capacity).label if capacity else "",
        "majority": {
            "label": Review.Recommendation(majority[0]).label,
            "n": majority[1],
            "total": majority[2],
        }
        if majority
        else None,
    }


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "organisation", "state", "version", "updated_at"]
    list_filter = ["state", "components", "is_sample"]
    search_fields = ["reference", "title", "organisation__name"]
    list_select_related = ["organisation"]
    change_form_template = "admin/projects/proposal/review.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if workflow.is_secretariat(request.user):
            return qs
        # TAP members see the proposals they are assigned to; the chair also those the
        # panel has reviewed (the same rule as the site's list).
        return qs.filter(pk__in=selectors.proposal_list(request.user).values("pk"))

    def has_add_permission(self, request) -> bool:
        return False  # proposals are written by submitters on the site

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        own = [
            path(
                "<int:pk>/screen/",
                self.admin_site.admin_view(self.screen_view),
                name="projects_proposal_screen",
            ),
            path(
                "<int:pk>/assign/",
                self.admin_site.admin_view(self.assign_view),
                name="projects_proposal_assign",
            ),
            path(
                "<int:pk>/endorsement/",
                self.admin_site.admin_view(self.endorsement_view),
                name="projects_proposal_endorsement",
            ),
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="projects_proposal_decide",
            ),
            path(
                "<int:pk>/act/<slug:action>/",
                self.admin_site.admin_view(self.act_view),
                name="projects_proposal_act",
            ),
        ]
        return own + super().get_urls()

    def _proposal(self, request: HttpRequest, pk: int) -> Proposal:
        proposal = get_object_or_404(self.get_queryset(request), pk=pk)
        if not workflow.can_view(request.user, proposal):
            raise PermissionDenied
        return proposal

    def _back(self, proposal: Proposal) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:projects_proposal_change", args=[proposal.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self._proposal(request, int(object_id))
        screening = proposal.screenings.filter(version=proposal.version).first()
        checks = (
            {name: getattr(screening, name) for name, _l in Screening.CHECKS} if screening else {}
        )
        context = {
            **(extra_context or {}),
            "proposal": proposal,
            "summary": review_summary_get(proposal),
            "screening": screening,
            "screening_form": ScreeningForm(
                initial={**checks, "notes": screening.notes if screening else ""}
            ),
            "assign_form": AssignReviewerForm(),
            "endorsement_form": OutsideEndorsementForm(proposal=proposal),
            "unreached": services.countries_without_focal_point(proposal),
            "decision_form": DecisionForm(),
            **_decision_context(request.user, proposal),
            # The TAP decision has its own form; the other moves are plain buttons.
            "actions": [
                a
                for a in workflow.available_actions(request.user, proposal)
                if a.name not in ("approve", "reject", "request_revision")
            ],
            "is_secretariat": workflow.is_secretariat(request.user),
            "my_review": proposal.reviews.filter(
                reviewer=request.user, version=proposal.version
            ).first(),
        }
        return super().change_view(request, object_id, form_url, context)

    def screen_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = self._proposal(request, pk)
        form = ScreeningForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            notes = data.pop("notes", "")
            try:
                services.screening_save(
                    user=request.user, proposal=proposal, checks=data, notes=notes
                )
            except DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("Screening checklist saved."), messages.SUCCESS)
        return self._back(proposal)

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        proposal = self._proposal(request, pk)
        form = AssignReviewerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reviewer_assign(
                    user=request.user, proposal=proposal, reviewer=form.cleaned_data["reviewer"]
                )
            except DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("TAP member assigned and notified."), messages.SUCCESS)
        return self._back(proposal)

    def endorsement_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """An endorsement the government sent outside the portal, recorded by the Secretariat."""
        proposal = self._proposal(request, pk)
        form = OutsideEndorsementForm(
            request.POST or None, request.FILES or None, proposal=proposal
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.endorsement_record_received(
                    user=request.user, proposal=proposal, **form.cleaned_data
                )
            except DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("The endorsement of %(country)s is recorded.")
                    % {"country": form.cleaned_data["country"].name},
                    messages.SUCCESS,
                )
        elif request.method == "POST":
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            self.message_user(request, errors, messages.ERROR)
        return self._back(proposal)

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The TAP decision: a form, then a confirmation page showing the score summary."""
        proposal = self._proposal(request, pk)
        allowed, reason = workflow.can_act(request.user, proposal, "approve")
        if not allowed:
            self.message_user(request, reason, messages.ERROR)
            return self._back(proposal)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if request.POST.get("confirmed") == "yes":
                try:
                    if data["decision"] == "approve":
                        services.proposal_approve(
                            user=request.user,
                            proposal=proposal,
                            amount=data["amount"],
                            note=data["reason"],
                            justification=data["justification"],
                        )
                    else:
                        services.proposal_act(
                            user=request.user,
                            proposal=proposal,
                            action=data["decision"],
                            reason=data["reason"],
                            justification=data["justification"],
                        )
                except DomainError as exc:
                    self.message_user(request, str(exc), messages.ERROR)
                else:
                    self.message_user(request, _("The TAP decision is recorded."), messages.SUCCESS)
                return self._back(proposal)
            return TemplateResponse(
                request,
                "admin/projects/proposal/confirm_decision.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "proposal": proposal,
                    "form": form,
                    "decision_label": dict(form.fields["decision"].choices)[data["decision"]],
                    "summary": review_summary_get(proposal),
                    "capacity": Proposal.Capacity(workflow.decision_capacity(request.user)).label,
                    "title": _("Confirm the TAP decision"),
                },
            )
        if request.method == "POST":
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            self.message_user(request, errors, messages.ERROR)
        return self._back(proposal)

    def act_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        proposal = self._proposal(request, pk)
        if request.method != "POST":
            return self._back(proposal)
        try:
            # The service moves a locked copy read afresh: report the state it returns, not
            # the one this request read before the move.
            proposal = services.proposal_act(
                user=request.user,
                proposal=proposal,
                action=action,
                reason=request.POST.get("reason", ""),
            )
        except DomainError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(ref)s is now: %(state)s.")
                % {"ref": proposal.reference, "state": proposal.get_state_display()},
                messages.SUCCESS,
            )
        return self._back(proposal)


class ReviewForm(ServiceForm):
    class Meta:
        model = Review
        fields = [
            "conflict_declared",
            "conflict_statement",
            "relevance",
            "feasibility",
            "development_impact",
            "cost_effectiveness",
            "sustainability",
            "recommendation",
            "comment",
        ]
        widgets = {
            name: forms.Select(choices=[("", "—")] + [(i, str(i)) for i in range(6)])
            for name, _label in Review.CRITERIA
        }

    def run(self, data: dict[str, Any]) -> Review:
        user = self.request.user
        if data.get("conflict_declared"):
            return services.review_declare_conflict(
                user=user, review=self.instance, statement=data.get("conflict_statement", "")
            )
        return services.review_submit(
            user=user,
            review=self.instance,
            scores={name: data.get(name) for name, _label in Review.CRITERIA},
            recommendation=data.get("recommendation", ""),
            comment=data.get("comment", ""),
        )


@admin.register(Review)
class ReviewAdmin(ServiceAdmin):
    """TAP members open their assigned reviews here; the Secretariat sees them all."""

    form = ReviewForm
    list_display = ["proposal", "version", "reviewer", "submitted_at", "recommendation", "total"]
    list_filter = ["recommendation", "conflict_declared"]
    list_select_related = ["proposal", "reviewer"]
    readonly_fields = ["proposal_link", "version", "reviewer", "assigned_at", "submitted_at"]
    fieldsets = [
        (None, {"fields": ["proposal_link", "version", "reviewer", "assigned_at", "submitted_at"]}),
        (
            gettext_lazy("Conflict of interest"),
            {
                "fields": ["conflict_declared", "conflict_statement"],
                "description": gettext_lazy(
                    "Tick and explain if you, your organisation or your country has an interest in "
                    "this proposal. You will then not review it."
                ),
            },
        ),
        (
            gettext_lazy("Scores (0 = poor, 5 = excellent)"),
            {"fields": [name for name, _label in Review.CRITERIA]},
        ),
        (gettext_lazy("Recommendation"), {"fields": ["recommendation", "comment"]}),
    ]

    @admin.display(description=gettext_lazy("total score"))
    def total(self, review: Review) -> int | None:
        return review.total

    @admin.display(description=gettext_lazy("proposal"))
    def proposal_link(self, review: Review) -> str:
        from django.utils.html import format_html

        url = reverse("admin:projects_proposal_change", args=[review.proposal_id])
        return format_html('<a href="{}">{}</a>', url, review.proposal)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if workflow.is_secretariat(request.user):
            return qs
        return qs.filter(reviewer=request.user)

    def has_add_permission(self, request) -> bool:
        return False  # the Secretariat assigns members from the proposal's page

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return obj.reviewer_id == request.user.pk and has_role(request.user, Role.TAP_MEMBER)


class ContributionForm(ServiceForm):
    class Meta:
        model = Contribution
        fields = [
            "donor",
            "status",
            "amount",
            "currency",
            "pledged_on",
            "received_on",
            "earmark",
            "project",
            "component",
            "country",
            "reference",
            "is_sample",
        ]

    def _post_clean(self):
        # The model's checks run in the service (after clean()); skip the second run here.
        pass

    def run(self, data: dict[str, Any]) -> Contribution:
        return services.contribution_record(user=self.request.user, **data)


@admin.register(Contribution)
class ContributionAdmin(ServiceAdmin):
    form = ContributionForm
    list_display = [
        "donor",
        "amount",
        "currency",
        "status",
        "earmark",
        "pledged_on",
        "received_on",
        "available",
    ]
    list_filter = ["status", "earmark", "currency", "is_sample"]
    search_fields = ["donor__name", "reference"]
    list_select_related = ["donor"]
    autocomplete_fields = ["donor", "country"]
    actions = ["mark_received"]

    @admin.display(description=gettext_lazy("available to allocate"))
    def available(self, contribution: Contribution) -> str:
        return str(selectors.contribution_balance_get(contribution))

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    @admin.action(description=gettext_lazy("Record as received today"))
    def mark_received(self, request, queryset: QuerySet[Contribution]) -> None:
        from django.utils import timezone

        done = 0
        for contribution in queryset:
            try:
                services.contribution_receive(
                    user=request.user, contribution=contribution, received_on=timezone.localdate()
                )
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{contribution}: {exc}", messages.WARNING)
        self.message_user(request, _("%(n)d contribution(s) recorded as received.") % {"n": done})


class AllocationForm(ServiceForm):
    class Meta:
        model = Allocation
        fields = ["contribution", "project", "amount", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Proposal.objects.filter(
            state__in=[
                Proposal.State.APPROVED,
                Proposal.State.FUNDED,
                Proposal.State.IMPLEMENTATION,
            ]
        )
        self.fields["contribution"].queryset = Contribution.objects.filter(
            status=Contribution.Status.RECEIVED
        ).select_related("donor")

    def _post_clean(self):
        pass

    def run(self, data: dict[str, Any]) -> Allocation:
        return services.allocation_create(user=self.request.user, **data)


@admin.register(Allocation)
class AllocationAdmin(ServiceAdmin):
    form = AllocationForm
    list_display = ["project", "contribution", "amount", "allocated_by", "allocated_at"]
    list_select_related = ["project", "contribution__donor", "allocated_by"]
    search_fields = ["project__reference", "project__title", "contribution__donor__name"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)


class DisbursementForm(ServiceForm):
    class Meta:
        model = Disbursement
        fields = ["allocation", "recipient", "amount", "paid_on", "note"]

    def _post_clean(self):
        pass

    def run(self, data: dict[str, Any]) -> Disbursement:
        return services.disbursement_create(user=self.request.user, **data)


@admin.register(Disbursement)
class DisbursementAdmin(ServiceAdmin):
    form = DisbursementForm
    list_display = ["allocation", "recipient", "amount", "paid_on"]
    list_select_related = ["allocation__project", "recipient"]
    autocomplete_fields = ["recipient"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "period_start", "period_end", "submitted_at"]
    list_filter = ["kind"]
    list_select_related = ["project"]
    readonly_fields = [
        "project",
        "kind",
        "period_start",
        "period_end",
        "summary",
        "submitted_by",
        "submitted_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # executing organisations report on the site

    def has_change_permission(self, request, obj=None) -> bool:
        return False
