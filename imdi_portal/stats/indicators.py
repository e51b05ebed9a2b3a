"""Derived indicators: declared once here, recomputed set-based in SQL.

Each definition names its inputs (catalogue codes) and a formula kind:
- ratio: scale * numerator / denominator, same area, period and breakdown; a zero or missing
  denominator gives no value (never a division error, never a zero);
- growth: 100 * (value_t / value_{t-lag} - 1) for annual series, where that earlier year
  exists and is not zero (lag 1 by default: annual growth);
- sum_by_counterpart: for bilateral data (e.g. migrants by destination and origin), the sum
  over the reporting countries, stored against the counterpart (e.g. emigrants, people born
  in a country and living abroad, by origin). Only rows whose reporting area is a country
  are summed, so that regional aggregates are never counted twice;
- sum_by_area: the other margin of bilateral data, the sum over the counterpart countries,
  stored against the reporting country (e.g. remittances sent to all countries).
A derived indicator may use another one; they are recomputed in dependency order. Derived
tables (register_table) are app-specific results that are not observations (e.g. remittance
cost averages); they are rebuilt by their own function when one of their inputs changes.
Recomputing an indicator deletes its observations and inserts them again from the inputs
in one transaction, so it is idempotent and atomic. Apps add their own definitions with
`register`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from imdi_portal.stats.models import Indicator, Observation

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
    kind: str  # "ratio", "growth", "sum_by_counterpart" or "sum_by_area"
    inputs: tuple[str, ...]
    scale: float = 1.0
    description: str = ""
    lag: int = 1  # growth: years between the two values compared


@dataclass(frozen=True)
class DerivedTable:
    """Results kept in an app's own table, rebuilt by `run()` (returns the rows written)."""

    code: str
    inputs: tuple[str, ...]
    run: Callable[[], int]
    description: str = ""


REGISTRY: dict[str, DerivedIndicator] = {}
TABLES: dict[str, DerivedTable] = {}
KINDS = ("ratio", "growth", "sum_by_counterpart", "sum_by_area")


def register(definition: DerivedIndicator) -> DerivedIndicator:
    if definition.kind not in KINDS:
        raise ValueError(f"unknown formula kind {definition.kind!r}")
    REGISTRY[definition.code] = definition
    return definition


def register_table(definition: DerivedTable) -> DerivedTable:
    TABLES[definition.code] = definition
    return definition


def _inputs(code: str) -> set[str]:
    definition = REGISTRY.get(code) or TABLES[code]
    return set(definition.inputs)


_COLUMNS = (
    "indicator_id, area_code, country_id, area_id, counterpart_code, counterpart_id, "
    "counterpart_area_id, period, year, sex, age, classification, value, status, source, "
    "vintage, updated_at"
)
# A value between two economies: the counterpart is a country or an economy outside ISO 3166-1
# (Kosovo), which the World Bank's and UN DESA's totals include.
_BILATERAL = "(a.counterpart_id IS NOT NULL OR a.counterpart_area_id IS NOT NULL)"
_SAME = " AND ".join(
    f"b.{c} = a.{c}" for c in ("area_code", "counterpart_code", "sex", "age", "classification")
)


def recompute_sql(definition: DerivedIndicator) -> tuple[str, list]:
    head = (
        f"INSERT INTO {OBS} ({_COLUMNS}) SELECT %s, a.area_code, a.country_id, a.area_id, "
        "a.counterpart_code, a.counterpart_id, a.counterpart_area_id, a.period, a.year, "
        "a.sex, a.age, a.classification, "
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
            "a.counterpart_area_id, '', NULL, NULL, a.period, a.year, a.sex, a.age, "
            f"a.classification, SUM(a.value), '', %s, '', %s FROM {OBS} a "
            f"WHERE a.indicator_id = (SELECT id FROM {IND} WHERE code = %s) "
            f"AND a.country_id IS NOT NULL AND {_BILATERAL} "
            "GROUP BY a.counterpart_code, a.counterpart_id, a.counterpart_area_id, a.period, "
            "a.year, a.sex, a.age, a.classification",
            [SOURCE, timezone.now(), series],
        )
    if definition.kind == "sum_by_area":
        return (
            f"INSERT INTO {OBS} ({_COLUMNS}) SELECT %s, a.area_code, a.country_id, "
            "a.area_id, '', NULL, NULL, a.period, a.year, a.sex, a.age, a.classification, "
            f"SUM(a.value), '', %s, '', %s FROM {OBS} a "
            f"WHERE a.indicator_id = (SELECT id FROM {IND} WHERE code = %s) "
            f"AND a.country_id IS NOT NULL AND {_BILATERAL} "
            "GROUP BY a.area_code, a.country_id, a.area_id, a.period, a.year, a.sex, a.age, "
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
        more = {
            d.code for d in (*REGISTRY.values(), *TABLES.values()) if changed & set(d.inputs)
        } - found
        if not more:
            return found
        found |= more
        changed |= more


def in_dependency_order(codes: Iterable[str]) -> list[str]:
    """Derived codes ordered so that each comes after the derived indicators it uses."""
    pending, ordered = set(codes), []
    while pending:
        ready = sorted(code for code in pending if not (_inputs(code) & pending))
        if not ready:
            raise ValueError(f"derived indicators depend on each other: {sorted(pending)}")
        ordered.extend(ready)
        pending -= set(ready)
    return ordered
