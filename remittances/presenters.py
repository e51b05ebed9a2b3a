"""What the remittances pages show, made from what the selectors read: the charts, the tables
in the order the templates lay them out, and each table as a CSV download. Plain values;
no queries and no request."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from imdi_portal.stats.charts import Series, flow_chart, line_chart
from remittances.models import CostAverage
from remittances.selectors import SERVICE_SORTS, Corridor, quarter_x

Basis = CostAverage.Basis


@dataclass(frozen=True)
class CsvTable:
    """A download: its file name, its header and its rows (see imdi_portal.downloads)."""

    filename: str
    header: list[str]
    rows: Iterable[Sequence]


def quarter_label(x: float) -> str:
    """2020.5 -> 2020-Q3: the inverse of quarter_x, for the charts' labels."""
    year = int(x)
    return f"{year}-Q{round((x - year) * 4) + 1}"


def pct(value) -> str:
    """A percentage as the downloads write it: two decimals, empty when unknown."""
    return "" if value is None else f"{float(value):.2f}"


# --- corridor list ---------------------------------------------------------------------


def corridor_index_csv(rows: list[dict[str, Any]]) -> CsvTable:
    """The corridor list (selectors.corridor_index) as a download."""
    return CsvTable(
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
                r["latest"].receiving_code,
                r["latest"].period,
                pct(r["latest"].value),
                r["latest"].basis,
                r["first"].period,
                pct(r["first"].value),
                pct(r["change"]),
            ]
            for r in rows
        ),
    )


# --- one corridor ----------------------------------------------------------------------


def _trend_labels() -> dict[tuple[str, int], str]:
    return {
        (Basis.CORRIDOR, 200): _("World Bank corridor average, USD 200"),
        (Basis.PROVIDER, 200): _("Average of the provider-level services, USD 200"),
        (Basis.PROVIDER, 500): _("Average of the provider-level services, USD 500"),
    }


def _sort_choices() -> list[tuple[str, str]]:
    return [
        ("total", _("total cost")),
        ("fee", _("fee")),
        ("margin", _("exchange-rate margin")),
        ("speed", _("speed")),
        ("firm", _("provider")),
    ]


def corridor_title(data: Corridor) -> str:
    return _("Cost of sending money from %(sending)s to %(receiving)s") % {
        "sending": data.sending.name,
        "receiving": data.receiving.name,
    }


def corridor_trend_chart(data: Corridor, title: str) -> SafeString:
    """One line per basis and amount of the cost trend, against the SDG 10.c levels."""
    labels = _trend_labels()
    series = [
        Series(
            label=str(labels.get(key, key)), points=[(quarter_x(r.period), r.value) for r in rows]
        )
        for key, rows in sorted(data.trend.items())
    ]
    return line_chart(
        series,
        title=title,
        description=_(
            "Average total cost in percent of the amount sent, by quarter, with the SDG 10.c "
            "ceiling of 5 percent per corridor and the 3 percent target. The table below gives "
            "every value."
        ),
        x_label=quarter_label,
        references=[(5.0, _("5 percent ceiling")), (3.0, _("3 percent target"))],
    )


def corridor_trend_table(data: Corridor) -> list[dict[str, Any]]:
    """A row per quarter, newest first, with the figure of each trend column (or None)."""
    quarters = sorted({r.period for rows in data.trend.values() for r in rows}, reverse=True)
    return [
        {
            "period": q,
            "values": [
                next((r for r in data.trend.get(key, []) if r.period == q), None)
                for key in sorted(data.trend)
            ],
        }
        for q in quarters
    ]


def corridor_page(data: Corridor, *, sort: str) -> dict[str, Any]:
    """The corridor page's context; `sort` as asked (an unknown one shows as total cost)."""
    labels = _trend_labels()
    title = corridor_title(data)
    return {
        "sending": data.sending,
        "receiving": data.receiving,
        "title": title,
        "chart": corridor_trend_chart(data, title),
        "data": data,
        "trend_columns": [labels.get(key, key) for key in sorted(data.trend)],
        "trend_table": corridor_trend_table(data),
        "sort": sort if sort in SERVICE_SORTS else "total",
        "sorts": _sort_choices(),
    }


def corridor_services_csv(data: Corridor) -> CsvTable:
    """The services of the quarter shown, in the order shown."""
    return CsvTable(
        f"services-{data.sending.iso3}-{data.receiving.iso3}-{data.period}.csv",
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
                pct(s.fee_200),
                pct(s.fx_margin_200),
                pct(s.total_cost_200),
                s.received_200 or "",
                pct(s.total_cost_500),
                s.transparent,
                s.is_sample,
            ]
            for s in data.services
        ),
    )


def corridor_trend_csv(data: Corridor) -> CsvTable:
    """Every figure of the cost trend, by basis and amount, then quarter."""
    return CsvTable(
        f"cost-trend-{data.sending.iso3}-{data.receiving.iso3}.csv",
        ["quarter", "amount_usd", "basis", "average_total_cost_pct", "services", "sample"],
        (
            [r.period, amount, basis, pct(r.value), r.services, r.has_sample]
            for (basis, amount), rows in sorted(data.trend.items())
            for r in rows
        ),
    )


def corridor_csv(data: Corridor, *, table: str | None) -> CsvTable:
    """`table=services` downloads the services; anything else, the cost trend."""
    return corridor_services_csv(data) if table == "services" else corridor_trend_csv(data)


# --- SDG 10.c --------------------------------------------------------------------------


def sdg_quarters(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each quarter's global average with the flow-weighted one of the same quarter, oldest
    first (selectors.sdg_dashboard)."""
    weighted = {r.period: r for r in data["weighted"]}
    return [{"row": r, "weighted": weighted.get(r.period)} for r in data["simple"]]


def sdg_chart(data: dict[str, Any]) -> SafeString:
    series = [
        Series(_("Global average"), [(quarter_x(r.period), r.value) for r in data["simple"]]),
        Series(
            _("Weighted by bilateral flows"),
            [(quarter_x(r.period), r.value) for r in data["weighted"]],
        ),
    ]
    if data["smart"]:
        series.append(
            Series(_("SmaRT (portal)"), [(quarter_x(r.period), r.value) for r in data["smart"]])
        )
    return line_chart(
        series,
        title=_("Global average cost of sending USD 200"),
        description=_(
            "Line chart of the global average total cost by quarter, simple and weighted by "
            "flows (and SmaRT where provider-level data allows it), against the SDG 10.c "
            "target of 3 percent. The table below gives every value."
        ),
        x_label=quarter_label,
        references=[(3.0, _("3 percent target")), (5.0, _("5 percent ceiling"))],
    )


def sdg_method(data: dict[str, Any]) -> str:
    """How the headline global average is computed, with its sample (see remittances.costs)."""
    latest = data["latest"]
    if latest is None:
        return ""
    if data["basis"] == Basis.PROVIDER:
        return _(
            "Simple average of the total cost of all %(services)s services surveyed in "
            "%(corridors)s corridors in %(period)s: the World Bank's definition of the Global "
            "Average."
        ) % {"services": latest.services, "corridors": latest.corridors, "period": latest.period}
    return _(
        "Simple average of the World Bank's averages of %(corridors)s corridors in %(period)s. "
        "The World Bank's Global Average is the simple average of every service surveyed; the "
        "corridor export does not list the services, so this is an average of corridors, and "
        "it differs from the published figure."
    ) % {"corridors": latest.corridors, "period": latest.period}


def sdg_region_views(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The two views of the regional table, as links that keep the basis (no JavaScript)."""
    return [
        {
            "key": key,
            "label": label,
            "query": f"basis={data['basis']}&regions={key}",
            "current": key == data["regions_view"],
        }
        for key, label in (("wb", _("World Bank regions")), ("m49", _("UN M49 sub-regions")))
    ]


def sdg_page(data: dict[str, Any]) -> dict[str, Any]:
    """The SDG 10.c page's context: the dashboard, its chart, the quarters newest first, how
    the headline is computed and the links between the regional views."""
    smart = {r.period: r for r in data["smart"]}
    return {
        **data,
        "chart": sdg_chart(data),
        "quarters": [
            {**q, "smart": smart.get(q["row"].period)} for q in reversed(sdg_quarters(data))
        ],
        "bases": Basis.choices,
        "method": sdg_method(data),
        "region_views": sdg_region_views(data),
        "no_smart": (
            data["latest"].corridors - data["latest_smart"].corridors
            if data["latest"] and data["latest_smart"]
            else None
        ),
    }


def _sdg_regions_csv(data: dict[str, Any]) -> CsvTable:
    view = data["regions_view"]
    return CsvTable(
        f"sdg-10c-regions-{view}.csv",
        [
            "quarter",
            "region_wb" if view == "wb" else "region_m49",
            "region",
            "average_total_cost_200_pct",
            "corridors",
            "corridors_above_5",
            "services",
            "basis",
        ],
        (
            [
                i["row"].period,
                i["row"].key,
                i["name"],
                pct(i["row"].value),
                i["row"].corridors,
                i["row"].corridors_above_5,
                i["row"].services,
                data["basis"],
            ]
            for i in data["regions"]
        ),
    )


def _sdg_above_csv(data: dict[str, Any]) -> CsvTable:
    return CsvTable(
        "sdg-10c-corridors-above-5.csv",
        ["quarter", "sending", "receiving", "average_total_cost_200_pct"],
        ([r.period, r.sending.iso3, r.receiving_code, pct(r.value)] for r in data["above"]),
    )


def _sdg_global_csv(data: dict[str, Any]) -> CsvTable:
    smart = {r.period: r for r in data["smart"]}
    return CsvTable(
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
            "services",
            "smart_average_pct",
            "sample",
        ],
        (
            [
                q["row"].period,
                pct(q["row"].value),
                pct(q["weighted"].value) if q["weighted"] else "",
                q["row"].corridors,
                q["row"].corridors_above_5,
                pct(q["row"].share_above_5),
                pct(q["row"].gap_to_target),
                data["basis"],
                q["row"].services,
                pct(smart[q["row"].period].value) if q["row"].period in smart else "",
                q["row"].has_sample,
            ]
            for q in sdg_quarters(data)
        ),
    )


def sdg_csv(data: dict[str, Any], *, table: str) -> CsvTable:
    """`table=regions` or `above`; anything else, the global averages by quarter."""
    if table == "regions":
        return _sdg_regions_csv(data)
    if table == "above":
        return _sdg_above_csv(data)
    return _sdg_global_csv(data)


# --- bilateral flows -------------------------------------------------------------------


def flows_csv(data: dict[str, Any], *, table: str) -> CsvTable:
    """`table=senders` or `receivers`; anything else, the top corridors."""
    if table in ("senders", "receivers"):
        return CsvTable(
            f"remittances-top-{table}-{data['year']}.csv",
            ["country", "iso3", "year", "usd_millions"],
            ([o.country.name, o.area_code, o.year, o.value] for o in data[table]),
        )
    return CsvTable(
        f"remittances-top-corridors-{data['year']}.csv",
        ["sending", "sending_name", "receiving", "receiving_name", "year", "usd_millions"],
        (
            [o.area_code, o.area_name, o.counterpart_code, o.counterpart_name, o.year, o.value]
            for o in data["corridors"]
        ),
    )


def flows_page(data: dict[str, Any]) -> dict[str, Any]:
    """The flows page's context: the overview, the diagram of the 15 largest corridors and
    `biggest`, the largest flow (1 without data)."""
    top = data["corridors"][:15]
    chart = flow_chart(
        [(o.area_name, o.counterpart_name, o.value) for o in top],
        title=_("The 15 largest remittance corridors, %(year)s") % {"year": data["year"]},
        description=_(
            "Flow diagram: sending countries on the left, receiving countries on the right, "
            "each band as wide as the estimated flow. The table below lists the same corridors."
        ),
    )
    biggest = data["corridors"][0].value if data["corridors"] else 1
    return {**data, "chart": chart, "biggest": biggest}


def profile_charts(data: dict[str, Any]) -> dict[str, SafeString]:
    """The country profile's trend charts (drawn per request, in the reader's language):
    remittances received and paid by year, and the cost of sending money to the country."""
    flows = [
        Series(_("Received"), [(float(y), v) for y, v in data["inflows"]]),
        Series(_("Paid"), [(float(y), v) for y, v in data["outflows"]]),
    ]
    by_basis = _trend_labels()
    costs = [
        Series(
            str(by_basis.get((basis, 200), basis)),
            [(quarter_x(r.period), r.value) for r in data["cost_trend_to"] if r.basis == basis],
        )
        for basis in sorted({r.basis for r in data["cost_trend_to"]})
    ]
    return {
        "flow_chart": _if_a_trend(
            flows,
            title=_("Personal remittances, current US$"),
            description=_(
                "Line chart of the personal remittances received and paid by the country, by "
                "year (World Bank WDI). The table below gives the latest ten years."
            ),
        ),
        "cost_chart": _if_a_trend(
            costs,
            title=_("Average cost of sending USD 200 to the country"),
            description=_(
                "Line chart of the average total cost of sending USD 200 to the country, in "
                "percent of the amount, by quarter, against the SDG 10.c target of 3 percent. "
                "The table below gives every value."
            ),
            x_label=quarter_label,
            references=[(3.0, _("3 percent target"))],
        ),
    }


def _if_a_trend(series: list[Series], **options: Any) -> SafeString:
    """A line chart when some series has two points or more (one point is not a trend)."""
    if not any(len(s.points) >= 2 for s in series):
        return SafeString("")
    return line_chart(series, **options)
