"""Public pages of the core app: home, country list, the one-stop country profile, errors
and health checks."""

import logging

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from imdi_portal.core.cache import prime_versions, version_annotations, versions_fresh
from imdi_portal.core.filters import CountryFilter
from imdi_portal.core.health import readiness
from imdi_portal.core.models import Organisation, Region
from imdi_portal.core.profile import build_profile, country_flags, country_joins
from imdi_portal.core.selectors import country_choices, country_get, country_list


@require_safe
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


@require_safe
def country_index(request: HttpRequest) -> HttpResponse:
    filterset = CountryFilter(request.GET or None, queryset=country_list())
    # Opened from the navigation the form is unbound: every country, not "no match".
    valid = not filterset.is_bound or filterset.is_valid()
    countries = filterset.qs if valid else country_list().none()
    return render(
        request,
        "imdi_portal/country_list.html",
        {"filter": filterset, "countries": countries},
        status=200 if valid else 400,
    )


@require_safe
def country_go(request: HttpRequest) -> HttpResponse:
    """Target of the country picker, so that it works without JavaScript."""
    code = request.GET.get("country", "").strip()
    country = country_get(iso3=code)
    if country is None:
        return redirect(f"{reverse('imdi_portal:country-list')}?{urlencode({'search': code})}")
    return redirect(country)


@require_safe
def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    if iso3 != iso3.upper():
        return redirect("imdi_portal:country-detail", iso3=iso3.upper(), permanent=True)
    # One query for the country, its one-to-one section data, the cache versions (unless
    # the HTTP cache has just read them) and which sections have records at all.
    fresh = versions_fresh()
    versions = {} if fresh else version_annotations()
    country = country_get(
        iso3=iso3, joins=country_joins(), annotations={**versions, **country_flags()}
    )
    if country is None:
        return render(
            request, "imdi_portal/country_not_found.html", {"code": iso3[:20]}, status=404
        )
    if not fresh:
        prime_versions(country)
    return render(
        request,
        "imdi_portal/country_detail.html",
        {"country": country, "sections": build_profile(country)},
    )


@never_cache
@require_safe
def switch_language(request: HttpRequest) -> HttpResponse:
    """The header's language buttons. A GET form, unlike Django's set_language, so that
    public pages carry no CSRF token and can be shared by HTTP caches; choosing a language
    only sets a preference cookie, nothing an attacker gains by forging."""
    language = request.GET.get("language", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    ready, body = readiness()
    return JsonResponse(body, status=200 if ready else 503)


logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


# The 500 page when 500.html itself cannot be rendered: no template, no static files, no
# database, styles inline.
FALLBACK_500 = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Server error · IMDI portal</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;
color:#1b1b1b;line-height:1.5">
<h1>Something went wrong on our side</h1>
<p>The error has been recorded. Please try again in a few minutes.</p>
<p lang="fr">Une erreur s'est produite de notre côté. Veuillez réessayer dans quelques minutes.</p>
<p lang="es">Se produjo un error de nuestro lado. Vuelva a intentarlo en unos minutos.</p>
<p><a href="/">IMDI portal — home</a></p>
</body></html>
"""


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; it must never fail itself (an error here would hide the first one): if
    500.html cannot be rendered, a missing entry of the static files' manifest (ValueError)
    or a broken template, the fallback page has no template and no static file."""
    if _is_api(request):
        from imdi_portal.core.observability import request_id

        return JsonResponse(
            {
                "detail": "Server error: it has been recorded; try again in a few minutes.",
                "request_id": request_id.get(),
            },
            status=500,
        )
    try:
        return defaults.server_error(request)
    except Exception:
        logger.exception("the 500 page could not be rendered; the fallback page was sent")
        return HttpResponseServerError(FALLBACK_500)


def moved_admin_page(request: HttpRequest, label: str, model: str, rest: str) -> HttpResponse:
    """Admin addresses of models that moved to an app of their own (issue 19) lead to their
    new address, so that bookmarks and links in old e-mails keep working."""
    query = request.META.get("QUERY_STRING", "")
    return redirect(
        f"/admin/{label}/{model}/{rest}" + (f"?{query}" if query else ""), permanent=True
    )
