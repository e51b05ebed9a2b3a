"""Public pages of the projects app: approved and running projects, a project's page, donors,
the CSV download and the IATI 2.03 export."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from imdi_portal.core.downloads import csv_response, wants_csv
from projects.filters import ProjectFilter
from projects.iati import activities_xml
from projects.models import Allocation
from projects.selectors import (
    donor_contribution_list,
    donor_get,
    donor_list,
    funding_total_list,
    pool_balance_list,
    project_donor_list,
    project_get,
    project_list,
)

CSV_HEADER = [
    "reference",
    "title",
    "status",
    "submitted_by",
    "countries",
    "components",
    "executing_organisations",
    "currency",
    "budget_requested",
    "approved_amount",
    "allocated",
    "disbursed",
    "sample",
]


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _csv_rows(projects):
    for p in projects:
        yield [
            p.reference,
            p.title,
            p.state,
            str(p.organisation),
            ";".join(c.country.iso3 for c in p.countries.all()),
            ";".join(c.code for c in p.components.all()),
            ";".join(str(x) for x in p.partners.all() if x.role != "local"),
            p.currency,
            _money(p.budget_sum),
            _money(p.approved_amount),
            _money(p.allocated_sum),
            _money(p.disbursed_sum),
            "yes" if p.is_sample else "no",
        ]


@require_safe
def project_index(request: HttpRequest) -> HttpResponse:
    filterset = ProjectFilter(request.GET or None, queryset=project_list())
    valid = not filterset.is_bound or filterset.is_valid()
    projects = filterset.qs if valid else project_list().none()
    if valid and wants_csv(request):
        return csv_response("imdi-projects.csv", CSV_HEADER, _csv_rows(projects))
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "csv_query": csv_query.urlencode(),
            "totals": funding_total_list(),
        },
    )


@require_safe
def project_detail(request: HttpRequest, reference: str) -> HttpResponse:
    project = project_get(reference)
    if project is None:
        raise Http404(_("No public project has this reference."))
    return render(
        request,
        "projects/project_detail.html",
        {"project": project, "donors": project_donor_list(project)},
    )


@require_safe
def donor_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/donor_list.html",
        {"donors": donor_list(), "pools": pool_balance_list()},
    )


@require_safe
def donor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    donor = donor_get(slug)
    if donor is None:
        raise Http404
    return render(
        request,
        "projects/donor_detail.html",
        {"donor": donor, "contributions": donor_contribution_list(donor)},
    )


@require_safe
def iati_export(request: HttpRequest) -> HttpResponse:
    """IATI 2.03 activities of the public projects (filters as on the project list)."""
    filterset = ProjectFilter(request.GET or None, queryset=project_list())
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponse(
            "; ".join(str(e) for errors in filterset.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    projects = list(
        filterset.qs.prefetch_related(
            "results",
            "transitions",
            "countries__country",
            "partners__organisation",
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("contribution__donor").prefetch_related(
                    "disbursements__recipient"
                ),
            ),
        )
    )
    if not projects:
        return HttpResponse(
            _("No public project matches: an IATI file needs at least one activity."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(activities_xml(projects), content_type="application/xml")
    response["Content-Disposition"] = 'inline; filename="imdi-iati-activities.xml"'
    return response
