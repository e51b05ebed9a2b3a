"""Pages of the job-mobility area. Public: vacancy search and detail, the agencies and the
blacklist. Workers: their profile, consents, export, deletion, vacancies for them.
Agencies: their vacancies, posting one, ranked candidates and a candidate's profile.

Every refusal about a profile is a 404 (mobility.permissions), and every view of a profile
by someone other than its owner is logged (services.profile_views_record).
"""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from imdi_portal.core.accounts import account_confirm
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.ratelimit import allow
from mobility import services
from mobility.filters import AgencyFilter, VacancyFilter
from mobility.forms import (
    ConsentForm,
    LanguageFormSet,
    OccupationFormSet,
    ProfileForm,
    QualificationForm,
    VacancyForm,
    VacancyLanguageFormSet,
    WorkerSignupForm,
)
from mobility.models import Audience, ProfileView, QualificationDocument, Vacancy, WorkerProfile
from mobility.permissions import (
    agency_of,
    can_manage_vacancy,
    can_post_vacancy,
    can_verify,
    can_view_candidate,
)
from mobility.selectors import (
    agency_list,
    blacklist_list,
    candidate_rows,
    candidates_for,
    profile_for_viewer,
    profile_get_full,
    profile_log,
    vacancies_for,
    vacancy_get_public,
    vacancy_list_public,
    vacancy_rows,
)

RECRUITER_WINDOW_SECONDS = 3600


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _recruiter_allowed(request: HttpRequest) -> bool:
    """The core limiter, counted per recruiter account (and address)."""
    return allow(
        request,
        f"mobility-recruiter-{request.user.pk}",
        settings.MOBILITY_RECRUITER_VIEWS_PER_HOUR,
        RECRUITER_WINDOW_SECONDS,
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "mobility/too_many.html", status=429)


# --- Public pages ----------------------------------------------------------------------------


@require_safe
def vacancy_list(request: HttpRequest) -> HttpResponse:
    filterset = VacancyFilter(request.GET or None, queryset=vacancy_list_public())
    valid = not filterset.is_bound or filterset.is_valid()
    vacancies = filterset.qs if valid else vacancy_list_public().none()
    page = Paginator(vacancies, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "mobility/vacancy_list.html",
        {"filter": filterset, "page": page, "query": _query(request)},
    )


@require_safe
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = vacancy_get_public(pk)
    if vacancy is None:
        raise Http404
    standing = agency_list().get(pk=vacancy.agency_id)
    return render(
        request, "mobility/vacancy_detail.html", {"vacancy": vacancy, "standing": standing}
    )


@require_safe
def agencies(request: HttpRequest) -> HttpResponse:
    filterset = AgencyFilter(request.GET or None, queryset=agency_list())
    valid = not filterset.is_bound or filterset.is_valid()
    rows = filterset.qs if valid else agency_list().none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mobility/agency_list.html",
        {"filter": filterset, "page": page, "query": _query(request)},
    )


@require_safe
def blacklist(request: HttpRequest) -> HttpResponse:
    page = Paginator(blacklist_list(), 50).get_page(request.GET.get("page"))
    return render(request, "mobility/blacklist.html", {"page": page, "query": ""})


# --- Worker accounts and profiles --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = WorkerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_signup(**form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return render(
                request, "mobility/register_done.html", {"email": form.cleaned_data["email"]}
            )
    return render(request, "mobility/register.html", {"form": form})


@require_safe
def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        account_confirm(uidb64=uidb64, token=token)
    except DomainError as exc:
        return render(request, "registration/signup_invalid.html", {"reason": str(exc)}, status=400)
    messages.success(
        request, _("Thank you, your e-mail address is confirmed. Sign in to create your profile.")
    )
    return redirect("login")


def _profile_initial(profile: WorkerProfile | None) -> tuple[list, list]:
    if profile is None:
        return [], []
    occupations = [
        {"occupation": o.occupation, "years_experience": o.years_experience}
        for o in profile.occupations.all()
    ]
    languages = [{"language": s.language, "level": s.level} for s in profile.languages.all()]
    return occupations, languages


def _consent_offers(profile: WorkerProfile | None) -> list[dict]:
    """What the person may agree to, each with the exact words that will be recorded."""
    if profile is None:
        return []
    active = {(c.audience, c.country_id): c for c in profile.consents.all() if c.is_active}
    offers = [
        (Audience.RECRUITERS, country)
        for country in sorted(profile.destinations.all(), key=lambda c: c.name)
    ]
    offers.append((Audience.EMPLOYMENT_SERVICE, profile.home_country))
    return [
        {
            "audience": audience,
            "audience_label": Audience(audience).label,
            "country": country,
            "text": services.consent_text(audience, country),
            "active": active.get((audience, country.pk)),
        }
        for audience, country in offers
    ]


def _profile_save(request: HttpRequest, form, occupations, languages) -> bool:
    if not (form.is_valid() and occupations.is_valid() and languages.is_valid()):
        return False
    data = form.cleaned_data
    try:
        services.profile_save(
            user=request.user,
            fields=data,
            destinations=list(data["destinations"]),
            sectors=list(data["sectors"]),
            occupations=occupations.pairs("years_experience"),
            languages=languages.pairs("level"),
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = profile_get_full(request.user)
    data = request.POST if request.method == "POST" else None
    forms = _profile_forms(profile, data)
    if request.method == "POST":
        if _profile_save(request, forms["form"], forms["occupations"], forms["language_forms"]):
            messages.success(request, _("Your profile is saved."))
            return redirect("mobility:my-profile")
        messages.error(request, _("Your profile was not saved: see the messages below."))
    return _profile_page(request, profile, forms, status=400 if data is not None else 200)


def _profile_forms(profile: WorkerProfile | None, data: Any = None) -> dict[str, Any]:
    occupations_initial, languages_initial = _profile_initial(profile)
    return {
        "form": ProfileForm(data, instance=profile),
        "occupations": OccupationFormSet(data, initial=occupations_initial, prefix="occ"),
        "language_forms": LanguageFormSet(data, initial=languages_initial, prefix="lang"),
    }


def _profile_page(
    request: HttpRequest,
    profile: WorkerProfile | None,
    forms: dict[str, Any],
    *,
    qualification_form: QualificationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "mobility/my_profile.html",
        {
            "profile": profile,
            **forms,
            "qualification_form": qualification_form or QualificationForm(),
            "consents": _consent_offers(profile),
            "history": profile.consents.all() if profile else [],
            "log": profile_log(profile)[:100] if profile else [],
        },
        status=status,
    )


def _own_profile(request: HttpRequest) -> WorkerProfile:
    profile = WorkerProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404
    return profile


@login_required
@require_POST
def qualification_add(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    form = QualificationForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.qualification_add(
                profile=profile,
                title=data["title"],
                awarding_body=data["awarding_body"],
                country=data["country"],
                year=data["year"],
                upload=data["document"],
            )
        except DomainError as exc:
            form.add_error("document", str(exc))
        else:
            messages.success(request, _("Qualification added."))
            return redirect(f"{reverse('mobility:my-profile')}#qualifications")
    # The page again, with what was typed and each message next to its field (a browser
    # never keeps a chosen file: it is asked for again).
    messages.error(request, _("The qualification was not added: see the messages below."))
    full = profile_get_full(request.user)
    return _profile_page(request, full, _profile_forms(full), qualification_form=form, status=400)


@login_required
@require_POST
def qualification_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.qualification_remove(profile=_own_profile(request), qualification_id=pk)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Qualification removed."))
    return redirect("mobility:my-profile")


@login_required
@require_safe
def document(request: HttpRequest, token: str) -> HttpResponse:
    # The owner, and a Verifier checking one of her applications (mobility.permissions).
    found = (
        QualificationDocument.objects.filter(token=token)
        .select_related("qualification__profile")
        .first()
    )
    if found is None:
        raise Http404
    profile = found.qualification.profile
    if profile.user_id != request.user.pk and not can_verify(request.user, profile):
        raise Http404
    return found.download()


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    try:
        if request.POST.get("withdraw"):
            services.consent_withdraw(profile=profile, consent_id=int(request.POST["withdraw"]))
            messages.success(request, _("Consent withdrawn. It stopped at once."))
        else:
            form = ConsentForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Choose who may see your profile."))
            services.consent_grant(
                profile=profile,
                audience=form.cleaned_data["audience"],
                country=form.cleaned_data["country"],
            )
            messages.success(request, _("Consent recorded, with its text and time."))
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc) if isinstance(exc, DomainError) else _("Not valid."))
    return redirect("mobility:my-profile")


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    data = services.export_profile_json(_own_profile(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="imdi-my-profile.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.delete_profile(profile)
        if not request.user.is_active:
            logout(request)
        messages.success(request, _("Your profile and everything in it are deleted."))
        return redirect("mobility:vacancies")
    return render(request, "mobility/delete.html", {"profile": profile})


@login_required
@require_safe
def my_vacancies(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    rows = vacancy_rows(vacancies_for(profile)[:50])
    return render(request, "mobility/my_vacancies.html", {"profile": profile, "rows": rows})


# --- Agencies --------------------------------------------------------------------------------


@login_required
@require_safe
def agency_home(request: HttpRequest) -> HttpResponse:
    agency = agency_of(request.user)
    if agency is None:
        raise Http404
    allowed, reason = can_post_vacancy(request.user)
    vacancies = Vacancy.objects.filter(agency=agency).for_page()
    return render(
        request,
        "mobility/agency_home.html",
        {"agency": agency, "may_post": allowed, "reason": reason, "vacancies": vacancies},
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_new(request: HttpRequest) -> HttpResponse:
    allowed, _reason = can_post_vacancy(request.user)
    if not allowed:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = VacancyForm(data)
    languages = VacancyLanguageFormSet(data, prefix="lang")
    if request.method == "POST" and form.is_valid() and languages.is_valid():
        try:
            vacancy = services.vacancy_post(
                user=request.user,
                agency=agency_of(request.user),
                fields=form.cleaned_data,
                languages=languages.pairs("min_level"),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Vacancy posted."))
            return redirect("mobility:candidates", pk=vacancy.pk)
    return render(
        request,
        "mobility/vacancy_form.html",
        {"form": form, "language_forms": languages},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("occupation", "destination", "agency"), pk=pk
    )
    if not can_manage_vacancy(request.user, vacancy):
        raise Http404
    if not _recruiter_allowed(request):
        return _too_many(request)
    page = Paginator(candidates_for(vacancy), 25).get_page(request.GET.get("page"))
    rows = candidate_rows(vacancy, page.object_list)
    services.profile_views_record(
        viewer=request.user,
        profiles=[row.obj for row in rows],
        context=ProfileView.Context.CANDIDATES,
        agency=vacancy.agency,
        vacancy=vacancy,
    )
    return render(
        request,
        "mobility/candidates.html",
        {"vacancy": vacancy, "rows": rows, "page": page, "query": ""},
    )


@login_required
@require_safe
def candidate(request: HttpRequest, pk: int, reference: str) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("destination", "agency"), pk=pk)
    profile = profile_for_viewer(reference)
    if profile is None or not can_view_candidate(request.user, profile, vacancy):
        raise Http404
    if not _recruiter_allowed(request):
        return _too_many(request)
    services.profile_views_record(
        viewer=request.user,
        profiles=[profile],
        context=ProfileView.Context.PROFILE,
        agency=vacancy.agency,
        vacancy=vacancy,
    )
    return render(request, "mobility/candidate.html", {"vacancy": vacancy, "profile": profile})
