"""Public pages of the regulatory-framework database (published categories only)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from imdi_portal.core.selectors import country_choices, country_get
from legislation import common_format
from legislation.changes import readable_changes
from legislation.filters import PermitCategoryFilter
from legislation.forms import CompareForm, FinderForm
from legislation.selectors import (
    category_compare,
    category_get_published,
    category_kinds_published,
    category_list_published,
    country_section,
    finder_results,
    legislation_search,
    version_diff,
)


@require_safe
def category_index(request: HttpRequest) -> HttpResponse:
    filterset = PermitCategoryFilter(request.GET or None, queryset=category_list_published())
    valid = filterset.is_valid() or not filterset.is_bound
    return render(
        request,
        "legislation/category_list.html",
        {"filter": filterset, "categories": filterset.qs if valid else []},
        status=200 if valid else 400,
    )


@require_safe
def country_categories(request: HttpRequest, iso3: str) -> HttpResponse:
    country = country_get(iso3=iso3)
    if country is None:
        raise Http404("unknown country")
    return render(
        request,
        "legislation/country.html",
        {"country": country, "section": country_section(country=country)},
    )


@require_safe
def category_detail(request: HttpRequest, iso3: str, slug: str) -> HttpResponse:
    category = _published_or_404(iso3, slug)
    return render(request, "legislation/category_detail.html", {"category": category})


@require_safe
def category_changes(request: HttpRequest, iso3: str, slug: str) -> HttpResponse:
    category = _published_or_404(iso3, slug)
    versions = [
        {
            "version": v,
            "changes": readable_changes(version_diff(category=category, number=v.number)),
        }
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


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    form = CompareForm(request.GET or None)
    categories: list = []
    kinds: list = []
    if form.is_bound and form.is_valid():
        countries = list(form.cleaned_data["country"])
        if form.cleaned_data["kind"]:
            categories = category_compare(kind=form.cleaned_data["kind"], countries=countries)
        else:
            kinds = category_kinds_published(countries=countries)
    chosen = request.GET.getlist("country")
    if categories and request.GET.get("format") == "csv":
        # The compared categories, whole, in the common format (one row per category).
        records = [common_format.record_of(c) for c in categories]
        kind = form.cleaned_data["kind"]
        return _download(
            common_format.dump(records, "csv"), "csv", f"imdi-permit-comparison-{kind}"
        )
    csv_query = request.GET.copy()
    csv_query["format"] = "csv"
    return render(
        request,
        "legislation/compare.html",
        {
            "form": form,
            "categories": categories,
            "kinds": kinds,
            "chosen": [c for c in chosen if c],
            "pickers": [
                chosen[i] if i < len(chosen) else "" for i in range(CompareForm.MAX_COUNTRIES)
            ],
            "countries": country_choices(),
            "csv_query": csv_query.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_safe
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = finder_results(**form.cleaned_data)
    return render(
        request,
        "legislation/finder.html",
        {"form": form, "results": results},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


FORMATS = {
    "json": ("application/json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


@require_safe
def format_page(request: HttpRequest) -> HttpResponse:
    return render(request, "legislation/format.html", {"fields": common_format.FIELDS})


@require_safe
def format_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    return _download(common_format.dump([], fmt), fmt, "imdi-permit-categories-template")


@require_safe
def country_export(request: HttpRequest, iso3: str, fmt: str) -> HttpResponse:
    country = country_get(iso3=iso3)
    if country is None or fmt not in FORMATS:
        raise Http404("unknown country or format")
    records = [
        common_format.record_of(c)
        for c in category_list_published(country=country).order_by("slug")
    ]
    return _download(
        common_format.dump(records, fmt), fmt, f"imdi-permit-categories-{country.iso3}"
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "legislation/search.html",
        {"query": query, "results": legislation_search(query=query)},
    )
