"""Public pages of the core app: home, country list and the one-stop country profile."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from imdi_portal.filters import CountryFilter
from imdi_portal.health import readiness
from imdi_portal.models import Organisation, Region
from imdi_portal.profile import build_profile
from imdi_portal.selectors import country_choices, country_get, country_list


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.filter(level=Region.Level.REGION).order_by("name")
    region_counts = {
        row["region__slug"]: row["n"]
        for row in country_list().order_by().values("region__slug").annotate(n=Count("id"))
    }
    return render(
        request,
        "imdi_portal/home.html",
        {
            "countries": country_choices(),
            "regions": [(r, region_counts.get(r.slug, 0)) for r in regions],
            "gmg_members": Organisation.objects.gmg_members().order_by("acronym"),
        },
    )


@require_GET
def country_index(request: HttpRequest) -> HttpResponse:
    filterset = CountryFilter(request.GET or None, queryset=country_list())
    countries = filterset.qs if filterset.is_valid() else country_list().none()
    return render(
        request,
        "imdi_portal/country_list.html",
        {"filter": filterset, "countries": countries},
        status=200 if filterset.is_valid() or not filterset.is_bound else 400,
    )


@require_GET
def country_go(request: HttpRequest) -> HttpResponse:
    """Target of the country picker, so that it works without JavaScript."""
    code = request.GET.get("country", "").strip()
    country = country_get(iso3=code)
    if country is None:
        return redirect(f"{reverse('imdi_portal:country-list')}?{urlencode({'search': code})}")
    return redirect(country)


@require_GET
def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    if iso3 != iso3.upper():
        return redirect("imdi_portal:country-detail", iso3=iso3.upper(), permanent=True)
    country = country_get(iso3=iso3)
    if country is None:
        return render(
            request, "imdi_portal/country_not_found.html", {"code": iso3[:20]}, status=404
        )
    return render(
        request,
        "imdi_portal/country_detail.html",
        {"country": country, "sections": build_profile(country)},
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    ready, body = readiness()
    return JsonResponse(body, status=200 if ready else 503)
