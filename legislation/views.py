"""Public pages of the regulatory-framework database (published categories only)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from imdi_portal.selectors import country_get
from legislation.filters import PermitCategoryFilter
from legislation.selectors import (
    category_get_published,
    category_list_published,
    country_section,
    version_diff,
)


@require_GET
def category_index(request: HttpRequest) -> HttpResponse:
    filterset = PermitCategoryFilter(request.GET or None, queryset=category_list_published())
    valid = filterset.is_valid() or not filterset.is_bound
    return render(
        request,
        "legislation/category_list.html",
        {"filter": filterset, "categories": filterset.qs if valid else []},
        status=200 if valid else 400,
    )


@require_GET
def country_categories(request: HttpRequest, iso3: str) -> HttpResponse:
    country = country_get(iso3=iso3)
    if country is None:
        raise Http404("unknown country")
    return render(
        request,
        "legislation/country.html",
        {"country": country, "section": country_section(country=country)},
    )


@require_GET
def category_detail(request: HttpRequest, iso3: str, slug: str) -> HttpResponse:
    category = _published_or_404(iso3, slug)
    return render(request, "legislation/category_detail.html", {"category": category})


@require_GET
def category_changes(request: HttpRequest, iso3: str, slug: str) -> HttpResponse:
    category = _published_or_404(iso3, slug)
    versions = [
        {"version": v, "changes": version_diff(category=category, number=v.number)}
        for v in category.versions.select_related("published_by")
    ]
    return render(
        request, "legislation/category_changes.html", {"category": category, "versions": versions}
    )


def _published_or_404(iso3: str, slug: str):
    category = category_get_published(iso3=iso3, slug=slug) if len(slug) <= 80 else None
    if category is None:
        raise Http404("no published permit category here")
    return category
