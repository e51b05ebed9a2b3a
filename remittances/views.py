"""Public pages of the remittances app: overview, corridors, the cost comparator, the SDG 10.c
dashboard and bilateral flows. Every table downloads as CSV with `?format=csv`."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from imdi_portal.downloads import csv_response, wants_csv
from imdi_portal.selectors import country_get
from imdi_portal.stats.charts import Series, flow_chart, line_chart
from remittances.filters import CorridorCostFilter
from remittances.forms import CompareForm
from remittances.models import CostAverage
from remittances.selectors import (
    SERVICE_SORTS,
    compare,
    corridor_cost_list,
    corridor_countries,
    corridor_get,
    corridor_index,
    flows_overview,
    quarter_x,
    sdg_dashboard,
)

Basis = CostAverage.Basis


def _quarter_label(x: float) -> str:
    year = int(x)
    return f"{year}-Q{round((x - year) * 4) + 1}"


def _pct(value) -> str:
    return "" if value is None else f"{float(value):.2f}"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "remittances/index.html",
        {"sdg": sdg_dashboard(), "flows": flows_overview(limit=10)},
    )


@require_GET
def corridors(request: HttpRequest) -> HttpResponse:
    filterset = CorridorCostFilter(request.GET or None, queryset=corridor_cost_list())
    valid = not filterset.is_bound or filterset.is_valid()
    rows = corridor_index(filterset.qs) if valid else []
    if valid and wants_csv(request):
        return csv_response(
            "remittance-corridors.csv",
            [
                "sending",
                "receiving",
                "latest_quarter",
                "average_total_cost_200_pct",
                "basis",
                "first_quarter",
                "first_value_pct",
                "change_points",
            ],
            (
                [
                    r["latest"].sending.iso3,
                    r["latest"].receiving.iso3,
                    r["latest"].period,
                    _pct(r["latest"].value),
                    r["latest"].basis,
                    r["first"].period,
                    _pct(r["first"].value),
                    _pct(r["change"]),
                ]
                for r in rows
            ),
        )
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


@require_GET
def corridor(request: HttpRequest, sending: str, receiving: str) -> HttpResponse:
    source, target = _pair(sending, receiving)
    if sending != source.iso3 or receiving != target.iso3:
        return redirect("remittances:corridor", source.iso3, target.iso3)
    sort = request.GET.get("sort", "total")
    data = corridor_get(
        sending=source, receiving=target, period=request.GET.get("period", ""), sort=sort
    )
    if wants_csv(request):
        if request.GET.get("table") == "services":
            return csv_response(
                f"services-{source.iso3}-{target.iso3}-{data.period}.csv",
                [
                    "quarter",
                    "provider",
                    "type",
                    "product",
                    "payment_instrument",
                    "access_point",
                    "speed",
                    "fee_200_pct",
                    "fx_margin_200_pct",
                    "total_cost_200_pct",
                    "received_of_200_usd",
                    "total_cost_500_pct",
                    "transparent",
                    "sample",
                ],
                (
                    [
                        s.period,
                        s.firm,
                        s.get_firm_type_display(),
                        s.product,
                        s.payment_instrument,
                        s.access_point,
                        s.get_speed_display(),
                        _pct(s.fee_200),
                        _pct(s.fx_margin_200),
                        _pct(s.total_cost_200),
                        s.received_200 or "",
                        _pct(s.total_cost_500),
                        s.transparent,
                        s.is_sample,
                    ]
                    for s in data.services
                ),
            )
        return csv_response(
            f"cost-trend-{source.iso3}-{target.iso3}.csv",
            ["quarter", "amount_usd", "basis", "average_total_cost_pct", "services", "sample"],
            (
                [r.period, amount, basis, _pct(r.value), r.services, r.has_sample]
                for (basis, amount), rows in sorted(data.trend.items())
                for r in rows
            ),
        )
    labels = {
        (Basis.CORRIDOR, 200): _("World Bank corridor average, USD 200"),
        (Basis.PROVIDER, 200): _("Average of the services listed below, USD 200"),
        (Basis.PROVIDER, 500): _("Average of the services listed below, USD 500"),
    }
    series = [
        Series(
            label=str(labels.get(key, key)), points=[(quarter_x(r.period), r.value) for r in rows]
        )
        for key, rows in sorted(data.trend.items())
    ]
    title = _("Cost of sending money from %(sending)s to %(receiving)s") % {
        "sending": source.name,
        "receiving": target.name,
    }
    chart = line_chart(
        series,
        title=title,
        description=_(
            "Average total cost in percent of the amount sent, by quarter, with the SDG 10.c "
            "ceiling of 5 percent per corridor and the 3 percent target. The table below gives "
            "every value."
        ),
        x_label=_quarter_label,
        references=[(5.0, _("5 percent ceiling")), (3.0, _("3 percent target"))],
    )
    quarters = sorted({r.period for rows in data.trend.values() for r in rows}, reverse=True)
    table = [
        {
            "period": q,
            "values": [
                next((r for r in data.trend.get(key, []) if r.period == q), None)
                for key in sorted(data.trend)
            ],
        }
        for q in quarters
    ]
    return render(
        request,
        "remittances/corridor.html",
        {
            "sending": source,
            "receiving": target,
            "title": title,
            "chart": chart,
            "data": data,
            "trend_columns": [labels.get(key, key) for key in sorted(data.trend)],
            "trend_table": table,
            "sort": sort if sort in SERVICE_SORTS else "total",
            "sorts": [
                ("total", _("total cost")),
                ("fee", _("fee")),
                ("margin", _("exchange-rate margin")),
                ("speed", _("speed")),
                ("firm", _("provider")),
            ],
        },
    )


@require_GET
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


@require_GET
def sdg(request: HttpRequest) -> HttpResponse:
    basis = request.GET.get("basis", Basis.CORRIDOR)
    if basis not in Basis.values:
        basis = Basis.CORRIDOR
    data = sdg_dashboard(basis=basis)
    weighted = {r.period: r for r in data["weighted"]}
    quarters = [{"row": r, "weighted": weighted.get(r.period)} for r in data["simple"]]
    if wants_csv(request):
        table = request.GET.get("table", "quarters")
        if table == "regions":
            return csv_response(
                "sdg-10c-regions.csv",
                [
                    "quarter",
                    "region_m49",
                    "region",
                    "average_total_cost_200_pct",
                    "corridors",
                    "corridors_above_5_pct",
                ],
                (
                    [
                        i["row"].period,
                        i["row"].key,
                        i["name"],
                        _pct(i["row"].value),
                        i["row"].corridors,
                        i["row"].corridors_above_5,
                    ]
                    for i in data["regions"]
                ),
            )
        if table == "above":
            return csv_response(
                "sdg-10c-corridors-above-5.csv",
                ["quarter", "sending", "receiving", "average_total_cost_200_pct"],
                (
                    [r.period, r.sending.iso3, r.receiving.iso3, _pct(r.value)]
                    for r in data["above"]
                ),
            )
        return csv_response(
            "sdg-10c-global.csv",
            [
                "quarter",
                "global_average_pct",
                "weighted_average_pct",
                "corridors",
                "corridors_above_5",
                "share_above_5_pct",
                "gap_to_3_pct_points",
                "basis",
            ],
            (
                [
                    q["row"].period,
                    _pct(q["row"].value),
                    _pct(q["weighted"].value) if q["weighted"] else "",
                    q["row"].corridors,
                    q["row"].corridors_above_5,
                    _pct(q["row"].share_above_5),
                    _pct(q["row"].gap_to_target),
                    basis,
                ]
                for q in quarters
            ),
        )
    series = [
        Series(_("Global average"), [(quarter_x(r.period), r.value) for r in data["simple"]]),
        Series(
            _("Weighted by bilateral flows"),
            [(quarter_x(r.period), r.value) for r in data["weighted"]],
        ),
    ]
    chart = line_chart(
        series,
        title=_("Global average cost of sending USD 200"),
        description=_(
            "Line chart of the global average total cost by quarter, simple and weighted by "
            "flows, against the SDG 10.c target of 3 percent. The table below gives every value."
        ),
        x_label=_quarter_label,
        references=[(3.0, _("3 percent target")), (5.0, _("5 percent ceiling"))],
    )
    return render(
        request,
        "remittances/sdg.html",
        {**data, "chart": chart, "quarters": list(reversed(quarters)), "bases": Basis.choices},
    )


@require_GET
def flows(request: HttpRequest) -> HttpResponse:
    data = flows_overview(limit=25)
    if wants_csv(request):
        table = request.GET.get("table", "corridors")
        if table in ("senders", "receivers"):
            return csv_response(
                f"remittances-top-{table}-{data['year']}.csv",
                ["country", "iso3", "year", "usd_millions"],
                ([o.country.name, o.area_code, o.year, o.value] for o in data[table]),
            )
        return csv_response(
            f"remittances-top-corridors-{data['year']}.csv",
            ["sending", "sending_name", "receiving", "receiving_name", "year", "usd_millions"],
            (
                [o.area_code, o.area_name, o.counterpart_code, o.counterpart.name, o.year, o.value]
                for o in data["corridors"]
            ),
        )
    top = data["corridors"][:15]
    chart = flow_chart(
        [(o.area_name, o.counterpart.name, o.value) for o in top],
        title=_("The 15 largest remittance corridors, %(year)s") % {"year": data["year"]},
        description=_(
            "Flow diagram: sending countries on the left, receiving countries on the right, "
            "each band as wide as the estimated flow. The table below lists the same corridors."
        ),
    )
    biggest = data["corridors"][0].value if data["corridors"] else 1
    return render(request, "remittances/flows.html", {**data, "chart": chart, "biggest": biggest})
