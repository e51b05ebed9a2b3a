"""Public pages of the remittances app: overview, corridors, the cost comparator, the SDG 10.c
dashboard and bilateral flows. Every table downloads as CSV with `?format=csv`.

Each view reads its parameters, asks the selectors for the data and remittances.presenters
for what the template (or the download) shows."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from imdi_portal.core.downloads import csv_response, wants_csv
from imdi_portal.core.selectors import country_get
from remittances import presenters
from remittances.filters import CorridorCostFilter
from remittances.forms import CompareForm
from remittances.models import CostAverage
from remittances.selectors import (
    REGION_VIEWS,
    compare,
    corridor_cost_list,
    corridor_countries,
    corridor_get,
    corridor_index,
    flows_overview,
    sdg_dashboard,
)

Basis = CostAverage.Basis


def _download(table: presenters.CsvTable) -> HttpResponse:
    return csv_response(table.filename, table.header, table.rows)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "remittances/index.html",
        {"sdg": sdg_dashboard(), "flows": flows_overview(limit=10)},
    )


@require_safe
def corridors(request: HttpRequest) -> HttpResponse:
    filterset = CorridorCostFilter(request.GET or None, queryset=corridor_cost_list())
    valid = not filterset.is_bound or filterset.is_valid()
    rows = corridor_index(filterset.qs) if valid else []
    if valid and wants_csv(request):
        return _download(presenters.corridor_index_csv(rows))
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "remittances/corridors.html",
        {"filter": filterset, "rows": rows, "csv_query": query.urlencode()},
        status=200 if valid else 400,
    )


def _pair(sending: str, receiving: str):
    pair = (country_get(iso3=sending), country_get(iso3=receiving))
    if None in pair:
        raise Http404("no such country")
    return pair


@require_safe
def corridor(request: HttpRequest, sending: str, receiving: str) -> HttpResponse:
    source, target = _pair(sending, receiving)
    if sending != source.iso3 or receiving != target.iso3:
        return redirect("remittances:corridor", source.iso3, target.iso3)
    sort = request.GET.get("sort", "total")
    data = corridor_get(
        sending=source, receiving=target, period=request.GET.get("period", ""), sort=sort
    )
    if wants_csv(request):
        return _download(presenters.corridor_csv(data, table=request.GET.get("table")))
    return render(request, "remittances/corridor.html", presenters.corridor_page(data, sort=sort))


@require_safe
def comparator(request: HttpRequest) -> HttpResponse:
    form = CompareForm(request.GET or None, initial={"amount": 200})
    senders, receivers = corridor_countries()
    context = {"form": form, "senders": senders, "receivers": receivers}
    status = 200
    if form.is_bound:
        if form.is_valid():
            context["result"] = compare(
                sending=form.cleaned_data["sending"],
                receiving=form.cleaned_data["receiving"],
                amount=form.cleaned_data["amount"],
            )
            context["amount"] = form.cleaned_data["amount"]
        else:
            status = 400
    return render(request, "remittances/compare.html", context, status=status)


def _sdg_choices(request: HttpRequest) -> tuple[str, str, list[str]]:
    """The basis and the regional view asked for, the defaults in place of unknown values,
    and a message for each unknown value."""
    basis = request.GET.get("basis", Basis.CORRIDOR)
    regions = request.GET.get("regions", "wb")
    errors = []
    if basis not in Basis.values:
        errors.append(
            _("Unknown basis “%(value)s”: use %(choices)s.")
            % {"value": basis, "choices": " or ".join(Basis.values)}
        )
        basis = Basis.CORRIDOR
    if regions not in REGION_VIEWS:
        errors.append(
            _("Unknown regional view “%(value)s”: use %(choices)s.")
            % {"value": regions, "choices": " or ".join(REGION_VIEWS)}
        )
        regions = "wb"
    return basis, regions, errors


@require_safe
def sdg(request: HttpRequest) -> HttpResponse:
    basis, regions, errors = _sdg_choices(request)
    data = sdg_dashboard(basis=basis, regions=regions)
    if wants_csv(request) and not errors:
        return _download(presenters.sdg_csv(data, table=request.GET.get("table", "quarters")))
    return render(
        request,
        "remittances/sdg.html",
        {**presenters.sdg_page(data), "errors": errors},
        status=400 if errors else 200,
    )


@require_safe
def flows(request: HttpRequest) -> HttpResponse:
    data = flows_overview(limit=25)
    if wants_csv(request):
        return _download(presenters.flows_csv(data, table=request.GET.get("table", "corridors")))
    return render(request, "remittances/flows.html", presenters.flows_page(data))
