"""Importers of the core app: World Bank WDI data files and WDI country metadata."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from imdi_portal.core.models import Country
from imdi_portal.core.reference_data import WDI_INCOME_GROUPS
from imdi_portal.stats.importing import registry
from imdi_portal.stats.importing.base import (
    CODE_RE,
    Counts,
    ImportContext,
    ObservationRecord,
    check_code,
    check_period,
    parse_value,
)
from imdi_portal.stats.importing.errors import ImportFailed, RowError
from imdi_portal.stats.importing.files import check_delimiter, csv_rows, xlsx_rows
from imdi_portal.stats.importing.observations import ObservationImporter
from imdi_portal.stats.importing.records import RecordImporter
from imdi_portal.stats.models import StatisticalArea

WDI_SOURCE = "World Bank, World Development Indicators"
WDI_LICENCE = "CC BY 4.0"
WDI_HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
YEAR_RE = re.compile(r"^\d{4}$", re.ASCII)


def _rows(path: Path, kind: str, name: str, sheet: str) -> Iterator[tuple[int, list[str]]]:
    return csv_rows(path, name) if kind == "csv" else xlsx_rows(path, name, sheet)


METADATA_HEADER = ["INDICATOR_CODE", "INDICATOR_NAME", "SOURCE_NOTE", "SOURCE_ORGANIZATION"]
# A unit in an indicator's name: "(current US$)", "(% of GDP)", "(constant 2015 US$)".
UNIT_RE = re.compile(r"\(([^()]*(?:US\$|%|LCU)[^()]*)\)")
# Aggregates of a year where fewer of the economies that reported the year before have a
# value are sums of what has come in so far, not the region's figure (WDI 2024 remittances:
# 154 rows, World 740.5 bn against 822.7 bn for 2023): they are left out, not shown as a fall.
COMPLETE_SHARE = 0.9
PARTIAL = "partial aggregate"


def indicator_metadata(path: Path, name: str) -> dict[str, dict[str, str]]:
    """Indicator code -> Indicator field values, from a WDI "Metadata_Indicator_…csv":
    the definition (SOURCE_NOTE), the source organisations, the unit when the name gives it
    and the indicator's page on data.worldbank.org."""
    metadata: dict[str, dict[str, str]] = {}
    rows = csv_rows(path, name)
    _line, header = next(rows, (1, []))
    if [h.strip() for h in header[:4]] != METADATA_HEADER:
        raise ImportFailed(
            f"expected the header {', '.join(METADATA_HEADER)}", file=name, line=1, column=1
        )
    for _line, fields in rows:
        code, title, note, organisation = ([f.strip() for f in fields] + [""] * 4)[:4]
        if not CODE_RE.match(code):
            continue
        values = {
            "definition_en": note,
            "source": _organisations(organisation),
            "source_url": f"https://data.worldbank.org/indicator/{code}",
        }
        if unit := UNIT_RE.search(title):
            values["unit"] = unit[1].strip()[:60]
        metadata[code] = {k: v for k, v in values.items() if v}
    return metadata


def _organisations(text: str) -> str:
    """The SOURCE_ORGANIZATION cell (one line per source) on one line, within the 255
    characters of Indicator.source: whole sources only."""
    parts = [" ".join(p.split()).rstrip(";") for p in text.splitlines() if p.strip()]
    joined = ""
    for part in parts:
        candidate = f"{joined}; {part}" if joined else part
        if len(candidate) > 255:
            break
        joined = candidate
    return joined or (parts[0][:254] + "…" if parts else "")


class WdiImporter(ObservationImporter):
    """The World Bank's "API_<indicator>_DS2_..." download: one row per economy, one column
    per year. Line 1 names the database, line 3 gives the "Last Updated Date" (kept as the
    vintage), line 5 is the header. Empty cells are missing values, not zeros. Economies
    outside ISO 3166-1 and aggregates (WLD, SSF, ...) are stored against StatisticalArea.
    An XLSX copy is read from its sheet "Data" with the same layout.

    The aggregates of a year for which fewer than 90 % of the economies that reported the
    year before have a value (the latest year, still coming in) are skipped as "partial
    aggregate". The download's "Metadata_Indicator_<same name>" file, when it lies beside
    the data file, gives each indicator's definition, sources and unit
    (context.indicator_metadata)."""

    aggregates: set[str]
    reported: dict[str, set[str]]
    held: list[ObservationRecord]

    source = "wdi"
    label = "World Bank WDI indicator file (API_<indicator>_DS2_…csv)"
    kinds = ("csv", "xlsx")

    def records(self, path: Path, kind: str, context: ImportContext):  # noqa: C901
        rows = _rows(path, kind, context.name, "Data")
        years: list[tuple[int, str]] = []
        width = 0
        context.source_label = "WDI"
        context.licence = WDI_LICENCE
        self.aggregates = set(
            StatisticalArea.objects.filter(kind=StatisticalArea.Kind.AGGREGATE).values_list(
                "code", flat=True
            )
        )
        self.reported: dict[str, set[str]] = {}  # year -> economies with a value
        self.held: list[ObservationRecord] = []  # aggregates, until every year is counted
        for line, fields in rows:
            if line == 1:
                check_delimiter(fields, context.name, line)
                if [f.strip() for f in fields[:4]] == METADATA_HEADER:
                    raise ImportFailed(
                        "this is the WDI indicator metadata (Metadata_Indicator_…csv): keep "
                        "it beside its data file API_<indicator>_DS2_…csv and import that one",
                        file=context.name,
                    )
                if fields[:2] != ["Data Source", "World Development Indicators"]:
                    raise ImportFailed(
                        'expected the World Bank WDI layout, starting with "Data Source",'
                        f'"World Development Indicators"; found {",".join(fields[:2])!r}',
                        file=context.name,
                        line=1,
                        column=1,
                    )
                continue
            if line == 3 and fields[:1] == ["Last Updated Date"] and len(fields) > 1:
                context.vintage = fields[1].strip()
                continue
            if line < 5:
                continue
            if line == 5 or not years:
                years, width = self._header(fields, line, context.name)
                continue
            if not any(f.strip() for f in fields):
                continue
            for record in self._data_row(line, fields, years, width, context):
                if isinstance(record, RowError):
                    yield record
                elif record.area_code in self.aggregates:
                    self.held.append(record)
                else:
                    self.reported.setdefault(record.period, set()).add(record.area_code)
                    yield record
        if not years:
            raise ImportFailed("the file ends before its header line (line 5)", file=context.name)
        yield from self._aggregates()
        self._metadata(path, context)

    def _aggregates(self):
        """The aggregates of complete years; those of partial years are counted as skipped."""
        partial = set()
        for year, economies in self.reported.items():
            before = self.reported.get(str(int(year) - 1), set())
            if before and len(before & economies) < COMPLETE_SHARE * len(before):
                partial.add(year)
        for record in self.held:
            if record.period in partial:
                self.left_out.skip(PARTIAL)
            else:
                yield record

    def _metadata(self, path: Path, context: ImportContext) -> None:
        """The "Metadata_Indicator_" file of the same download, if it lies beside the data."""
        for name in dict.fromkeys((path.name, context.name)):
            beside = path.parent / f"Metadata_Indicator_{name}"
            if beside.is_file():
                context.indicator_metadata.update(indicator_metadata(beside, beside.name))
                return

    def _header(self, fields: list[str], line: int, name: str) -> tuple[list, int]:
        check_delimiter(fields, name, line)
        for column, (found, wanted) in enumerate(zip(fields[:4], WDI_HEADER, strict=False), 1):
            if found != wanted:
                raise ImportFailed(
                    f"expected the header {wanted!r}, found {found!r}",
                    file=name,
                    line=line,
                    column=column,
                )
        if len(fields) < 5:
            raise ImportFailed(
                "the header has no year columns after 'Indicator Code'",
                file=name,
                line=line,
                column=5,
            )
        years = []
        width = len(fields)
        for column, text in enumerate(fields[4:], start=5):
            if text == "" and column == len(fields):
                width -= 1  # WDI ends every line with a comma
                continue
            if not YEAR_RE.match(text):
                raise ImportFailed(
                    f"expected a year such as 1960, found {text!r}",
                    file=name,
                    line=line,
                    column=column,
                )
            first = next((index + 1 for index, year, _ in years if year == text), None)
            if first is not None:
                raise ImportFailed(
                    f"the header repeats the year {text} (columns {first} and {column}): "
                    "which column holds its values?",
                    file=name,
                    line=line,
                    column=column,
                )
            # A year the header gets wrong is reported on every value of its column.
            checked = check_period(text, line, text)
            problem = checked.message if isinstance(checked, RowError) else None
            years.append((column - 1, text, problem))
        if not years:
            raise ImportFailed(
                "the header has no year columns after 'Indicator Code'",
                file=name,
                line=line,
                column=5,
            )
        return years, width

    def _data_row(self, line: int, fields: list[str], years, width: int, context):
        while len(fields) > width and fields[-1] == "":
            fields = fields[:-1]
        if len(fields) != width:
            yield RowError(
                line,
                "row",
                ",".join(fields[:2]),
                f"expected {width} fields like the header, found {len(fields)}",
            )
            return
        area = fields[1].strip()
        indicator = check_code(fields[3].strip(), line, "Indicator Code", "indicator code")
        if isinstance(indicator, RowError):
            yield indicator
            return
        context.indicator_names.setdefault(indicator, fields[2].strip())
        for index, year, problem in years:
            raw = fields[index]
            if raw.strip() == "":
                continue
            if problem is not None:
                yield RowError(line, year, year, problem)
                continue
            value = parse_value(raw, line, year)
            if isinstance(value, RowError):
                yield value
                continue
            yield ObservationRecord(
                line=line,
                column=year,
                indicator_code=indicator,
                area_code=area,
                period=year,
                value=value,
            )


@dataclass
class _Economies:
    """The countries and statistical areas of the portal, and the codes read so far."""

    countries: dict[str, Country]
    areas: dict[str, StatisticalArea]
    codes: set[str] = field(default_factory=set)


class WdiCountryMetadataImporter(RecordImporter):
    """The "Metadata_Country_..." file of a WDI download: World Bank region and income group
    per economy. Updates Country and records aggregates and non-ISO economies. With
    skip-invalid, each economy is taken or rejected on its own (a code listed twice: the
    first row is kept)."""

    source = "wdi-countries"
    label = "World Bank WDI country metadata (Metadata_Country_…csv)"
    header = ["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"]

    def records(self, path: Path, kind: str, context: ImportContext):
        if kind != "csv":
            raise ImportFailed("expected a CSV file", file=context.name)
        header_seen = False
        for line, fields in csv_rows(path, context.name):
            if not header_seen:
                check_delimiter(fields, context.name, line)
                if [f.strip() for f in fields[:5]] != self.header:
                    raise ImportFailed(
                        f"expected the header {', '.join(self.header)}",
                        file=context.name,
                        line=line,
                        column=1,
                    )
                header_seen = True
                continue
            if any(fields):
                yield line, (fields + [""] * 5)[:5]
        if not header_seen:
            raise ImportFailed("the file has no header line", file=context.name)

    def begin(self, context: ImportContext) -> _Economies:
        return _Economies(
            countries={c.iso3: c for c in Country.objects.all()},
            areas={a.code: a for a in StatisticalArea.objects.all()},
        )

    def prepare(self, line: int, fields: list[str], state: _Economies):
        """("created" | "updated" | "unchanged", the Country or StatisticalArea to save)."""
        code, region, income_text, _notes, name = fields
        if code in state.codes:
            return RowError(line, "Country Code", code, "duplicate code")
        state.codes.add(code)
        if income_text and income_text not in WDI_INCOME_GROUPS:
            return RowError(line, "IncomeGroup", income_text, "unknown income group")
        income = WDI_INCOME_GROUPS.get(income_text, "")
        if code in state.countries:
            country = state.countries[code]
            if (country.income_group, country.wb_region) == (income, region):
                return "unchanged", None
            country.income_group, country.wb_region = income, region
            return "updated", country
        kind = StatisticalArea.Kind.ECONOMY if region else StatisticalArea.Kind.AGGREGATE
        area = state.areas.get(code)
        if area is None:
            area = StatisticalArea(code=code, source="World Bank WDI", name=name, kind=kind)
            return "created", area
        if (area.name, area.kind) == (name, kind):
            return "unchanged", None
        area.name, area.kind = name, kind
        return "updated", area

    def write(self, changes: list, context: ImportContext, job_id: int) -> Counts:
        counts = Counts()
        for outcome, obj in changes:
            if obj is not None:
                obj.save()
            counts.add(outcome)
        return counts


def register() -> None:
    """Name this app's import sources for `import_data` (called by apps.py)."""
    registry.register(WdiImporter)
    registry.register(WdiCountryMetadataImporter)
