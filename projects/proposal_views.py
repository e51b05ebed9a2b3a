"""Signed-in pages of the projects app: the proposal editor (one step per page, drafts saved
at every step), a proposal's private page with its actions, endorsements by focal points,
attachments, reports and notifications. Every write goes through projects.services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from imdi_portal.core import notifications
from imdi_portal.core.exceptions import DomainError
from projects import selectors, services, workflow
from projects.forms import (
    AttachmentForm,
    BudgetFormSet,
    CoFinancingFormSet,
    CountryFormSet,
    CurrencyForm,
    EndorsementForm,
    PartnerFormSet,
    ProjectStepForm,
    PrspForm,
    ReportForm,
    ResultFormSet,
)
from projects.models import Attachment, InvolvedCountry, Proposal
from projects.selectors import endorsement_pending_list, proposal_private_get

STEPS = [
    ("project", gettext_lazy("The project")),
    ("countries", gettext_lazy("Countries and strategy")),
    ("partners", gettext_lazy("Executing organisations")),
    ("results", gettext_lazy("Results framework")),
    ("budget", gettext_lazy("Budget")),
    ("documents", gettext_lazy("Documents")),
    ("review", gettext_lazy("Check and submit")),
]
STEP_NAMES = [name for name, _label in STEPS]


def _next_step(step: str) -> str:
    return STEP_NAMES[min(STEP_NAMES.index(step) + 1, len(STEP_NAMES) - 1)]


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    can_submit, why_not = workflow.can_submit_for(request.user)
    return render(
        request,
        "projects/proposal_list.html",
        {
            "proposals": selectors.proposal_list(request.user).order_by("-updated_at")[:200],
            "awaiting": endorsement_pending_list(request.user),
            "assignments": selectors.tap_assignment_list(request.user),
            "to_decide": selectors.tap_decision_pending_list(request.user),
            "can_submit": can_submit,
            "why_not": why_not,
        },
    )


@login_required
def proposal_new(request: HttpRequest) -> HttpResponse:
    allowed, reason = workflow.can_submit_for(request.user)
    if not allowed:
        messages.error(request, reason)
        return redirect("projects:proposal-list")
    form = ProjectStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        proposal = services.proposal_create(user=request.user, **data)
        messages.success(request, _("Draft saved: %(ref)s.") % {"ref": proposal.reference})
        return redirect("projects:proposal-edit", pk=proposal.pk, step="countries")
    return render(
        request,
        "projects/proposal_edit.html",
        {"step": "project", "steps": STEPS, "form": form, "proposal": None},
    )


def _editable(request: HttpRequest, pk: int) -> Proposal:
    proposal = proposal_private_get(request.user, pk)
    if proposal is None:
        raise Http404
    return proposal


def _initial_rows(proposal: Proposal, step: str) -> dict[str, list[dict[str, Any]]]:
    if step == "countries":
        return {
            "countries": [{"country": c.country, "role": c.role} for c in proposal.countries.all()]
        }
    if step == "partners":
        return {
            "partners": [
                {"organisation": p.organisation, "name": p.name, "role": p.role}
                for p in proposal.partners.all()
            ]
        }
    if step == "results":
        fields = ["level", "statement", "indicator", "baseline", "target"]
        return {"results": [{f: getattr(r, f) for f in fields} for r in proposal.results.all()]}
    if step == "budget":
        return {
            "budget_lines": [
                {"category": b.category, "description": b.description, "amount": b.amount}
                for b in proposal.budget_lines.all()
            ],
            "co_financing": [
                {"source": c.source, "amount": c.amount, "confirmed": c.confirmed}
                for c in proposal.co_financing.all()
            ],
        }
    return {}


FORMSETS = {
    "countries": [("countries", CountryFormSet)],
    "partners": [("partners", PartnerFormSet)],
    "results": [("results", ResultFormSet)],
    "budget": [("budget_lines", BudgetFormSet), ("co_financing", CoFinancingFormSet)],
}


def _step_forms(request: HttpRequest, proposal: Proposal, step: str) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    initial = _initial_rows(proposal, step)
    forms: dict[str, Any] = {}
    if step == "project":
        forms["form"] = ProjectStepForm(
            data,
            initial={
                **{name: getattr(proposal, name) for name in ProjectStepForm.TEXT_FIELDS},
                "components": proposal.components.all(),
                "themes": proposal.themes.all(),
                "start_date": proposal.start_date,
                "duration_months": proposal.duration_months,
            },
        )
    elif step == "countries":
        forms["form"] = PrspForm(
            data,
            initial={
                "prsp_statement": proposal.prsp_statement,
                "prsp_reference": proposal.prsp_reference,
                "prsp_url": proposal.prsp_url,
            },
        )
    elif step == "budget":
        forms["form"] = CurrencyForm(data, initial={"currency": proposal.currency})
    forms["formsets"] = [
        (name, cls(data, initial=initial.get(name), prefix=name))
        for name, cls in FORMSETS.get(step, [])
    ]
    return forms


@login_required
def proposal_edit(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_NAMES:
        raise Http404
    proposal = _editable(request, pk)
    allowed, reason = workflow.can_edit(request.user, proposal)
    if not allowed:
        messages.error(request, reason)
        return redirect("projects:proposal-detail", pk=pk)
    if step == "documents":
        return _documents_step(request, proposal)
    forms = _step_forms(request, proposal, step)
    form = forms.get("form")
    formsets = forms["formsets"]
    if request.method == "POST" and step != "review":
        valid = (form is None or form.is_valid()) and all(fs.is_valid() for _n, fs in formsets)
        if valid:
            fields = dict(form.cleaned_data) if form is not None else {}
            children = {
                name: [row for f in fs.forms if (row := f.row()) is not None]
                for name, fs in formsets
            }
            try:
                services.proposal_update(
                    user=request.user, proposal=proposal, children=children, **fields
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Draft saved."))
                if "save" in request.POST:
                    return redirect("projects:proposal-edit", pk=pk, step=step)
                return redirect("projects:proposal-edit", pk=pk, step=_next_step(step))
    context = {
        "proposal": proposal,
        "step": step,
        "steps": STEPS,
        "form": form,
        "formsets": formsets,
    }
    if step == "review":
        context["missing"] = selectors.proposal_gaps_list(proposal)
    return render(request, "projects/proposal_edit.html", context)


def _documents_step(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "next" in request.POST and not request.FILES:
            return redirect("projects:proposal-edit", pk=proposal.pk, step="review")
        if form.is_valid():
            try:
                services.attachment_add(
                    user=request.user,
                    proposal=proposal,
                    upload=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                )
            except DomainError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, _("Document added."))
                return redirect("projects:proposal-edit", pk=proposal.pk, step="documents")
    return render(
        request,
        "projects/proposal_edit.html",
        {
            "proposal": proposal,
            "step": "documents",
            "steps": STEPS,
            "form": form,
            "formsets": [],
            "attachments": proposal.attachments.all(),
        },
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_private_get(request.user, pk)
    if proposal is None:
        raise Http404
    user = request.user
    my_country = None
    if user.country_id:
        my_country = next(
            (c for c in proposal.countries.all() if c.country_id == user.country_id), None
        )
    can_endorse = (
        my_country is not None
        and my_country.endorsement == InvolvedCountry.Endorsement.PENDING
        and workflow.can_endorse(user, proposal, my_country.country)[0]
    )
    return render(
        request,
        "projects/proposal_detail.html",
        {
            "proposal": proposal,
            "can_edit": workflow.can_edit(user, proposal)[0],
            "can_submit": workflow.can_act(user, proposal, "submit")[0],
            "missing": selectors.proposal_gaps_list(proposal) if proposal.is_editable else [],
            "my_country": my_country,
            "endorse_form": EndorsementForm() if can_endorse else None,
            "is_secretariat": workflow.is_secretariat(user),
            "my_review": selectors.tap_assignment_list(user).filter(proposal=proposal).first(),
            "decides": proposal.state == Proposal.State.TAP_REVIEW
            and workflow.can_act(user, proposal, "approve")[0],
        },
    )


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    try:
        services.proposal_submit(user=request.user, proposal=proposal)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("projects:proposal-edit", pk=pk, step="review")
    messages.success(
        request,
        _("Submitted. The focal points of the countries involved have been asked to endorse it."),
    )
    return redirect("projects:proposal-detail", pk=pk)


@login_required
@require_POST
def proposal_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _editable(request, pk)
    form = EndorsementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to endorse or decline."))
        return redirect("projects:proposal-detail", pk=pk)
    country = request.user.country
    if country is None:
        messages.error(request, _("Your account is not attached to a country."))
        return redirect("projects:proposal-detail", pk=pk)
    try:
        services.proposal_endorse(
            user=request.user,
            proposal=proposal,
            country=country,
            endorse=form.cleaned_data["decision"] == "endorse",
            comment=form.cleaned_data["comment"],
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your answer for %(country)s is recorded.") % {"country": country.name}
        )
    return redirect("projects:proposal-detail", pk=pk)


def attachment_download(request: HttpRequest, token: str) -> HttpResponse:
    """Stream an attachment to someone allowed to see its proposal; 404 for anyone else, so
    that a token's existence is not revealed either."""
    attachment = Attachment.objects.select_related("proposal").filter(token=token).first()
    if attachment is None or not workflow.can_view_attachment(request.user, attachment.proposal):
        raise Http404
    return attachment.download()


@login_required
@require_POST
def attachment_delete(request: HttpRequest, token: str) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("proposal"), token=token)
    if not workflow.can_view(request.user, attachment.proposal):
        raise Http404
    try:
        services.attachment_delete(user=request.user, attachment=attachment)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Document removed."))
    return redirect("projects:proposal-edit", pk=attachment.proposal_id, step="documents")


@login_required
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    form = ReportForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                user=request.user,
                project=project,
                kind=form.cleaned_data["kind"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                summary=form.cleaned_data["summary"],
                achieved=form.achieved(),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Report submitted."))
            return redirect("projects:proposal-detail", pk=pk)
    return render(request, "projects/report_form.html", {"project": project, "form": form})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notifications.notifications_mark_read(user=request.user)
        return redirect(reverse("projects:notifications"))
    return render(
        request,
        "projects/notifications.html",
        {"notifications": notifications.notification_list(request.user)[:100]},
    )
