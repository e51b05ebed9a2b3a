"""Importers of the remittances app: the World Bank's Remittance Prices Worldwide (corridor
averages and provider-level services) and the World Bank/KNOMAD bilateral remittance matrix.
WDI remittance series (BX.TRF.PWKR.CD.DT, BM.TRF.PWKR.CD.DT, ...) use the core `wdi` source."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from imdi_portal.core.country_names import CountryNames
from imdi_portal.core.models import Country
from imdi_portal.stats.importing import registry
from imdi_portal.stats.importing.base import (
    MISSING_MARKER,
    Counts,
    ImportContext,
    Importer,
    ObservationRecord,
    check_code,
    is_marker,
    number_text,
    parse_value,
)
from imdi_portal.stats.importing.errors import ImportFailed, RowError
from imdi_portal.stats.importing.files import check_delimiter, csv_rows, xlsx_rows
from imdi_portal.stats.importing.observations import ObservationImporter
from imdi_portal.stats.importing.records import RecordImporter
from imdi_portal.stats.models import StatisticalArea
from remittances import rpw
from remittances.indicators import BILATERAL, SERVICES
from remittances.services import ParsedService, remittance_services_save

WB_LICENCE = "CC BY 4.0"

# World Bank spellings that the name matcher cannot resolve on its own (checked against the
# remittance matrices 2010-2021 and the migrant matrix 2021: every other name of them matches
# one ISO 3166-1 country).
WB_NAMES = {
    "Cape Verde": "CPV",
    "Congo, Dem. Rep.": "COD",
    "Congo, Rep.": "COG",
    "Egypt, Arab Rep.": "EGY",
    "Faeroe Islands": "FRO",
    "Gibralter": "GIB",  # sic, 2010 and 2011 matrices
    "GuineaBissau": "GNB",  # sic, migrant matrix 2021
    "Holy See": "VAT",
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
    "TimorLeste": "TLS",  # sic, migrant matrix 2021
    "Turkey": "TUR",
    "Venezuela, RB": "VEN",
    "West Bank and Gaza": "PSE",
    "Yemen, Rep.": "YEM",
}
# Economies of the matrix outside ISO 3166-1, by the World Bank's codes of its statistical
# areas: kept against those areas on either side, as the World Bank counts them.
WB_NON_ISO_NAMES = {"Kosovo": "XKX", "Channel Islands": "CHI", "Netherlands Antilles": "ANT"}
# RPW codes Kosovo KSV; the World Bank's country lists (and the store's areas) say XKX.
RPW_AREA_CODES = {"KSV": "XKX"}
NO_AREA = "economy outside ISO 3166 without a statistical area"
# DataBank's footer date, month/day/year as its exports write it (US format).
DATABANK_UPDATED = re.compile(r"^Last Updated: (\d{1,2})/(\d{1,2})/(\d{4})$")
NON_ISO_SERVICE = "corridor outside ISO 3166"
MATRIX_TOTAL = "matrix total"
# The World Bank's own bilateral migrant stock estimates (not UN DESA's UNDESA.MIGSTOCK).
MIGRANT_MATRIX = "WB.MIGSTOCK.BILATERAL"


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

    areas: set[str]

    def records(self, path: Path, kind: str, context: ImportContext):
        context.source_label = "World Bank RPW"
        context.licence = WB_LICENCE
        self.areas = set(StatisticalArea.objects.values_list("code", flat=True))
        quarters: list[tuple[int, str]] = []
        footer = False
        for line, fields in _rows(path, kind, context.name):
            if not quarters:
                quarters = self._header(fields, line, context.name)
                continue
            if footer or not any(f.strip() for f in fields):
                # The footer: "Data from database: ...", "Last Updated: 12/07/2020".
                footer = True
                if updated := DATABANK_UPDATED.match(fields[0].strip() if fields else ""):
                    month, day, year = updated.groups()
                    context.vintage = f"{year}-{int(month):02d}-{int(day):02d}"
                continue
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
        sending = RPW_AREA_CODES.get(sending, sending)
        receiving = RPW_AREA_CODES.get(receiving, receiving)
        published = sum(1 for index, _q in quarters if fields[index].strip() not in rpw.MISSING)
        # Surveyed corridors to and from Kosovo are kept against its statistical area; an
        # economy the store has no area for (the former Netherlands Antilles) is counted.
        if {sending, receiving} & rpw.NON_ISO_CODES - self.areas:
            self.left_out.skip(NO_AREA, published)
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
            if (problem := rpw.cost_problem("average", value)) is not None:
                yield RowError(line, quarter, raw, problem)
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
    the first row is kept. Rows of economies outside ISO 3166-1 are left out, and counted as
    skipped."""

    left_out: Counts

    source = "rpw-services"
    label = "World Bank RPW provider dataset"
    kinds = ("csv", "xlsx")
    empty = "the file has no service rows"

    def records(self, path: Path, kind: str, context: ImportContext):
        self.left_out = Counts()
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
                # A service's corridor is a pair of ISO 3166-1 countries (its table's keys).
                self.left_out.skip(NON_ISO_SERVICE)
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
        for reason, n in self.left_out.skipped_reasons.items():
            counts.skip(reason, n)
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
    text = number_text(raw.replace("%", ""))
    if text is None:
        problems.append(RowError(line, column, raw, "not a number"))
        return None
    value = Decimal(text)
    if (problem := rpw.cost_problem(column, value)) is not None:
        problems.append(RowError(line, column, raw, problem))
        return None
    return value.quantize(Decimal("0.001"))


# Rows and columns of the matrices that are sums of the others ("Total" across in 2010-2012,
# "Total Remittances" down; "World"/"WORLD" from 2013 on): recomputed, never imported.
MATRIX_TOTALS = {"total", "total remittances", "world"}
# Residual rows without a country: 2010-2012 "Other North", "Other South", "Unidentified*";
# 2013 "Unidentified". Each is counted under its own reason.
MATRIX_RESIDUALS = {
    "other north": "residual Other North",
    "other south": "residual Other South",
    "unidentified": "unidentified sending country",
}
# A year in a file name, not part of a longer number ("matrix_2018", "matrix2017Apr2018").
FILE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# Cells that hold no number: blanks (the 2014 matrix writes '' and the 2021 one ' ').
_BLANK = re.compile(r"^\s*$")


def _matrix_label(text: str) -> str:
    """ "Unidentified*", "Total " -> "unidentified", "total": the footnote mark and case go."""
    return " ".join(text.replace("*", " ").split()).lower()


@dataclass
class _MatrixColumns:
    """What each column of a matrix's header is: a country, a total, or a residual."""

    # (index, code, outside ISO 3166-1): World Bank economies such as Kosovo keep the code
    # of their statistical area (WB_NON_ISO_NAMES).
    codes: list[tuple[int, str, bool]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    residuals: list[tuple[int, str]] = field(default_factory=list)  # (index, reason)
    last: int = 0


def _matrix_header(fields: list[str], line: int, names: CountryNames, name: str, what: str):
    """The countries across a matrix's header row (receiving or destination)."""
    columns, unknown = _MatrixColumns(), []
    for index, raw in enumerate(fields[1:], start=1):
        text = raw.strip()
        if not text:
            continue
        columns.last = index
        label = _matrix_label(text)
        if label in MATRIX_TOTALS:
            columns.totals.append(index)
        elif label in MATRIX_RESIDUALS:
            columns.residuals.append((index, MATRIX_RESIDUALS[label]))
        elif text in WB_NON_ISO_NAMES:
            columns.codes.append((index, WB_NON_ISO_NAMES[text], True))
        elif (code := names.iso3(text)) is None:
            unknown.append(text)
        else:
            columns.codes.append((index, code, False))
    if unknown:
        raise ImportFailed(
            f"unknown {what} country name(s) in the header: {', '.join(unknown[:10])}",
            file=name,
            line=line,
        )
    return columns


class KnomadMatrixImporter(ObservationImporter):
    """The World Bank/KNOMAD bilateral remittance matrix, every vintage (2010-2021): a title
    row that says the year ("... Estimates for 2017 ... (April 2018 Version)"; the sheet
    names are irregular, the 2015 data sits in a sheet named "... 2014"), a header row of
    receiving countries ("receiving (across) - sending (down)"), then one row per sending
    country, in US$ millions. Names, not codes (World Bank spellings).

    Left out, and counted as skipped with the reason: the total rows and columns ("Total",
    "Total Remittances", "World"; recomputed as IMDI.KNOMAD.RECEIVED / SENT), the residual
    rows (Other North, Other South, Unidentified), flows to Kosovo and the Channel Islands
    (a counterpart is an ISO 3166-1 country; as senders they are kept against their
    statistical areas XKX and CHI), zeros, text markers ("N/A*", "0*", "N/A", "-") and the
    notes below the table. Empty cells are no estimate and not values."""

    source = "knomad"
    label = "World Bank/KNOMAD bilateral remittance matrix (XLSX or CSV, US$ millions)"
    kinds = ("xlsx", "csv")
    indicator = BILATERAL
    indicator_name = "Bilateral remittance estimates (US$ millions)"
    source_label = "World Bank/KNOMAD"
    header_words = ("sending", "receiving")
    across = "receiving"
    # Whether the countries across are the counterparts (receivers) or the areas.
    counterpart_across = True
    areas: set[str]

    def title(self, first: str, context: ImportContext) -> str:
        """The year of the estimates, from the title row; the version is the vintage."""
        match = re.search(r"\b(?:for|in) (\d{4})\b", first)
        if not match:
            return ""
        version = re.search(r"\(([^()]*\bVersion)\)", first)
        context.vintage = version[1] if version else match[1]
        return match[1]

    def records(self, path: Path, kind: str, context: ImportContext):
        context.source_label = self.source_label
        context.licence = WB_LICENCE
        names = CountryNames(WB_NAMES)
        self.areas = set(StatisticalArea.objects.values_list("code", flat=True))
        year = ""
        columns: _MatrixColumns | None = None
        offset = 0  # blank columns before the table (a republished copy starting at B)
        started = notes = False
        context.indicator_names[self.indicator] = self.indicator_name
        for line, cells in _rows(path, kind, context.name):
            if columns is None:
                lead = next((i for i, c in enumerate(cells) if c.strip()), None)
                if lead is None:
                    continue  # blank rows above the header
                first = cells[lead].strip()
                if all(word in first.lower() for word in self.header_words):
                    year = year or self._year(context, line)
                    offset = lead
                    columns = _matrix_header(cells[lead:], line, names, context.name, self.across)
                elif not year:
                    year = self.title(" ".join(c.strip() for c in cells if c.strip()), context)
                continue
            fields = cells[offset:]
            first = fields[0].strip() if fields else ""
            if not started and not any(f.strip() for f in fields):
                continue  # blank rows between the header and the first country
            started = True
            if notes or not first or first.rstrip(":").lower() == "notes":
                # The table ends at its first empty row; free-text notes follow.
                notes = True
                if any(f.strip() for f in fields):
                    self.left_out.skip("note")
                continue
            yield from self._row(line, fields, first, columns, names, year)
        if columns is None:
            raise ImportFailed(
                f"no header row '{self.header_words[1]} (across) / {self.header_words[0]} "
                "(down)' was found",
                file=context.name,
            )

    def _year(self, context: ImportContext, line: int) -> str:
        """The year of a matrix whose title does not say it (republished copies): the
        `year` option, else a year in the file name when there is only one; the vintage is
        that year. A name with two years ('...2017Apr2018', the 2017 matrix of April 2018)
        is not guessed."""
        given = context.year
        in_name = sorted(set(FILE_YEAR_RE.findall(Path(context.name).stem)))
        if given:
            year = given
        elif len(in_name) == 1:
            year = in_name[0]
        else:
            found = f" (the file name has {' and '.join(in_name)})" if in_name else ""
            raise ImportFailed(
                "the matrix does not say the year of its estimates: no title above the header "
                f"(e.g. 'Bilateral Remittance Estimates for 2017') and no single year in the "
                f"file name{found}; give it with --year (the upload form's and API's 'year')",
                file=context.name,
                line=line,
            )
        context.vintage = context.vintage or year
        return year

    def _row(self, line, fields, first: str, columns: _MatrixColumns, names, year):
        label = _matrix_label(first)
        reason = MATRIX_TOTAL if label in MATRIX_TOTALS else MATRIX_RESIDUALS.get(label)
        if reason is not None:
            self.left_out.skip(reason, self._values(fields, range(1, columns.last + 1)))
            return
        down = WB_NON_ISO_NAMES.get(first) or names.iso3(first)
        if down is None:
            yield RowError(line, "country (down)", first, "unknown country name")
            return
        self.left_out.skip(MATRIX_TOTAL, self._values(fields, columns.totals))
        for index, residual in columns.residuals:
            self.left_out.skip(residual, self._values(fields, [index]))
        down_outside = first in WB_NON_ISO_NAMES
        for index, across, across_outside in columns.codes:
            raw = fields[index] if index < len(fields) else ""
            if _BLANK.match(raw):
                continue
            if self.counterpart_across:
                area, counterpart, outside = down, across, (down_outside, across_outside)
            else:
                area, counterpart, outside = across, down, (across_outside, down_outside)
            if (outside[0] and area not in self.areas) or (
                outside[1] and counterpart not in self.areas
            ):
                self.left_out.skip(NO_AREA)  # the Netherlands Antilles, dissolved in 2010
                continue
            value = self._value(line, raw.strip(), across)
            if isinstance(value, RowError):
                yield value
            elif value is not None:
                yield ObservationRecord(
                    line=line,
                    column=across,
                    indicator_code=self.indicator,
                    area_code=area,
                    counterpart_code=counterpart,
                    period=year,
                    value=value,
                )

    # "N/A*" (India <-> Pakistan, 2015), "N/A" (2016), Excel's "#N/A", "n/a", "NA".
    missing_markers = frozenset({"n/a", "#n/a", "na", "n.a."})

    def _value(self, line: int, raw: str, column: str) -> float | RowError | None:
        """The cell's number; None for what is counted as skipped (a zero, a marker)."""
        if raw.startswith("="):  # a formula whose value was never computed
            return RowError(line, column, raw, "a formula without a value")
        if is_marker(raw, self.missing_markers):
            self.left_out.skip(MISSING_MARKER)
            return None
        value = parse_value(raw, line, column)
        if isinstance(value, RowError):
            if raw.replace("*", "").strip() in ("0", "-", "…", "..."):
                # "0*" (2016), "-", "…"
                self.left_out.skip(f"text marker {raw}")
                return None
            return value
        if value < 0:
            return RowError(line, column, raw, "a bilateral estimate cannot be negative")
        if value == 0:
            self.left_out.skip("zero")
            return None
        return value

    def _values(self, fields: list[str], indexes) -> int:
        """How many cells at these indexes hold something (a number or a marker)."""
        return sum(1 for i in indexes if i < len(fields) and not _BLANK.match(fields[i]))


class WbMigrantMatrixImporter(KnomadMatrixImporter):
    """The World Bank/KNOMAD "Bilateral Estimates of Migrant Stocks in 2021" (December 2022):
    the same matrix layout in persons, with destination countries across and origin
    countries down ("Destination country (across) - Source country (down)"), Other North,
    Other South and World across and down. Stored as WB.MIGSTOCK.BILATERAL with the
    destination as the area and the origin as the counterpart. Left out and counted as for
    the remittance matrix; as origins, Kosovo and the Channel Islands cannot be a
    counterpart, as destinations they are kept against their statistical areas."""

    source = "wb-migrant-matrix"
    label = "World Bank/KNOMAD bilateral migrant stock matrix (XLSX, persons)"
    indicator = MIGRANT_MATRIX
    indicator_name = "Bilateral migrant stock estimates, World Bank/KNOMAD (persons)"
    header_words = ("source", "destination")
    across = "destination"
    counterpart_across = False


def register() -> None:
    """Name this app's import sources for `import_data` (called by apps.py)."""
    registry.register(RpwImporter)
    registry.register(KnomadMatrixImporter)
    registry.register(WbMigrantMatrixImporter)
