"""Average cost of sending remittances, after the World Bank's Remittance Prices Worldwide
(RPW) methodology, and the SDG 10.c figures.

Definitions (RPW methodology, remittanceprices.worldbank.org):
- The total cost of a service is its fee plus its exchange-rate margin, in percent of the
  amount sent: USD 200 ("cc1") or USD 500 ("cc2"), or their equivalent in the sending
  country's currency.
- Services that do not disclose the exchange rate they apply (not transparent) are left out
  of every average, as the World Bank does; so are services whose total cost is missing.
- Corridor average: simple average of the total cost of the services surveyed in the
  corridor in that quarter. Where only the World Bank's published corridor averages are
  loaded (ATCR.CORR, the DataBank export), those are used as they are (basis "corridor").
- Global average: simple average of the corridor averages of the quarter. (The World Bank's
  published "Global Average" averages every service surveyed, so corridors with many
  services weigh more there; the DataBank export has corridor averages only, which leaves
  the average of corridors. The shipped export also keeps 24 of RPW's 48 sending countries.
  For both reasons this figure differs from the published one, e.g. RPW issue 19 reports a
  Global Average of 7.42 % for Q3 2016.)
- Global weighted average: the corridor averages weighted by the corridor's remittance flow
  in the latest bilateral remittance matrix loaded (KNOMAD.BILATERAL); corridors without a
  flow estimate are left out of it.
- By sending / receiving country: the World Bank's country averages (WDI SI.RMT.COST.OB.ZS /
  IB.ZS) average the services of the country; with provider-level data they are computed so,
  with corridor averages only, as the simple average of the country's corridors.
- By receiving region (UN M49 sub-region), provider type and payment instrument: simple
  averages, of corridors (regions) and of services (types, instruments).
- SDG 10.c: the number and share of corridors whose average is above 5 %, and the distance of
  the global average to the 3 % target (CostAverage.gap_to_target); the trend since the
  first quarter is the difference to the first global average (see remittances.selectors).
Everything is recomputed from scratch in one transaction, with aggregate queries in the
database; the tables are small (hundreds of corridors, tens of quarters).
"""

from django.db import connection, transaction
from django.db.models import Avg, Count, Q, Sum

from imdi_portal.stats.models import Observation
from remittances.indicators import BILATERAL, CORRIDOR_COST
from remittances.models import CostAverage, RemittanceService

Scope = CostAverage.Scope
Basis = CostAverage.Basis
SDG_CORRIDOR_CEILING = 5.0
SDG_TARGET = 3.0
# Published corridor-average series and the amount (USD) they are about.
CORRIDOR_SERIES = {CORRIDOR_COST: 200}
AMOUNTS = {200: "total_cost_200", 500: "total_cost_500"}


def cost_averages_recompute() -> int:
    """Rebuild every CostAverage; returns the number of rows written."""
    with transaction.atomic():
        CostAverage.objects.all().delete()
        rows = _corridors_from_services() + _corridors_published()
        CostAverage.objects.bulk_create(rows, batch_size=2000)
        derived = (
            _of_corridors(Scope.GLOBAL, None)
            + _of_corridors(Scope.REGION, "receiving__sub_region__code")
            + _country_averages()
            + _weighted_global()
            + _of_services(Scope.FIRM_TYPE, "firm_type")
            + _of_services(Scope.INSTRUMENT, "payment_instrument")
        )
        CostAverage.objects.bulk_create(derived, batch_size=2000)
    return len(rows) + len(derived)


def _corridors_from_services() -> list[CostAverage]:
    rows = []
    for amount, column in AMOUNTS.items():
        groups = (
            RemittanceService.objects.averaged()
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
            .filter(country__isnull=False, counterpart__isnull=False)
            .values_list(
                "period", "country_id", "counterpart_id", "area_code", "counterpart_code", "value"
            )
        )
        rows += [
            CostAverage(
                scope=Scope.CORRIDOR,
                key=f"{sending}-{receiving}",
                sending_id=sending_id,
                receiving_id=receiving_id,
                period=period,
                amount=amount,
                basis=Basis.CORRIDOR,
                value=value,
                corridors=1,
                corridors_above_5=int(value > SDG_CORRIDOR_CEILING),
            )
            for period, sending_id, receiving_id, sending, receiving, value in values
        ]
    return rows


def _corridor_rows():
    return CostAverage.objects.filter(scope=Scope.CORRIDOR)


def _of_corridors(scope: str, key_field: str | None) -> list[CostAverage]:
    """Simple averages of corridor averages, per quarter, amount and basis."""
    fields = ["period", "amount", "basis"] + ([key_field] if key_field else [])
    groups = (
        _corridor_rows()
        .filter(**({f"{key_field}__isnull": False} if key_field else {}))
        .values(*fields)
        .annotate(
            average=Avg("value"),
            corridors=Count("id"),
            above=Sum("corridors_above_5"),
            services=Sum("services"),
            samples=Count("id", filter=Q(has_sample=True)),
        )
    )
    return [
        CostAverage(
            scope=scope,
            key=g[key_field] if key_field else "",
            period=g["period"],
            amount=g["amount"],
            basis=g["basis"],
            value=g["average"],
            corridors=g["corridors"],
            corridors_above_5=g["above"],
            services=g["services"],
            has_sample=g["samples"] > 0,
        )
        for g in groups
    ]


def _country_averages() -> list[CostAverage]:
    rows = []
    for scope, side in ((Scope.SENDING, "sending"), (Scope.RECEIVING, "receiving")):
        # Provider basis: every service of the country (the World Bank's definition).
        for amount, column in AMOUNTS.items():
            groups = (
                RemittanceService.objects.averaged()
                .filter(**{f"{column}__isnull": False})
                .values("period", f"{side}_id", f"{side}__iso3")
                .annotate(
                    average=Avg(column),
                    services=Count("id"),
                    corridors=Count("receiving" if side == "sending" else "sending", distinct=True),
                    samples=Count("id", filter=Q(is_sample=True)),
                )
            )
            rows += [
                CostAverage(
                    scope=scope,
                    key=g[f"{side}__iso3"],
                    **{f"{side}_id": g[f"{side}_id"]},
                    period=g["period"],
                    amount=amount,
                    basis=Basis.PROVIDER,
                    value=float(g["average"]),
                    corridors=g["corridors"],
                    services=g["services"],
                    has_sample=g["samples"] > 0,
                )
                for g in groups
            ]
        # Published corridor averages only: the average of the country's corridors.
        groups = (
            _corridor_rows()
            .filter(basis=Basis.CORRIDOR)
            .values("period", "amount", f"{side}_id", f"{side}__iso3")
            .annotate(average=Avg("value"), corridors=Count("id"), above=Sum("corridors_above_5"))
        )
        rows += [
            CostAverage(
                scope=scope,
                key=g[f"{side}__iso3"],
                **{f"{side}_id": g[f"{side}_id"]},
                period=g["period"],
                amount=g["amount"],
                basis=Basis.CORRIDOR,
                value=g["average"],
                corridors=g["corridors"],
                corridors_above_5=g["above"],
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
        "country_id", "counterpart_id", "value"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.period, c.amount, c.basis, SUM(c.value * f.value) / SUM(f.value), "
            "COUNT(*), SUM(c.corridors_above_5), SUM(c.services), "
            "SUM(CASE WHEN c.has_sample THEN 1 ELSE 0 END) "
            f"FROM {table} c JOIN ({flows_sql}) f ON f.country_id = c.sending_id "
            "AND f.counterpart_id = c.receiving_id "
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
            RemittanceService.objects.averaged()
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
