"""Importers of the remittances app: the World Bank's Remittance Prices Worldwide (corridor
averages and provider-level services) and the World Bank/KNOMAD bilateral remittance matrix.
WDI remittance series (BX.TRF.PWKR.CD.DT, BM.TRF.PWKR.CD.DT, ...) use the core `wdi` source."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from imdi_portal.core.country_names import CountryNames
from imdi_portal.core.models import Country
from imdi_portal.stats.importing import registry
from imdi_portal.stats.importing.base import (
    Counts,
    ImportContext,
    Importer,
    ObservationRecord,
    check_code,
    parse_value,
)
from imdi_portal.stats.importing.errors import ImportFailed, RowError
from imdi_portal.stats.importing.files import check_delimiter, csv_rows, xlsx_rows
from imdi_portal.stats.importing.observations import ObservationImporter
from imdi_portal.stats.importing.records import RecordImporter
from remittances import rpw
from remittances.indicators import BILATERAL, SERVICES
from remittances.services import ParsedService, remittance_services_save

WB_LICENCE = "CC BY 4.0"

# World Bank spellings that the name matcher cannot resolve on its own (checked against the
# April 2018 matrix: every other name of it matches one ISO 3166-1 country).
WB_NAMES = {
    "Congo, Dem. Rep.": "COD",
    "Congo, Rep.": "COG",
    "Egypt, Arab Rep.": "EGY",
    "Faeroe Islands": "FRO",
    "Hong Kong SAR, China": "HKG",
    "Iran, Islamic Rep.": "IRN",
    "Korea, Dem. Rep.": "PRK",
    "Korea, Rep.": "KOR",
    "Lao PDR": "LAO",
    "Macao SAR, China": "MAC",
    "Macedonia, FYR": "MKD",
    "Micronesia, Fed. Sts.": "FSM",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Martin (French part)": "MAF",
    "St. Vincent and the Grenadines": "VCT",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "Venezuela, RB": "VEN",
    "West Bank and Gaza": "PSE",
    "Yemen, Rep.": "YEM",
}
# Economies of the matrix outside ISO 3166-1: their flows are left out (see rpw.NON_ISO_CODES).
WB_NON_ISO_NAMES = {"Kosovo", "Channel Islands"}
WORLD = "WORLD"


def _rows(path: Path, kind: str, name: str) -> Iterator[tuple[int, list[str]]]:
    return csv_rows(path, name) if kind == "csv" else xlsx_rows(path, name, None)


class RpwImporter(Importer):
    """Remittance Prices Worldwide, either layout (see remittances.rpw); told apart by the
    header. Corridor averages go to the statistical store, provider rows to their table."""

    source = "rpw"
    label = "World Bank Remittance Prices Worldwide (corridor export or provider dataset)"
    kinds = ("csv", "xlsx")

    def load(self, path: Path, kind: str, context: ImportContext, job_id: int) -> Counts:
        for line, fields in _rows(path, kind, context.name):
            if not any(f.strip() for f in fields):
                continue
            check_delimiter(fields, context.name, line)
            if [" ".join(f.split()) for f in fields[:6]] == rpw.CORRIDOR_HEADER:
                return RpwCorridorImporter().load(path, kind, context, job_id)
            return RpwServicesImporter().load(path, kind, context, job_id)
        raise ImportFailed("the file has no header line", file=context.name)


class RpwCorridorImporter(ObservationImporter):
    """The DataBank export "Remittance Prices Worldwide (Corridors)"; reached via `rpw`."""

    source = "rpw-corridors"
    label = "World Bank RPW corridor averages (DataBank export)"
    kinds = ("csv", "xlsx")

    def records(self, path: Path, kind: str, context: ImportContext):
        context.source_label = "World Bank RPW"
        context.licence = WB_LICENCE
        quarters: list[tuple[int, str]] = []
        for line, fields in _rows(path, kind, context.name):
            if not quarters:
                quarters = self._header(fields, line, context.name)
                continue
            if not any(f.strip() for f in fields):
                break  # the footer ("Data from database: ...", "Last Updated: ...") follows
            yield from self._row(line, fields, quarters, context)

    def _header(self, fields: list[str], line: int, name: str) -> list[tuple[int, str]]:
        quarters = []
        for column, text in enumerate(fields[6:], start=7):
            match = rpw.DATABANK_QUARTER.match(text.strip())
            if not match:
                raise ImportFailed(
                    f"expected a quarter column such as '2011Q1 [YR2011Q1]', found {text!r}",
                    file=name,
                    line=line,
                    column=column,
                )
            quarters.append((column - 1, f"{match[1]}-Q{match[2]}"))
        if not quarters:
            raise ImportFailed("the header has no quarter columns", file=name, line=line)
        return quarters

    def _row(self, line: int, fields: list[str], quarters, context: ImportContext):
        if len(fields) < 6 + len(quarters):
            yield RowError(line, "row", ",".join(fields[:2]), "fewer fields than the header")
            return
        sending, receiving = fields[1].strip(), fields[5].strip()
        if rpw.NON_ISO_CODES & {sending, receiving}:
            return
        series = check_code(fields[3].strip(), line, "Series Code", "series code")
        if isinstance(series, RowError):
            yield series
            return
        context.indicator_names.setdefault(series, fields[2].strip())
        for index, quarter in quarters:
            raw = fields[index].strip()
            if raw in rpw.MISSING:
                continue
            value = parse_value(raw, line, quarter)
            if isinstance(value, RowError):
                yield value
                continue
            if not -100 < value < 100:
                yield RowError(line, quarter, raw, "not a cost in percent of the amount sent")
                continue
            yield ObservationRecord(
                line=line,
                column=quarter,
                indicator_code=series,
                area_code=sending,
                counterpart_code=receiving,
                period=quarter,
                value=value,
            )


@dataclass
class _Services:
    countries: dict[str, Country]
    lines: dict[tuple, int] = field(default_factory=dict)  # service key -> its first line


class RpwServicesImporter(RecordImporter):
    """The provider dataset of RPW, one row per service; reached via `rpw`. With
    skip-invalid each service is taken or rejected on its own; of a service listed twice
    the first row is kept. Rows of economies outside ISO 3166-1 are left out."""

    source = "rpw-services"
    label = "World Bank RPW provider dataset"
    kinds = ("csv", "xlsx")
    empty = "the file has no service rows"

    def records(self, path: Path, kind: str, context: ImportContext):
        columns: dict[str, int] = {}
        for line, fields in _rows(path, kind, context.name):
            if not any(f.strip() for f in fields):
                continue
            if not columns:
                columns = _service_columns(fields, line, context.name)
                continue
            cell = {
                name: (fields[i].strip() if i < len(fields) else "") for name, i in columns.items()
            }
            if context.country and cell["sending"] != context.country:
                continue
            if {cell["sending"].upper(), cell["receiving"].upper()} & rpw.NON_ISO_CODES:
                continue
            yield line, cell
        if not columns:
            raise ImportFailed("the file has no header line", file=context.name)

    def begin(self, context: ImportContext) -> _Services:
        return _Services(countries={c.iso3: c for c in Country.objects.all()})

    def prepare(self, line: int, cell: dict[str, str], state: _Services):
        service = _service(line, cell, state.countries)
        if isinstance(service, list):
            return service
        first = state.lines.setdefault(service.key, line)
        if first != line:
            return RowError(
                line,
                "firm",
                service.firm,
                "the same service (quarter, corridor, firm, product, instrument, access "
                f"point) is listed twice (first on line {first})",
            )
        return service

    def write(self, services: list[ParsedService], context: ImportContext, job_id: int) -> Counts:
        counts = remittance_services_save(
            services, source="World Bank RPW", job_id=job_id, progress=context.progress
        )
        counts.indicator_codes = {SERVICES}
        return counts


def _service_columns(fields: list[str], line: int, name: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, text in enumerate(fields):
        target = rpw.COLUMN_ALIASES.get(rpw.squash(text))
        if target and target not in columns:
            columns[target] = index
    missing = [c for c in rpw.REQUIRED if c not in columns]
    if missing:
        raise ImportFailed(
            "expected the Remittance Prices Worldwide corridor export (header 'Sending "
            "Countries Name, ...') or the provider dataset; the header lacks the column(s) "
            f"{', '.join(missing)}",
            file=name,
            line=line,
        )
    return columns


def _service(line: int, cell: dict[str, str], countries: dict) -> ParsedService | list[RowError]:
    problems: list[RowError] = []
    quarter = rpw.period(cell["period"])
    if quarter is None:
        problems.append(
            RowError(line, "period", cell["period"], "expected a quarter such as 2020_3Q")
        )
    corridor = []
    for column in ("sending", "receiving"):
        code = cell[column].upper()
        if code not in countries:
            problems.append(RowError(line, column, cell[column], "not an ISO 3166-1 alpha-3 code"))
        corridor.append(countries.get(code))
    firm_type = rpw.FIRM_TYPES.get(rpw.squash(cell["firm_type"]))
    if firm_type is None:
        problems.append(
            RowError(
                line,
                "firm_type",
                cell["firm_type"],
                "expected Bank, Money Transfer Operator, Post office, Mobile operator or Other",
            )
        )
    if not cell["firm"]:
        problems.append(RowError(line, "firm", "", "the provider's name is missing"))
    speed = ""
    if cell.get("speed", "") not in rpw.MISSING:
        speed = rpw.SPEEDS.get(rpw.squash(cell["speed"]), "")
        if not speed:
            problems.append(
                RowError(
                    line,
                    "speed",
                    cell["speed"],
                    "expected Less than one hour, Same day, Next day, 2 days, 3-5 days or "
                    "6 days or more",
                )
            )
    transparent = rpw.flag(cell["transparent"])
    if transparent is None:
        problems.append(RowError(line, "transparent", cell["transparent"], "expected yes or no"))
    sample = rpw.flag(cell.get("sample", "") or "no")
    if sample is None:
        problems.append(RowError(line, "sample", cell["sample"], "expected yes or no"))
    costs = _costs(line, cell, problems)
    if problems:
        return problems
    return ParsedService(
        line=line,
        period=quarter,
        sending=corridor[0],
        receiving=corridor[1],
        firm=cell["firm"][:200],
        firm_type=firm_type,
        product=cell.get("product", "")[:200],
        payment_instrument=cell.get("payment_instrument", "")[:80],
        access_point=cell.get("access_point", "")[:80],
        speed=speed,
        transparent=transparent,
        is_sample=sample,
        **costs,
    )


def _costs(line: int, cell: dict[str, str], problems: list[RowError]) -> dict[str, Decimal | None]:
    """Fees, margins and total costs of a service; a total must be the fee plus the margin."""
    costs = {column: _percent(line, column, cell.get(column, ""), problems) for column in rpw.COSTS}
    for amount in ("200", "500"):
        fee, margin, total = (costs[f"{p}_{amount}"] for p in ("fee", "fx_margin", "total_cost"))
        if None not in (fee, margin, total) and abs(fee + margin - total) > Decimal("0.05"):
            problems.append(
                RowError(
                    line,
                    f"total_cost_{amount}",
                    str(total),
                    f"the total cost must be the fee plus the exchange-rate margin ({fee} + "
                    f"{margin})",
                )
            )
    return costs


def _percent(line: int, column: str, raw: str, problems: list[RowError]) -> Decimal | None:
    if raw in rpw.MISSING:
        return None
    try:
        value = Decimal(raw.replace("%", "").strip())
    except InvalidOperation:
        problems.append(RowError(line, column, raw, "not a number"))
        return None
    if not value.is_finite() or not Decimal(-100) < value < Decimal(100):
        problems.append(RowError(line, column, raw, "not a percentage of the amount sent"))
        return None
    return value.quantize(Decimal("0.001"))


class KnomadMatrixImporter(ObservationImporter):
    """The World Bank/KNOMAD bilateral remittance matrix: a title row that says the year
    ("... Estimates for 2017 ... (April 2018 Version)"), a header row of receiving countries
    ("receiving (across) / sending (down)"), then one row per sending country, in US$
    millions. Names, not codes (World Bank spellings). The WORLD row and column are totals:
    recognised and not imported (the totals are recomputed as IMDI.KNOMAD.RECEIVED / SENT).
    Empty cells and '-' are no estimate; zeros are not stored."""

    source = "knomad"
    label = "World Bank/KNOMAD bilateral remittance matrix (XLSX or CSV, US$ millions)"
    kinds = ("xlsx", "csv")

    def records(self, path: Path, kind: str, context: ImportContext):
        context.source_label = "World Bank/KNOMAD"
        context.licence = WB_LICENCE
        names = CountryNames(WB_NAMES)
        year = ""
        receivers: list[tuple[int, str | None]] = []
        context.indicator_names[BILATERAL] = "Bilateral remittance estimates (US$ millions)"
        for line, fields in _rows(path, kind, context.name):
            first = fields[0].strip() if fields else ""
            if not receivers:
                if "sending" in first.lower() and "receiving" in first.lower():
                    if not year:
                        raise ImportFailed(
                            "the title above the header must say the year of the estimates "
                            "(e.g. 'Bilateral Remittance Estimates for 2017')",
                            file=context.name,
                            line=line,
                        )
                    receivers = self._header(fields, line, names, context.name)
                elif match := re.search(r"\bfor (\d{4})\b", first):
                    year = match[1]
                    version = re.search(r"\(([^()]*\bVersion)\)", first)
                    context.vintage = version[1] if version else year
                continue
            if not first or first.rstrip(":").lower() == "notes":
                break
            if first.upper() == WORLD or first in WB_NON_ISO_NAMES:
                continue
            sending = names.iso3(first)
            if sending is None:
                yield RowError(line, "sending country", first, "unknown country name")
                continue
            yield from self._row(line, fields, sending, receivers, year)
        if not receivers:
            raise ImportFailed(
                "no header row 'receiving (across) / sending (down)' was found", file=context.name
            )

    def _header(self, fields, line: int, names: CountryNames, name: str):
        receivers, unknown = [], []
        for index, text in enumerate(fields[1:], start=1):
            text = text.strip()
            if not text or text.upper() == WORLD or text in WB_NON_ISO_NAMES:
                receivers.append((index, None))
                continue
            code = names.iso3(text)
            if code is None:
                unknown.append(text)
            receivers.append((index, code))
        if unknown:
            raise ImportFailed(
                f"unknown receiving country name(s) in the header: {', '.join(unknown[:10])}",
                file=name,
                line=line,
            )
        return receivers

    def _row(self, line: int, fields: list[str], sending: str, receivers, year: str):
        for index, receiving in receivers:
            if receiving is None or index >= len(fields):
                continue
            raw = fields[index].strip()
            if raw in ("", "-"):
                continue
            if raw.startswith("="):  # a formula whose value was never computed
                yield RowError(line, receiving, raw, "a formula without a value")
                continue
            value = parse_value(raw, line, receiving)
            if isinstance(value, RowError):
                yield value
                continue
            if value < 0:
                yield RowError(line, receiving, raw, "remittances cannot be negative")
                continue
            if value == 0:
                continue
            yield ObservationRecord(
                line=line,
                column=receiving,
                indicator_code=BILATERAL,
                area_code=sending,
                counterpart_code=receiving,
                period=year,
                value=value,
            )


def register() -> None:
    """Name this app's import sources for `import_data` (called by apps.py)."""
    registry.register(RpwImporter)
    registry.register(KnomadMatrixImporter)
