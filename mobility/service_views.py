"""Pages of a country's public employment service: the profiles of its nationals who let it
see them (Consent to Audience.EMPLOYMENT_SERVICE), returning talent first. Every profile
shown is logged for its owner, the same limiter as recruiters applies, and a refusal is a
404 (mobility.permissions)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from imdi_portal.core.ratelimit import allow
from mobility import services
from mobility.filters import ServiceProfileFilter
from mobility.models import ProfileView
from mobility.permissions import can_view_as_employment_service, employment_service_country
from mobility.selectors import profile_for_viewer, service_profiles

WINDOW_SECONDS = 3600


def _allowed(request: HttpRequest) -> bool:
    return allow(
        request,
        f"mobility-service-{request.user.pk}",
        settings.MOBILITY_RECRUITER_VIEWS_PER_HOUR,
        WINDOW_SECONDS,
    )


@login_required
@require_safe
def service_home(request: HttpRequest) -> HttpResponse:
    country = employment_service_country(request.user)
    if country is None:
        raise Http404
    if not _allowed(request):
        return render(request, "mobility/too_many.html", status=429)
    filterset = ServiceProfileFilter(request.GET or None, queryset=service_profiles(country))
    valid = not filterset.is_bound or filterset.is_valid()
    profiles = filterset.qs if valid else service_profiles(country).none()
    page = Paginator(profiles, 25).get_page(request.GET.get("page"))
    services.profile_views_record(
        viewer=request.user,
        profiles=list(page.object_list),
        context=ProfileView.Context.EMPLOYMENT_SERVICE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "mobility/service_home.html",
        {"country": country, "filter": filterset, "page": page, "query": query.urlencode()},
        status=200 if valid else 400,
    )


@login_required
@require_safe
def service_profile(request: HttpRequest, reference: str) -> HttpResponse:
    profile = profile_for_viewer(reference)
    if profile is None or not can_view_as_employment_service(request.user, profile):
        raise Http404
    if not _allowed(request):
        return render(request, "mobility/too_many.html", status=429)
    services.profile_views_record(
        viewer=request.user, profiles=[profile], context=ProfileView.Context.EMPLOYMENT_SERVICE
    )
    return render(request, "mobility/service_profile.html", {"profile": profile})
