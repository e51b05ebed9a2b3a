"""Derived indicators: declared once here, recomputed set-based in SQL.

Each definition names its inputs (catalogue codes) and a formula kind:
- ratio: scale * numerator / denominator, same area, period and breakdown; a zero or missing
  denominator gives no value (never a division error, never a zero);
- growth: 100 * (value_t / value_{t-lag} - 1) for annual series, where that earlier year
  exists and is not zero (lag 1 by default: annual growth);
- sum_by_counterpart: for bilateral data (e.g. migrants by destination and origin), the sum
  over the reporting countries, stored against the counterpart (e.g. nationals abroad by
  origin). Only rows whose reporting area is a country are summed, so that regional
  aggregates are never counted twice.
A derived indicator may use another one; they are recomputed in dependency order.
Recomputing an indicator deletes its observations and inserts them again from the inputs
in one transaction, so it is idempotent and atomic. Apps add their own definitions with
`register`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from imdi_portal.models import Indicator, Observation

OBS = Observation._meta.db_table
IND = Indicator._meta.db_table
SOURCE = "IMDI (derived)"


@dataclass(frozen=True)
class DerivedIndicator:
    code: str
    name_en: str
    name_fr: str
    name_es: str
    unit: str
    kind: str  # "ratio" or "growth"
    inputs: tuple[str, ...]
    scale: float = 1.0
    description: str = ""
    lag: int = 1  # growth: years between the two values compared


REGISTRY: dict[str, DerivedIndicator] = {}


def register(definition: DerivedIndicator) -> DerivedIndicator:
    if definition.kind not in ("ratio", "growth", "sum_by_counterpart"):
        raise ValueError(f"unknown formula kind {definition.kind!r}")
    REGISTRY[definition.code] = definition
    return definition


# Inputs are World Bank WDI codes: personal remittances paid (BM.TRF.PWKR.CD.DT), net
# migration (SM.POP.NETM), population (SP.POP.TOTL) and GDP in current US$ (NY.GDP.MKTP.CD).
register(
    DerivedIndicator(
        code="IMDI.BM.TRF.PWKR.PC",
        name_en="Personal remittances paid per inhabitant (current US$)",
        name_fr="Envois de fonds personnels payés par habitant ($ US courants)",
        name_es="Remesas personales pagadas por habitante (US$ a precios actuales)",
        unit="current US$",
        kind="ratio",
        inputs=("BM.TRF.PWKR.CD.DT", "SP.POP.TOTL"),
        description="BM.TRF.PWKR.CD.DT divided by SP.POP.TOTL, same economy and year.",
    )
)
register(
    DerivedIndicator(
        code="IMDI.BM.TRF.PWKR.GD.ZS",
        name_en="Personal remittances paid (% of GDP)",
        name_fr="Envois de fonds personnels payés (% du PIB)",
        name_es="Remesas personales pagadas (% del PIB)",
        unit="%",
        kind="ratio",
        inputs=("BM.TRF.PWKR.CD.DT", "NY.GDP.MKTP.CD"),
        scale=100.0,
        description="100 x BM.TRF.PWKR.CD.DT / NY.GDP.MKTP.CD, same economy and year.",
    )
)
register(
    DerivedIndicator(
        code="IMDI.BM.TRF.PWKR.GR",
        name_en="Personal remittances paid, annual growth (%)",
        name_fr="Envois de fonds personnels payés, croissance annuelle (%)",
        name_es="Remesas personales pagadas, crecimiento anual (%)",
        unit="%",
        kind="growth",
        inputs=("BM.TRF.PWKR.CD.DT",),
        description="100 x (value of year t / value of year t-1 - 1), nominal US$.",
    )
)
register(
    DerivedIndicator(
        code="IMDI.SM.POP.NETM.PT",
        name_en="Net migration per 1,000 inhabitants",
        name_fr="Migration nette pour 1 000 habitants",
        name_es="Migración neta por cada 1.000 habitantes",
        unit="per 1,000 inhabitants",
        kind="ratio",
        inputs=("SM.POP.NETM", "SP.POP.TOTL"),
        scale=1000.0,
        description="1000 x SM.POP.NETM / SP.POP.TOTL, same economy and year.",
    )
)

_COLUMNS = (
    "indicator_id, area_code, country_id, area_id, counterpart_code, counterpart_id, period, "
    "year, sex, age, classification, value, status, source, vintage, updated_at"
)
_SAME = " AND ".join(
    f"b.{c} = a.{c}" for c in ("area_code", "counterpart_code", "sex", "age", "classification")
)


def recompute_sql(definition: DerivedIndicator) -> tuple[str, list]:
    head = (
        f"INSERT INTO {OBS} ({_COLUMNS}) SELECT %s, a.area_code, a.country_id, a.area_id, "
        "a.counterpart_code, a.counterpart_id, a.period, a.year, a.sex, a.age, "
        "a.classification, "
    )
    if definition.kind == "ratio":
        numerator, denominator = definition.inputs
        return (
            head + "%s * a.value / b.value, '', %s, '', %s "
            f"FROM {OBS} a JOIN {OBS} b ON {_SAME} AND b.period = a.period "
            f"WHERE a.indicator_id = (SELECT id FROM {IND} WHERE code = %s) "
            f"AND b.indicator_id = (SELECT id FROM {IND} WHERE code = %s) AND b.value <> 0",
            [definition.scale, SOURCE, timezone.now(), numerator, denominator],
        )
    (series,) = definition.inputs
    if definition.kind == "sum_by_counterpart":
        return (
            f"INSERT INTO {OBS} ({_COLUMNS}) SELECT %s, a.counterpart_code, a.counterpart_id, "
            "NULL, '', NULL, a.period, a.year, a.sex, a.age, a.classification, SUM(a.value), "
            f"'', %s, '', %s FROM {OBS} a "
            f"WHERE a.indicator_id = (SELECT id FROM {IND} WHERE code = %s) "
            "AND a.country_id IS NOT NULL AND a.counterpart_id IS NOT NULL "
            "GROUP BY a.counterpart_code, a.counterpart_id, a.period, a.year, a.sex, a.age, "
            "a.classification",
            [SOURCE, timezone.now(), series],
        )
    return (
        head + "100.0 * (a.value / b.value - 1), '', %s, '', %s "
        f"FROM {OBS} a JOIN {OBS} b ON {_SAME} AND b.indicator_id = a.indicator_id "
        "AND b.year = a.year - %s AND LENGTH(b.period) = 4 "
        f"WHERE a.indicator_id = (SELECT id FROM {IND} WHERE code = %s) "
        "AND LENGTH(a.period) = 4 AND b.value <> 0",
        [SOURCE, timezone.now(), definition.lag, series],
    )


def affected_by(codes: Iterable[str]) -> set[str]:
    """Derived indicators that use any of these codes, directly or through another one."""
    changed, found = set(codes), set()
    while True:
        more = {d.code for d in REGISTRY.values() if changed & set(d.inputs)} - found
        if not more:
            return found
        found |= more
        changed |= more


def in_dependency_order(codes: Iterable[str]) -> list[str]:
    """Derived codes ordered so that each comes after the derived indicators it uses."""
    pending, ordered = set(codes), []
    while pending:
        ready = sorted(code for code in pending if not (set(REGISTRY[code].inputs) & pending))
        if not ready:
            raise ValueError(f"derived indicators depend on each other: {sorted(pending)}")
        ordered.extend(ready)
        pending -= set(ready)
    return ordered
