"""Reads of the remittances app, shared by its pages, the country profile and the API."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Max, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.cache import cached_on_data
from imdi_portal.core.downloads import chunked
from imdi_portal.core.models import Country, Region
from imdi_portal.stats.models import Indicator, Observation
from remittances.costs import SDG_CORRIDOR_CEILING, SDG_TARGET, matched_change
from remittances.indicators import (
    BILATERAL,
    MATRIX_RECEIVED,
    MATRIX_SENT,
    PAID,
    RECEIVED,
    RECEIVED_GDP,
)
from remittances.models import CostAverage, RemittanceService

Scope = CostAverage.Scope
Basis = CostAverage.Basis
RECEIVED_GDP_COMPUTED = "IMDI.BX.TRF.PWKR.GD.ZS"  # from WDI received and GDP, when the
PAID_GDP = "IMDI.BM.TRF.PWKR.GD.ZS"  # World Bank's own share is not loaded
RECEIVED_PC, PAID_PC = "IMDI.BX.TRF.PWKR.PC", "IMDI.BM.TRF.PWKR.PC"
FLOW_CODES = (RECEIVED, PAID, RECEIVED_GDP, RECEIVED_GDP_COMPUTED, PAID_GDP, RECEIVED_PC, PAID_PC)
DIRECTIONS = {
    "in": (RECEIVED, RECEIVED_GDP, "IMDI.BX.TRF.PWKR.PC", MATRIX_RECEIVED),
    "out": (PAID, "IMDI.BM.TRF.PWKR.PC", MATRIX_SENT),
}
TOP = 5
# The receiving regions as RPW reports them (Country.wb_region holds the English name).
WB_REGIONS = {
    "East Asia & Pacific": _("East Asia & Pacific"),
    "Europe & Central Asia": _("Europe & Central Asia"),
    "Latin America & Caribbean": _("Latin America & Caribbean"),
    "Middle East & North Africa": _("Middle East & North Africa"),
    "North America": _("North America"),
    "South Asia": _("South Asia"),
    "Sub-Saharan Africa": _("Sub-Saharan Africa"),
}
# The two views of the regional table on the SDG page: parameter value -> scope.
REGION_VIEWS = {"wb": Scope.WB_REGION, "m49": Scope.REGION}
# Unknown costs (not disclosed) sort last whatever the database's default for NULL.
SERVICE_SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "total": (F("total_cost_200").asc(nulls_last=True), "firm"),
    "fee": (F("fee_200").asc(nulls_last=True), "firm"),
    "margin": (F("fx_margin_200").asc(nulls_last=True), "firm"),
    "speed": ("speed", F("total_cost_200").asc(nulls_last=True)),
    "firm": ("firm", "product"),
}


def quarter_x(period: str) -> float:
    """2020-Q3 -> 2020.5: quarters on a time axis."""
    year, _, quarter = period.partition("-Q")
    return int(year) + (int(quarter or 1) - 1) / 4


# --- lists shared with the API ---------------------------------------------------------


def flow_list() -> QuerySet[Observation]:
    """Remittance volumes by economy and year (WDI series and bilateral-matrix totals)."""
    codes = (*FLOW_CODES, MATRIX_RECEIVED, MATRIX_SENT)
    return (
        Observation.objects.of(*codes)
        .select_related("indicator", "country", "area", "counterpart")
        .order_by("indicator_id", "area_code", "period")
    )


def bilateral_list() -> QuerySet[Observation]:
    """The bilateral remittance matrix: area = sending, counterpart = receiving country."""
    return (
        Observation.objects.of(BILATERAL)
        .exclude(counterpart_code="")
        .select_related("indicator", "country", "area", "counterpart", "counterpart_area")
        .order_by("area_code", "counterpart_code", "period")
    )


def cost_average_list() -> QuerySet[CostAverage]:
    return CostAverage.objects.select_related("sending", "receiving", "receiving_area").order_by(
        "scope", "key", "basis", "amount", "period"
    )


def corridor_cost_list() -> QuerySet[CostAverage]:
    return cost_average_list().filter(scope=Scope.CORRIDOR)


def corridor_senders() -> QuerySet[Country]:
    """Countries that send money in a corridor with cost data, for the filters' pickers."""
    rows = CostAverage.objects.filter(scope=Scope.CORRIDOR)
    return Country.objects.filter(pk__in=rows.values("sending")).ordered_by_name()


def corridor_receivers() -> QuerySet[Country]:
    """Countries that receive money in a corridor with cost data, for the filters' pickers."""
    rows = CostAverage.objects.filter(scope=Scope.CORRIDOR)
    return Country.objects.filter(pk__in=rows.values("receiving")).ordered_by_name()


def service_list() -> QuerySet[RemittanceService]:
    return RemittanceService.objects.select_related("sending", "receiving").order_by(
        "period", "sending__iso3", "receiving__iso3", "total_cost_200", "firm"
    )


def corridor_index(rows: QuerySet[CostAverage] | None = None) -> list[dict[str, Any]]:
    """Each corridor of `rows` (all corridors by default) with its latest quarter's average
    for USD 200 and the change since its first quarter; one query."""
    selection = (corridor_cost_list() if rows is None else rows).filter(amount=200)
    # One pass over the rows, read in chunks: only each corridor's first and latest figure
    # are kept, so that a download of every corridor holds no more than those.
    first: dict[str, CostAverage] = {}
    latest: dict[str, CostAverage] = {}
    for row in chunked(selection.order_by("key", "period", "basis")):
        first.setdefault(row.key, row)
        current = latest.get(row.key)
        if current is None or _rank(row) > _rank(current):
            latest[row.key] = row
    return [
        {"latest": row, "first": first[key], "change": row.value - first[key].value}
        for key, row in sorted(
            latest.items(),
            key=lambda kv: (kv[1].sending.name, kv[1].receiving_name),  # type: ignore[union-attr]
        )
    ]


# --- country profile -------------------------------------------------------------------


SECTION_FIELDS = (
    "indicator__code",
    # What the profile says of each figure: its name, source, release and licence.
    "indicator__name_en",
    "indicator__name_fr",
    "indicator__name_es",
    "indicator__unit",
    "indicator__source",
    "indicator__licence",
    "indicator__vintage",
    "indicator__is_derived",
    "area_code",
    "counterpart_code",
    "year",
    "value",
    *(f"country__{name}" for name in Country.LINK_FIELDS),
    *(f"counterpart__{name}" for name in Country.LINK_FIELDS),
    "counterpart_area__name",
)


def country_section(country: Country) -> dict[str, Any] | None:
    """Inflows and outflows over time, top corridors in and out, the cost of sending money to
    and from the country: two queries, cached until the statistics change."""
    return cached_on_data(f"remittance-profile:{country.pk}", lambda: _section(country))


def _section_observations(country: Country) -> list[Observation]:
    """The country's flow series, oldest year first, and the bilateral matrix's corridors
    into and out of it: one query."""
    return list(
        Observation.objects.filter(
            Q(
                country=country,
                counterpart_code="",
                indicator__code__in=(*FLOW_CODES, MATRIX_RECEIVED, MATRIX_SENT),
            )
            | Q(indicator__code=BILATERAL, country=country)
            | Q(indicator__code=BILATERAL, counterpart=country)
        )
        .select_related("indicator", "country", "counterpart", "counterpart_area")
        .only(*SECTION_FIELDS)
        .order_by("year")
    )


def _split_flows(
    observations: list[Observation], country: Country
) -> tuple[dict[str, list[tuple[int, float]]], list[Observation], list[Observation]]:
    """(year, value) series by indicator code; the matrix's corridors sending money to the
    country (senders) and those it sends money to (receivers)."""
    series: dict[str, list[tuple[int, float]]] = {}
    senders: list[Observation] = []
    receivers: list[Observation] = []
    for obs in observations:
        code = obs.indicator.code
        if code == BILATERAL:
            if obs.counterpart_id == country.pk:
                senders.append(obs)
            else:
                receivers.append(obs)
        else:
            series.setdefault(code, []).append((obs.year, obs.value))
    return series, senders, receivers


def _section_costs(country: Country) -> list[CostAverage]:
    """The averages for USD 200 of sending to and from the country and of its corridors,
    oldest quarter first: one query."""
    return list(
        CostAverage.objects.filter(
            Q(scope=Scope.RECEIVING, receiving=country)
            | Q(scope=Scope.SENDING, sending=country)
            | Q(scope=Scope.CORRIDOR, receiving=country)
            | Q(scope=Scope.CORRIDOR, sending=country),
            amount=200,
        )
        .select_related("sending", "receiving", "receiving_area")
        .order_by("period")
    )


def _flow_table(series: dict[str, list[tuple[int, float]]]) -> list[dict[str, Any]]:
    """Received and paid by year, the ten latest years first."""
    received, paid = dict(series.get(RECEIVED, [])), dict(series.get(PAID, []))
    years = sorted(set(received) | set(paid), reverse=True)[:10]
    return [{"year": y, "received": received.get(y), "paid": paid.get(y)} for y in years]


def _cost_figures(country: Country, costs: list[CostAverage]) -> dict[str, Any]:
    """The latest cost of sending to and from the country, and its corridors' latest costs,
    cheapest first."""
    corridors = _latest_corridors([c for c in costs if c.scope == Scope.CORRIDOR])
    return {
        "cost_to": _latest_by_basis([c for c in costs if c.scope == Scope.RECEIVING]),
        "cost_from": _latest_by_basis([c for c in costs if c.scope == Scope.SENDING]),
        "corridors_in": [c for c in corridors if c.receiving_id == country.pk],
        "corridors_out": [c for c in corridors if c.sending_id == country.pk],
        "cost_trend_to": [c for c in costs if c.scope == Scope.RECEIVING],
    }


def _section(country: Country) -> dict[str, Any] | None:
    observations = _section_observations(country)
    series, senders, receivers = _split_flows(observations, country)
    indicators = {o.indicator.code: o.indicator for o in observations}
    costs = _section_costs(country)
    if not (series or senders or receivers or costs):
        return None
    # One edition of the bilateral matrix: the latest year loaded (editions are not added).
    matrix_year = max((o.year for o in senders + receivers), default=None)
    senders = sorted((o for o in senders if o.year == matrix_year), key=lambda o: -o.value)
    receivers = sorted((o for o in receivers if o.year == matrix_year), key=lambda o: -o.value)
    last = {code: points[-1] for code, points in series.items()}
    return {
        "figures": _headline_figures(indicators, last),
        "matrix_indicator": indicators.get(BILATERAL),
        "flow_table": _flow_table(series),
        "inflows": series.get(RECEIVED, []),
        "outflows": series.get(PAID, []),
        "latest": last,
        "received_gdp": last.get(RECEIVED_GDP),
        "matrix_year": matrix_year,
        "matrix_in": sum(o.value for o in senders),
        "matrix_out": sum(o.value for o in receivers),
        "top_senders": senders[:TOP],
        "top_receivers": receivers[:TOP],
        **_cost_figures(country, costs),
    }


def _headline_figures(
    indicators: dict[str, Indicator], last: dict[str, tuple[int, float]]
) -> dict[str, dict[str, Any] | None]:
    """One figure per concept for the profile's cards, each with its year and indicator
    (for its source, release and page): received and paid, their share of GDP (the World
    Bank's own when loaded, else computed) and per inhabitant."""

    def figure(*codes: str) -> dict[str, Any] | None:
        for code in codes:
            if code in last:
                year, value = last[code]
                return {"year": year, "value": value, "indicator": indicators[code]}
        return None

    return {
        "received": figure(RECEIVED),
        "received_gdp": figure(RECEIVED_GDP, RECEIVED_GDP_COMPUTED),
        "received_pc": figure(RECEIVED_PC),
        "paid": figure(PAID),
        "paid_gdp": figure(PAID_GDP),
        "paid_pc": figure(PAID_PC),
    }


def _rank(row: CostAverage) -> tuple[str, bool]:
    """The latest quarter first; for one quarter, the World Bank's published corridor average
    before an average computed from the services loaded here."""
    return (row.period, row.basis == Basis.CORRIDOR)


def _latest_by_basis(rows: list[CostAverage]) -> CostAverage | None:
    """The figure to show for "now" (see _rank)."""
    return max(rows, key=_rank, default=None)


def _latest_per_corridor(rows: list[CostAverage]) -> dict[str, CostAverage]:
    """Corridor key -> the figure to show for "now" (see _rank)."""
    latest: dict[str, CostAverage] = {}
    for row in rows:
        current = latest.get(row.key)
        if current is None or _rank(row) > _rank(current):
            latest[row.key] = row
    return latest


def _latest_corridors(rows: list[CostAverage]) -> list[CostAverage]:
    return sorted(_latest_per_corridor(rows).values(), key=lambda c: c.value)


# --- corridor page and comparator ------------------------------------------------------


@dataclass
class Corridor:
    sending: Country
    receiving: Country
    trend: dict[tuple[str, int], list[CostAverage]] = field(default_factory=dict)
    periods: list[str] = field(default_factory=list)  # quarters with provider data
    period: str = ""
    services: list[RemittanceService] = field(default_factory=list)
    cheapest: RemittanceService | None = None
    flow: Observation | None = None
    # Real: the corridor has a World Bank corridor average or a surveyed service; its sample
    # services are then never averaged nor named cheapest (RemittanceServiceQuerySet.counted).
    real: bool = True
    smart: list[CostAverage] = field(default_factory=list)  # SmaRT by quarter, oldest first

    @property
    def latest_smart(self) -> CostAverage | None:
        return self.smart[-1] if self.smart else None

    @property
    def has_sample(self) -> bool:
        return any(s.is_sample for s in self.services) or any(
            c.has_sample for rows in self.trend.values() for c in rows
        )

    @property
    def latest_average(self) -> CostAverage | None:
        rows = [r for (basis, amount), v in self.trend.items() if amount == 200 for r in v]
        return _latest_by_basis(rows)


def corridor_get(
    *, sending: Country, receiving: Country, period: str = "", sort: str = "total"
) -> Corridor:
    """Cost trend (both amounts, both bases) and SmaRT, the services of one quarter sorted as
    asked (the latest by default) with the cheapest counted one for USD 200, and the flow
    estimate of the corridor. Four queries, five for a corridor without published averages."""
    corridor = Corridor(sending, receiving)
    for row in CostAverage.objects.filter(
        scope__in=(Scope.CORRIDOR, Scope.SMART), sending=sending, receiving=receiving
    ).order_by("period"):
        if row.scope == Scope.SMART:
            corridor.smart.append(row)
        else:
            corridor.trend.setdefault((row.basis, row.amount), []).append(row)
    services = RemittanceService.objects.in_corridor(sending, receiving)
    corridor.periods = sorted(
        services.order_by().values_list("period", flat=True).distinct(), reverse=True
    )
    corridor.period = period if period in corridor.periods else next(iter(corridor.periods), "")
    corridor.real = any(basis == Basis.CORRIDOR for basis, _amount in corridor.trend) or (
        bool(corridor.periods) and services.filter(is_sample=False).exists()
    )
    if corridor.period:
        order = SERVICE_SORTS.get(sort, SERVICE_SORTS["total"])
        corridor.services = list(services.filter(period=corridor.period).order_by(*order, "pk"))
        corridor.cheapest = cheapest(corridor.services, real_corridor=corridor.real)
    corridor.flow = (
        Observation.objects.of(BILATERAL)
        .filter(country=sending, counterpart=receiving)
        .order_by("-year")
        .first()
    )
    return corridor


def counts(service: RemittanceService, *, real_corridor: bool, amount: int = 200) -> bool:
    """Whether the service counts in the corridor's figures (as in costs): transparent, with
    a total cost, and not a sample service on a real corridor."""
    column = "total_cost_200" if amount == 200 else "total_cost_500"
    return (
        service.transparent
        and getattr(service, column) is not None
        and not (real_corridor and service.is_sample)
    )


def cheapest(
    services: list[RemittanceService], amount: int = 200, *, real_corridor: bool = True
) -> RemittanceService | None:
    """The counted service (see counts) with the lowest total cost (ties: the faster one)."""
    column = "total_cost_200" if amount == 200 else "total_cost_500"
    counted = [s for s in services if counts(s, real_corridor=real_corridor, amount=amount)]
    return min(counted, key=lambda s: (getattr(s, column), s.speed or "9"), default=None)


@dataclass
class Quote:
    service: RemittanceService
    cost_percent: float
    cost: float
    received: float
    cheapest: bool


def compare(*, sending: Country, receiving: Country, amount: int) -> dict[str, Any]:
    """What a migrant sending `amount` USD from `sending` to `receiving` can expect: the
    services of the latest quarter surveyed, cheapest first, with what the recipient gets;
    the corridor's average where no provider-level data is loaded."""
    corridor = corridor_get(sending=sending, receiving=receiving)
    column = "total_cost_200" if amount == 200 else "total_cost_500"
    best = cheapest(corridor.services, amount, real_corridor=corridor.real)
    quotes = []
    for service in corridor.services:
        percent = getattr(service, column)
        if percent is None or not service.transparent:
            continue
        cost = round(amount * float(percent) / 100, 2)
        quotes.append(
            Quote(service, float(percent), cost, round(amount - cost, 2), service == best)
        )

    # On a real corridor the surveyed services come first: a sample one never tops the list.
    def order(q: Quote) -> tuple:
        return (corridor.real and q.service.is_sample, q.cost_percent, q.service.speed or "9")

    quotes.sort(key=order)
    hidden = [s for s in corridor.services if not s.transparent]
    average = corridor.latest_average if amount == 200 else None
    if amount == 500:
        rows = corridor.trend.get((Basis.PROVIDER, 500), [])
        average = rows[-1] if rows else None
    return {
        "corridor": corridor,
        "quotes": quotes,
        "not_transparent": hidden,
        "average": average,
        "average_received": round(amount * (1 - average.value / 100), 2) if average else None,
    }


def corridor_countries() -> tuple[list[Country], list[Country]]:
    """Sending and receiving countries that have cost data, for the comparator's pickers
    (corridors to economies outside ISO 3166-1 have averages but no services to compare)."""
    pairs = CostAverage.objects.filter(scope=Scope.CORRIDOR, receiving__isnull=False).values_list(
        "sending_id", "receiving_id"
    )
    sending_ids, receiving_ids = set(), set()
    for s, r in pairs.distinct():
        sending_ids.add(s)
        receiving_ids.add(r)
    countries = {c.pk: c for c in Country.objects.filter(pk__in=sending_ids | receiving_ids)}
    return (
        sorted((countries[i] for i in sending_ids), key=lambda c: c.name),
        sorted((countries[i] for i in receiving_ids), key=lambda c: c.name),
    )


# --- SDG 10.c and flows ----------------------------------------------------------------


def sdg_dashboard(*, basis: str = Basis.CORRIDOR, regions: str = "wb") -> dict[str, Any]:
    """Global averages (simple, flow-weighted and SmaRT) by quarter against the 3 % target,
    the change between the first and the latest quarter on the same corridors, corridors
    above 5 % and receiving regions in the latest quarter, by World Bank region
    (`regions="wb"`) or UN M49 sub-region ("m49"). Two queries (three with M49 regions)."""
    region_scope = REGION_VIEWS[regions]
    rows = list(
        CostAverage.objects.filter(
            scope__in=(Scope.GLOBAL, Scope.GLOBAL_WEIGHTED, Scope.GLOBAL_SMART, region_scope),
            amount=200,
            basis=basis,
        ).order_by("period")
    )
    simple = [r for r in rows if r.scope == Scope.GLOBAL]
    weighted = [r for r in rows if r.scope == Scope.GLOBAL_WEIGHTED]
    smart = [r for r in rows if r.scope == Scope.GLOBAL_SMART]
    latest = simple[-1] if simple else None
    first = simple[0] if simple else None
    above: list[CostAverage] = []
    change = None
    senders = 0
    if latest and first:
        corridors = list(
            CostAverage.objects.filter(
                scope=Scope.CORRIDOR,
                amount=200,
                basis=basis,
                period__in={first.period, latest.period},
            ).select_related("sending", "receiving", "receiving_area")
        )
        # The headline's sample: how many sending countries its corridors start from.
        senders = len({r.sending_id for r in corridors if r.period == latest.period})
        above = sorted(
            (r for r in corridors if r.period == latest.period and r.value > SDG_CORRIDOR_CEILING),
            key=lambda r: -r.value,
        )
        if first.period != latest.period:
            change = matched_change(
                [r for r in corridors if r.period == first.period],
                [r for r in corridors if r.period == latest.period],
                basis=basis,
            )
    return {
        "basis": basis,
        "simple": simple,
        "weighted": weighted,
        "smart": smart,
        "latest": latest,
        "first": first,
        "change": change,
        "latest_weighted": _in_period(weighted, latest),
        "latest_smart": _in_period(smart, latest),
        "regions_view": regions,
        "regions": _regions(
            [r for r in rows if r.scope == region_scope and latest and r.period == latest.period],
            regions,
        ),
        "above": above,
        "senders": senders,
        "target": SDG_TARGET,
        "ceiling": SDG_CORRIDOR_CEILING,
    }


def _in_period(rows: list[CostAverage], latest: CostAverage | None) -> CostAverage | None:
    """The row of the headline's quarter, so that cards side by side speak of one quarter."""
    return next((r for r in rows if latest and r.period == latest.period), None)


def _regions(rows: list[CostAverage], view: str) -> list[dict[str, Any]]:
    """Each region's row with its name, most expensive first."""
    names: dict[str, Any] = dict(WB_REGIONS)
    if view == "m49":
        names = {
            r.code: r.localized_name for r in Region.objects.filter(code__in=[r.key for r in rows])
        }
    return [
        {"row": r, "name": names.get(r.key, r.key)} for r in sorted(rows, key=lambda r: -r.value)
    ]


def flows_overview(*, limit: int = 25) -> dict[str, Any]:
    """Top corridors, senders and receivers in the latest bilateral matrix. Two queries."""
    year = Observation.objects.of(BILATERAL).order_by().aggregate(y=Max("year"))["y"]
    if year is None:
        return {"year": None, "corridors": [], "senders": [], "receivers": [], "total": 0}
    corridors = list(bilateral_list().filter(year=year).order_by("-value")[:limit])
    totals = list(
        Observation.objects.of(MATRIX_RECEIVED, MATRIX_SENT)
        .filter(year=year, country__isnull=False)
        .select_related("indicator", "country")
        .order_by("-value")
    )
    receivers = [o for o in totals if o.indicator.code == MATRIX_RECEIVED]
    senders = [o for o in totals if o.indicator.code == MATRIX_SENT]
    return {
        "year": year,
        "corridors": corridors,
        "senders": senders[:limit],
        "receivers": receivers[:limit],
        "total": sum(o.value for o in receivers),
    }
