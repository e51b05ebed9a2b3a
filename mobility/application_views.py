"""Pages of an application's way from the shortlist to the placement (issue 23, phase 2).

Agencies: shortlist a ranked candidate, the list of one vacancy's applications, one
application (moves, the pre-selection checklist, the preparation steps, its history).
Workers: every application with its full history; accept, decline, withdraw.
Verifiers: the applicants they may check, and recording a check.

As everywhere in mobility, an object one may not see is a 404; a move refused by the table
(wrong state, a guard) is a message. Every page showing a profile to someone other than its
owner is logged (services.profile_views_record).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from imdi_portal.core.exceptions import DomainError
from mobility import services
from mobility.forms import ApplicationMoveForm, PreparationStepForm, VerificationForm
from mobility.models import (
    Application,
    PreparationStep,
    ProfileView,
    Vacancy,
    WorkerProfile,
)
from mobility.permissions import (
    can_manage_vacancy,
    can_verify,
    can_view_candidate,
    verifier_organisation,
)
from mobility.selectors import (
    application_get,
    application_history,
    application_list_for_vacancy,
    application_list_for_worker,
    checklist_rows,
    verifications_of,
    verifier_queue,
)
from mobility.views import _recruiter_allowed, _too_many
from mobility.workflow import AGENCY, APPLICATIONS, WORKER, actions_of, checklist_items


def _say(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc))


# --- Agencies --------------------------------------------------------------------------------


@login_required
@require_POST
def shortlist(request: HttpRequest, pk: int, reference: str) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("destination", "agency"), pk=pk)
    profile = WorkerProfile.objects.filter(reference=reference).select_related("user").first()
    if profile is None or not can_view_candidate(request.user, profile, vacancy):
        raise Http404
    try:
        application = services.application_shortlist(
            user=request.user, vacancy=vacancy, profile=profile
        )
    except DomainError as exc:
        _say(request, exc)
        return redirect("mobility:candidates", pk=vacancy.pk)
    messages.success(
        request,
        _("Profile %(ref)s is on your shortlist.") % {"ref": profile.short_reference},
    )
    return redirect("mobility:application", pk=application.pk)


@login_required
@require_safe
def vacancy_applications(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("occupation", "destination", "agency"), pk=pk
    )
    if not can_manage_vacancy(request.user, vacancy):
        raise Http404
    if not _recruiter_allowed(request):
        return _too_many(request)
    applications = list(application_list_for_vacancy(vacancy)[:200])
    items = len(checklist_items(Application(vacancy=vacancy)))
    rows = [
        {"application": a, "actions": actions_of(AGENCY, a.state), "items": items}
        for a in applications
    ]
    services.profile_views_record(
        viewer=request.user,
        profiles=[a.profile for a in applications],
        context=ProfileView.Context.APPLICATION,
        agency=vacancy.agency,
        vacancy=vacancy,
    )
    return render(
        request,
        "mobility/applications.html",
        {"vacancy": vacancy, "rows": rows, "form": ApplicationMoveForm()},
    )


def _agency_application(request: HttpRequest, pk: int) -> Application:
    """The application, for a member of the posting agency, while the worker consents and
    has not withdrawn; a 404 otherwise."""
    application = application_get(pk)
    if application is None or not can_manage_vacancy(request.user, application.vacancy):
        raise Http404
    visible = Application.objects.filter(pk=pk).for_agency_list().exists()
    if not visible:
        raise Http404
    return application


@login_required
@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _agency_application(request, pk)
    if not _recruiter_allowed(request):
        return _too_many(request)
    profile = application.profile
    services.profile_views_record(
        viewer=request.user,
        profiles=[profile],
        context=ProfileView.Context.APPLICATION,
        agency=application.vacancy.agency,
        vacancy=application.vacancy,
    )
    steps = [
        {
            "step": step,
            # Field names stay those the view reads; ids differ per step (one page, many forms).
            "form": PreparationStepForm(
                initial={"status": step.status, "on": step.on}, auto_id=f"step{step.pk}_%s"
            ),
        }
        for step in application.steps.select_related("recorded_by")
    ]
    return render(
        request,
        "mobility/application.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "actions": APPLICATIONS.available(request.user, application),
            "checklist": checklist_rows(application),
            "checklist_open": application.state
            in (
                Application.State.SHORTLISTED,
                Application.State.INVITED,
                Application.State.ACCEPTED,
            ),
            "steps": steps,
            "new_step": PreparationStepForm(auto_id="new_step_%s"),
            "is_preparing": application.state == Application.State.PREPARING,
            "history": application_history(application),
            "checks": verifications_of(profile),
            "form": ApplicationMoveForm(),
        },
    )


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = _agency_application(request, pk)
    _move(request, application)
    if request.POST.get("next") == "list":
        return redirect("mobility:vacancy-applications", pk=application.vacancy_id)
    return redirect("mobility:application", pk=application.pk)


def _move(request: HttpRequest, application: Application) -> None:
    form = ApplicationMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return
    action = form.cleaned_data["action"]
    try:
        services.application_move(
            user=request.user,
            application=application,
            action=action,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        _say(request, exc)
        return
    messages.success(
        request,
        _("Recorded: %(state)s.") % {"state": application.get_state_display()},
    )


@login_required
@require_POST
def checklist_tick(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    application = _agency_application(request, pk)
    try:
        services.checklist_tick(
            user=request.user,
            application=application,
            item_id=item,
            ticked=request.POST.get("ticked") == "1",
        )
    except DomainError as exc:
        _say(request, exc)
    return redirect(f"{application_url(application)}#checklist")


@login_required
@require_POST
def preparation_step(request: HttpRequest, pk: int, step: int | None = None) -> HttpResponse:
    application = _agency_application(request, pk)
    form = PreparationStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the status and the date of the step."))
        return redirect(f"{application_url(application)}#preparation")
    data = form.cleaned_data
    try:
        services.preparation_step_save(
            user=request.user,
            application=application,
            step_id=step,
            status=data["status"],
            on=data["on"],
            details=data["details"],
            kind=PreparationStep.Kind.OTHER if step is None else "",
        )
    except DomainError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("Preparation step recorded."))
    return redirect(f"{application_url(application)}#preparation")


def application_url(application: Application) -> str:
    from django.urls import reverse

    return reverse("mobility:application", args=[application.pk])


# --- Workers ---------------------------------------------------------------------------------


@login_required
@require_safe
def my_applications(request: HttpRequest) -> HttpResponse:
    profile = WorkerProfile.objects.filter(user=request.user).first()
    if profile is None:
        # Signed in but no worker profile yet: say what to do, the menu shows this page to all.
        return render(request, "mobility/my_applications.html", {"profile": None, "rows": []})
    applications = list(application_list_for_worker(profile))
    rows = [{"application": a, "actions": actions_of(WORKER, a.state)} for a in applications]
    return render(
        request,
        "mobility/my_applications.html",
        {"profile": profile, "rows": rows, "checks": verifications_of(profile)},
    )


@login_required
@require_POST
def my_application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = (
        Application.objects.filter(pk=pk, profile__user=request.user)
        .select_related("vacancy", "profile")
        .first()
    )
    if application is None:
        raise Http404
    _move(request, application)
    return redirect(f"{_my_url()}#application-{application.pk}")


def _my_url() -> str:
    from django.urls import reverse

    return reverse("mobility:my-applications")


# --- Verifiers -------------------------------------------------------------------------------


@login_required
@require_safe
def verify_queue(request: HttpRequest) -> HttpResponse:
    organisation = verifier_organisation(request.user)
    if organisation is None:
        raise Http404
    return render(
        request,
        "mobility/verify_queue.html",
        {"organisation": organisation, "applications": verifier_queue()[:200]},
    )


@login_required
def verify_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get(pk)
    if application is None or not can_verify(request.user, application.profile):
        raise Http404
    if not verifier_queue().filter(pk=pk).exists():
        raise Http404
    if request.method == "POST":
        return _verify_record(request, application)
    if request.method != "GET":
        raise Http404
    profile = (
        WorkerProfile.objects.filter(pk=application.profile_id)
        .prefetch_related("qualifications__country", "qualifications__document", "languages")
        .get()
    )
    services.profile_views_record(
        viewer=request.user,
        profiles=[profile],
        context=ProfileView.Context.VERIFICATION,
        vacancy=application.vacancy,
    )
    return render(
        request,
        "mobility/verify.html",
        {
            "application": application,
            "profile": profile,
            "checks": verifications_of(profile),
            "form": VerificationForm(),
        },
    )


def _verify_record(request: HttpRequest, application: Application) -> HttpResponse:
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose verified or not verified."))
    else:
        try:
            services.verification_record(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            _say(request, exc)
        else:
            messages.success(request, _("Check recorded."))
    return redirect("mobility:verify-application", pk=application.pk)
