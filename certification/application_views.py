"""The enterprise's side: describe the enterprise, apply, assess itself against every
indicator, add evidence, submit or withdraw. Evidence is private to the enterprise, its
auditor and the Certification officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification import selectors, services, workflow
from certification.forms import ApplicationForm, EnterpriseForm, EvidenceForm, SelfAssessmentForm
from certification.models import Enterprise, Evidence, PrincipleIndicator
from certification.selectors import application_get
from imdi_portal.core.exceptions import DomainError


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    allowed, why_not = workflow.can_apply(request.user)
    enterprise = Enterprise.objects.filter(organisation=request.user.organisation_id).first()
    return render(
        request,
        "certification/application_list.html",
        {
            "applications": selectors.application_list(request.user)[:100],
            "can_apply": allowed,
            "why_not": why_not,
            "enterprise": enterprise if request.user.organisation_id else None,
        },
    )


@login_required
def enterprise_edit(request: HttpRequest) -> HttpResponse:
    allowed, reason = workflow.can_apply(request.user)
    if not allowed:
        messages.error(request, reason)
        return redirect("certification:applications")
    instance = Enterprise.objects.filter(organisation=request.user.organisation).first()
    form = EnterpriseForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.enterprise_save(user=request.user, **fields)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The enterprise is saved."))
            return redirect("certification:applications")
    return render(request, "certification/enterprise_form.html", {"form": form})


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                user=request.user, scope=form.cleaned_data["scope"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("certification:application", pk=application.pk)
    return render(request, "certification/application_new.html", {"form": form})


def _indicators(application):
    return list(
        PrincipleIndicator.objects.filter(principle__principle_set=application.principle_set_id)
        .select_related("principle")
        .order_by("principle__code", "code")
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get(request.user, pk)
    if application is None:
        raise Http404
    indicators = _indicators(application)
    existing = {s.indicator_id: (s.answer, s.comment) for s in application.self_assessments.all()}
    editable = application.state == application.State.DRAFT and workflow.is_member(
        request.user, application
    )
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" else None,
        indicators=indicators,
        existing=existing,
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.self_assessment_save(
                user=request.user, application=application, answers=form.answers()
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Self-assessment saved."))
            return redirect("certification:application", pk=pk)
    evidence_form = EvidenceForm(
        indicators=PrincipleIndicator.objects.filter(pk__in=[i.pk for i in indicators])
    )
    return render(
        request,
        "certification/application.html",
        {
            "application": application,
            "form": form,
            "evidence_form": evidence_form,
            "editable": editable,
            "missing": services.application_missing(application) if editable else [],
            "actions": [
                a
                for a in workflow.available_actions(request.user, application)
                if a.actor == workflow.APPLICANT
            ],
        },
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get(request.user, pk)
    if application is None:
        raise Http404
    form = EvidenceForm(
        request.POST,
        request.FILES,
        indicators=PrincipleIndicator.objects.filter(
            principle__principle_set=application.principle_set_id
        ),
    )
    if form.is_valid():
        try:
            services.evidence_add(
                user=request.user,
                application=application,
                upload=form.cleaned_data["file"],
                indicator=form.cleaned_data["indicator"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Evidence added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("certification:application", pk=pk)


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = application_get(request.user, pk)
    if application is None:
        raise Http404
    try:
        services.application_act(
            user=request.user,
            application=application,
            action=action,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("certification:application", pk=pk)


def evidence_download(request: HttpRequest, token: str) -> HttpResponse:
    evidence = (
        Evidence.objects.select_related("application__enterprise").filter(token=token).first()
    )
    if evidence is None or not workflow.can_view(request.user, evidence.application):
        raise Http404
    return evidence.download()
