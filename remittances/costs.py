"""Average cost of sending remittances, after the World Bank's Remittance Prices Worldwide
(RPW) methodology, and the SDG 10.c figures.

Definitions (RPW methodology, remittanceprices.worldbank.org):
- The total cost of a service is its fee plus its exchange-rate margin, in percent of the
  amount sent: USD 200 ("cc1") or USD 500 ("cc2"), or their equivalent in the sending
  country's currency.
- Services that do not disclose the exchange rate they apply (not transparent) are left out
  of every average, as the World Bank does; so are services whose total cost is missing.
- Sample services (RemittanceService.is_sample: invented to show the layout) count only in
  corridors that have nothing but sample data. A corridor with a World Bank corridor average
  or a surveyed service in any quarter is real: its sample services are shown, labelled, but
  left out of its averages, of its SmaRT and of its cheapest service
  (RemittanceServiceQuerySet.counted).
- Corridor average: simple average of the total cost of the services surveyed in the
  corridor in that quarter. Where only the World Bank's published corridor averages are
  loaded (ATCR.CORR, the DataBank export), those are used as they are (basis "corridor").
- Global average, and every average over a group of corridors (receiving region, sending or
  receiving country), by basis:
  - provider-level data (basis "provider"): the simple average of all the services surveyed
    in the group, the World Bank's definition of its Global Average and country averages.
    It is computed from the corridor averages weighted by their number of services, which is
    the same number: a corridor with many services weighs more.
  - published corridor averages only (basis "corridor", ATCR.CORR): the simple average of
    the corridor averages, since the services behind them are not in the file. This differs
    from the World Bank's published figure (which averages services), and the shipped export
    keeps 24 of RPW's 48 sending countries; e.g. RPW issue 19 reports a Global Average of
    7.42 % for Q3 2016. The pages say which method a figure uses.
- Global weighted average: the corridor averages weighted by the corridor's remittance flow
  in the latest bilateral remittance matrix loaded (KNOMAD.BILATERAL); corridors without a
  flow estimate are left out of it.
- Receiving regions: by World Bank region (the country's `wb_region`, as RPW reports them:
  East Asia & Pacific, Europe & Central Asia, Latin America & Caribbean, Middle East & North
  Africa, South Asia, Sub-Saharan Africa) and, as a second view, by UN M49 sub-region.
  Countries without a region are left out of the regional figures. Published corridors to
  economies outside ISO 3166-1 (Kosovo, coded KSV by RPW and XKX by the World Bank) are kept
  against their statistical area and count, as in RPW's figures, in the global, sending-
  country and World Bank regional averages and as receiving economies of their own; they have
  no UN M49 sub-region. The provider dataset's services are keyed by ISO 3166-1 countries: its
  services to such economies are counted as skipped at import.
- Provider type and payment instrument: simple averages of the services.
- SmaRT (Smart Remitter Target), provider-level data and USD 200 only: in each corridor and
  quarter, the simple average of the total cost of the three cheapest services that meet
  the criteria below; the Global SmaRT Average is the simple average of the corridors' SmaRT.
  The World Bank's criteria are that a service be transparent, accessible and reliable.
  What a provider row can check, and is checked here:
  1. transparent: the provider discloses fee and exchange rate (RPW's `transparent`) and the
     total cost for USD 200 is known;
  2. speed: the money arrives within 5 days, i.e. RPW's speed classes "less than one hour"
     to "3-5 days" (models.SMART_SPEEDS); "6 days or more" and an unrecorded speed fail.
     The 5-day limit is the portal's approximation of the World Bank's criteria, the
     finest the speed classes allow, not a threshold taken from its methodology.
  Not checked, because the rows do not carry what the World Bank's methodology uses:
  whether a service (an account-based or mobile one, say) is accessible to senders and
  recipients in the countries concerned, and the other accessibility and reliability
  conditions. So the portal's SmaRT may include services the World Bank's
  leaves out, and is the portal's approximation, not the published figure. A corridor with
  fewer than three qualifying services gets the average of those it has (the portal's
  rule; `services` says how many), and none without any.
- SDG 10.c: the number and share of corridors whose average is above 5 %, and the distance of
  the global average to the 3 % target (CostAverage.gap_to_target); the trend compares the
  first and the latest quarter on the same corridors only (matched_change).
Everything is recomputed from scratch in one transaction, with aggregate queries in the
database; the tables are small (hundreds of corridors, tens of quarters).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import mean

from django.db import connection, transaction
from django.db.models import Avg, Count, F, FloatField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from imdi_portal.stats.models import Observation
from remittances.indicators import BILATERAL, CORRIDOR_COST
from remittances.models import CostAverage, RemittanceService

Scope = CostAverage.Scope
Basis = CostAverage.Basis
SDG_CORRIDOR_CEILING = 5.0
SDG_TARGET = 3.0
SMART_SERVICES = 3  # SmaRT averages the three cheapest qualifying services of a corridor
# Published corridor-average series and the amount (USD) they are about.
CORRIDOR_SERIES = {CORRIDOR_COST: 200}
AMOUNTS = {200: "total_cost_200", 500: "total_cost_500"}
# Groups of corridors: scope -> (the key's field, the country foreign key to set or None).
# Receiving economies outside ISO 3166-1 (Kosovo) count by their area's code and World Bank
# region, as in RPW's figures; they have no UN M49 sub-region here.
CORRIDOR_GROUPS: dict[str, tuple[str | None, str | None]] = {
    Scope.GLOBAL: (None, None),
    Scope.REGION: ("receiving__sub_region__code", None),
    Scope.WB_REGION: ("wb_region_key", None),
    Scope.SENDING: ("sending__iso3", "sending_id"),
    Scope.RECEIVING: ("receiving_key", "receiving_id"),
}
GROUP_KEYS = {
    "wb_region_key": Coalesce(
        NullIf("receiving__wb_region", Value("")), "receiving_area__wb_region"
    ),
    "receiving_key": Coalesce("receiving__iso3", "receiving_area__code"),
}


def cost_averages_recompute() -> int:
    """Rebuild every CostAverage; returns the number of rows written."""
    with transaction.atomic():
        CostAverage.objects.all().delete()
        rows = _corridors_from_services() + _corridors_published()
        CostAverage.objects.bulk_create(rows, batch_size=2000)
        derived = [
            *(row for scope in CORRIDOR_GROUPS for row in _of_corridors(scope)),
            *_weighted_global(),
            *_of_services(Scope.FIRM_TYPE, "firm_type"),
            *_of_services(Scope.INSTRUMENT, "payment_instrument"),
        ]
        smart = _smart_corridors()
        derived += smart + _smart_global(smart)
        CostAverage.objects.bulk_create(derived, batch_size=2000)
    return len(rows) + len(derived)


def _corridors_from_services() -> list[CostAverage]:
    rows = []
    for amount, column in AMOUNTS.items():
        groups = (
            RemittanceService.objects.counted()
            .filter(**{f"{column}__isnull": False})
            .values("period", "sending_id", "receiving_id", "sending__iso3", "receiving__iso3")
            .annotate(
                average=Avg(column),
                services=Count("id"),
                samples=Count("id", filter=Q(is_sample=True)),
            )
        )
        rows += [
            CostAverage(
                scope=Scope.CORRIDOR,
                key=f"{g['sending__iso3']}-{g['receiving__iso3']}",
                sending_id=g["sending_id"],
                receiving_id=g["receiving_id"],
                period=g["period"],
                amount=amount,
                basis=Basis.PROVIDER,
                value=float(g["average"]),
                corridors=1,
                corridors_above_5=int(g["average"] > SDG_CORRIDOR_CEILING),
                services=g["services"],
                has_sample=g["samples"] > 0,
            )
            for g in groups
        ]
    return rows


def _corridors_published() -> list[CostAverage]:
    rows = []
    for code, amount in CORRIDOR_SERIES.items():
        values = (
            Observation.objects.of(code)
            .filter(country__isnull=False)
            .filter(Q(counterpart__isnull=False) | Q(counterpart_area__isnull=False))
            .values_list(
                "period",
                "country_id",
                "counterpart_id",
                "counterpart_area_id",
                "area_code",
                "counterpart_code",
                "value",
            )
        )
        rows += [
            CostAverage(
                scope=Scope.CORRIDOR,
                key=f"{sending}-{receiving}",
                sending_id=sending_id,
                receiving_id=receiving_id,
                receiving_area_id=receiving_area_id,
                period=period,
                amount=amount,
                basis=Basis.CORRIDOR,
                value=value,
                corridors=1,
                corridors_above_5=int(value > SDG_CORRIDOR_CEILING),
            )
            for period, sending_id, receiving_id, receiving_area_id, sending, receiving, value in (
                values
            )
        ]
    return rows


def _corridor_rows():
    return CostAverage.objects.filter(scope=Scope.CORRIDOR)


def _of_corridors(scope: str) -> list[CostAverage]:
    """The averages of a group of corridors (CORRIDOR_GROUPS) per quarter, amount and basis:
    of services with provider-level data (each corridor average weighted by its number of
    services), of corridor averages with the published ones only."""
    key_field, country_field = CORRIDOR_GROUPS[scope]
    fields = ["period", "amount", "basis", *filter(None, (key_field, country_field))]
    selection = _corridor_rows()
    if key_field in GROUP_KEYS:
        selection = selection.annotate(**{key_field: GROUP_KEYS[key_field]})
    if key_field:
        selection = selection.exclude(**{f"{key_field}__isnull": True}).exclude(**{key_field: ""})
    of_services = Sum(F("value") * F("services"), output_field=FloatField()) / Cast(
        Sum("services"), FloatField()
    )
    rows = []
    for basis, average in ((Basis.PROVIDER, of_services), (Basis.CORRIDOR, Avg("value"))):
        groups = (
            selection.filter(basis=basis)
            .values(*fields)
            .annotate(
                average=average,
                corridors=Count("id"),
                above=Sum("corridors_above_5"),
                services=Sum("services"),
                samples=Count("id", filter=Q(has_sample=True)),
            )
        )
        rows += [
            CostAverage(
                scope=scope,
                key=g[key_field] if key_field else "",
                **({country_field: g[country_field]} if country_field else {}),
                period=g["period"],
                amount=g["amount"],
                basis=basis,
                value=g["average"],
                corridors=g["corridors"],
                corridors_above_5=g["above"],
                services=g["services"],
                has_sample=g["samples"] > 0,
            )
            for g in groups
        ]
    return rows


def _weighted_global() -> list[CostAverage]:
    """Corridor averages weighted by the latest bilateral flows (one SQL statement)."""
    latest = Observation.objects.of(BILATERAL).order_by("-year").values_list("year", flat=True)
    year = latest.first()
    if year is None:
        return []
    table = CostAverage._meta.db_table
    flows = Observation.objects.of(BILATERAL).filter(year=year)
    flows_sql, params = flows.values(
        "country_id", "counterpart_id", "counterpart_area_id", "value"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.period, c.amount, c.basis, SUM(c.value * f.value) / SUM(f.value), "
            "COUNT(*), SUM(c.corridors_above_5), SUM(c.services), "
            "SUM(CASE WHEN c.has_sample THEN 1 ELSE 0 END) "
            f"FROM {table} c JOIN ({flows_sql}) f ON f.country_id = c.sending_id "
            "AND (f.counterpart_id = c.receiving_id "
            "OR f.counterpart_area_id = c.receiving_area_id) "
            "WHERE c.scope = %s AND f.value > 0 GROUP BY c.period, c.amount, c.basis",
            [*params, Scope.CORRIDOR],
        )
        return [
            CostAverage(
                scope=Scope.GLOBAL_WEIGHTED,
                key=str(year),  # the year of the weights
                period=period,
                amount=amount,
                basis=basis,
                value=value,
                corridors=corridors,
                corridors_above_5=above,
                services=services or 0,
                has_sample=bool(samples),
            )
            for period, amount, basis, value, corridors, above, services, samples in cursor
        ]


def _of_services(scope: str, field: str) -> list[CostAverage]:
    rows = []
    for amount, column in AMOUNTS.items():
        groups = (
            RemittanceService.objects.counted()
            .filter(**{f"{column}__isnull": False})
            .exclude(**{field: ""})
            .values("period", field)
            .annotate(
                average=Avg(column),
                services=Count("id"),
                samples=Count("id", filter=Q(is_sample=True)),
            )
        )
        rows += [
            CostAverage(
                scope=scope,
                key=g[field][:80],
                period=g["period"],
                amount=amount,
                basis=Basis.PROVIDER,
                value=float(g["average"]),
                services=g["services"],
                has_sample=g["samples"] > 0,
            )
            for g in groups
        ]
    return rows


def _smart_corridors() -> list[CostAverage]:
    """SmaRT of each corridor and quarter: the mean of its three cheapest qualifying services
    for USD 200 (fewer if it has fewer; see the module's docstring)."""
    services = (
        RemittanceService.objects.counted()
        .smart_eligible()
        .order_by("period", "sending_id", "receiving_id", "total_cost_200", "pk")
        .values_list(
            "period",
            "sending_id",
            "receiving_id",
            "sending__iso3",
            "receiving__iso3",
            "total_cost_200",
            "is_sample",
        )
    )
    cheapest: dict[tuple, list[tuple]] = defaultdict(list)
    for period, sending_id, receiving_id, sending, receiving, cost, sample in services:
        kept = cheapest[(period, sending_id, receiving_id, sending, receiving)]
        if len(kept) < SMART_SERVICES:  # rows come cheapest first
            kept.append((float(cost), sample))
    rows = []
    for (period, sending_id, receiving_id, sending, receiving), kept in cheapest.items():
        value = mean(cost for cost, _ in kept)
        rows.append(
            CostAverage(
                scope=Scope.SMART,
                key=f"{sending}-{receiving}",
                sending_id=sending_id,
                receiving_id=receiving_id,
                period=period,
                amount=200,
                basis=Basis.PROVIDER,
                value=value,
                corridors=1,
                corridors_above_5=int(value > SDG_CORRIDOR_CEILING),
                services=len(kept),
                has_sample=any(sample for _, sample in kept),
            )
        )
    return rows


def _smart_global(corridors: list[CostAverage]) -> list[CostAverage]:
    """The Global SmaRT Average: the simple average of the corridors' SmaRT, per quarter."""
    by_period: dict[str, list[CostAverage]] = defaultdict(list)
    for row in corridors:
        by_period[row.period].append(row)
    return [
        CostAverage(
            scope=Scope.GLOBAL_SMART,
            period=period,
            amount=200,
            basis=Basis.PROVIDER,
            value=mean(r.value for r in rows),
            corridors=len(rows),
            corridors_above_5=sum(r.corridors_above_5 for r in rows),
            services=sum(r.services for r in rows),
            has_sample=any(r.has_sample for r in rows),
        )
        for period, rows in sorted(by_period.items())
    ]


@dataclass(frozen=True)
class MatchedChange:
    """The change of an average between two quarters, on the corridors present in both."""

    first_period: str
    latest_period: str
    corridors: int  # compared: present in both quarters
    first_value: float
    latest_value: float

    @property
    def change(self) -> float:
        return self.latest_value - self.first_value


def group_average(rows: Iterable[CostAverage], basis: str) -> float:
    """The average of corridor averages as _of_corridors computes it: of the services with
    provider-level data, of the corridors with the published averages."""
    rows = list(rows)
    if basis == Basis.PROVIDER:
        return sum(r.value * r.services for r in rows) / sum(r.services for r in rows)
    return mean(r.value for r in rows)


def matched_change(
    first: Iterable[CostAverage], latest: Iterable[CostAverage], *, basis: str
) -> MatchedChange | None:
    """The average of the first and of the latest quarter over the corridors surveyed in
    both (a matched sample), so that corridors added or dropped between the two quarters do
    not pass for a change in prices. None when no corridor is in both."""
    before = {r.key: r for r in first}
    after = {r.key: r for r in latest}
    keys = sorted(before.keys() & after.keys())
    if not keys:
        return None
    return MatchedChange(
        first_period=before[keys[0]].period,
        latest_period=after[keys[0]].period,
        corridors=len(keys),
        first_value=group_average((before[k] for k in keys), basis),
        latest_value=group_average((after[k] for k in keys), basis),
    )
