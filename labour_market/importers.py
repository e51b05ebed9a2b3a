"""Importers of the labour market app.

`import_data isco08 <file>`: the ILO's ISCO-08 structure (XLSX, titles and definitions in
English) or the table of English and French titles (CSV: code,name_french,name_english).
`import_data isic4 <file>`: the UN's ISIC Rev.4 structure (CSV: "Code","Description").
`import_data ilostat <file>`: ILOSTAT indicator CSV, codes or labels (labour_market.ilostat).
`import_data shortage-lists <file>`: shortage occupation lists (CSV, see SHORTAGE_HEADER).
`import_data undesa-stock <file>`: UN DESA migrant stock by destination and origin.
"""

import re
import zipfile
from abc import abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import ClassVar

from imdi_portal.core.country_names import CountryNames
from imdi_portal.core.models import Country
from imdi_portal.stats.importing import registry
from imdi_portal.stats.importing.base import (
    Counts,
    ImportContext,
    ObservationRecord,
    parse_value,
)
from imdi_portal.stats.importing.errors import ImportFailed, RowError
from imdi_portal.stats.importing.files import check_delimiter, csv_rows, xlsx_rows
from imdi_portal.stats.importing.observations import ObservationImporter
from imdi_portal.stats.importing.records import RecordImporter
from imdi_portal.stats.models import StatisticalArea
from labour_market import ilostat
from labour_market.models import ClassificationGroup, Industry, Occupation
from labour_market.selectors import STOCK_INDICATOR
from labour_market.services import shortage_lists_save, shortage_rows_parse
from labour_market.undesa import (
    CSV_ALIASES,
    CSV_AREA_ALIASES,
    CSV_TWICE,
    CSV_UNCODED_AGGREGATES,
    RESIDUAL_ORIGINS,
    VINTAGE_RE,
    annex_codes,
    origin_table,
)

ISCO_CODE_RE = re.compile(r"^\d{1,4}$")
ISIC_CODE_RE = re.compile(r"^(?:[A-U]|\d{2,4})$")
ISIC_HEADER = ["Code", "Description"]
XLSX_SHEET = "ISCO-08 EN Struct and defin"
XLSX_HEADER = [
    "Level",
    "ISCO 08 Code",
    "Title EN",
    "Definition",
    "Tasks include",
    "Included occupations",
    "Excluded occupations",
    "Notes",
]
CSV_HEADER = ["code", "name_french", "name_english"]


@dataclass
class _Groups:
    """The groups read so far: the accepted ones by code, the lines of the rejected ones."""

    accepted: dict[str, dict] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)


class ClassificationImporter(RecordImporter):
    """A hierarchical classification: every row is checked first (codes, levels, parents
    before children, duplicates); then all groups are written in one transaction, parents
    first. Records are dicts with code, level, parent and the model's text fields.

    With skip-invalid a group is rejected with its subtree: a child whose parent was
    rejected is rejected too, saying so, so that no group is written under a wrong parent.
    Of a code listed twice the first valid row is kept."""

    model: ClassVar[type[ClassificationGroup]]

    @abstractmethod
    def rows(self, path: Path, kind: str, name: str) -> Iterator[tuple[int, dict]]:
        """Yield (line, record); a record with an "error" key is a malformed row."""

    @abstractmethod
    def check(self, line: int, record: dict, seen: _Groups) -> RowError | None:
        """The code and level rules of this classification; sets the record's parent."""

    def records(self, path: Path, kind: str, context: ImportContext):
        return self.rows(path, kind, context.name)

    def begin(self, context: ImportContext) -> _Groups:
        return _Groups()

    def prepare(self, line: int, record: dict, seen: _Groups):
        code = record["code"]
        problem = _common_check(line, record, seen.accepted) or self.check(line, record, seen)
        if problem is None:
            seen.accepted[code] = record
            return record
        if code and code not in seen.accepted:
            seen.rejected.setdefault(code, line)
        return problem

    def write(self, records: list[dict], context: ImportContext, job_id: int) -> Counts:
        counts = Counts()
        existing = {o.code: o for o in self.model.objects.all()}
        for done, record in enumerate(records, start=1):  # parents come first
            counts.add(_upsert(self.model, record, existing))
            context.progress(done, len(records))
        return counts


class Isco08Importer(ClassificationImporter):
    source = "isco08"
    label = "ILO ISCO-08 structure (XLSX) or English/French titles (CSV)"
    kinds = ("xlsx", "csv")
    model = Occupation
    empty = "the file has no ISCO-08 group"

    def rows(self, path: Path, kind: str, name: str) -> Iterator[tuple[int, dict]]:
        return self._xlsx(path, name) if kind == "xlsx" else self._csv(path, name)

    def check(self, line: int, record: dict, seen: _Groups) -> RowError | None:
        code = record["code"]
        if not ISCO_CODE_RE.match(code):
            return RowError(line, "code", code, "an ISCO-08 code has 1 to 4 digits")
        if record.get("level") != len(code):
            return RowError(
                line,
                "level",
                str(record.get("level", "")),
                f"a {len(code)}-digit code is at level {len(code)}",
            )
        record["parent"] = code[:-1] if len(code) > 1 else None
        return _parent_check(line, record, seen)

    def _xlsx(self, path: Path, name: str):
        header = None
        for line, cells in xlsx_rows(path, name, XLSX_SHEET):
            cells = [str(c).strip() for c in cells[:8]] + [""] * (8 - len(cells[:8]))
            if header is None:
                if cells != XLSX_HEADER:
                    raise ImportFailed(
                        f"expected the header {', '.join(XLSX_HEADER)}",
                        file=name,
                        line=line,
                        column=1,
                    )
                header = cells
                continue
            if not any(cells):
                continue
            level, code, title, definition, tasks, included, excluded, notes = cells
            yield (
                line,
                {
                    "code": code,
                    "level": int(level) if level.isdigit() else level,
                    "title_en": title,
                    "definition": definition,
                    "tasks": tasks,
                    "included": included,
                    "excluded": excluded,
                    "notes": notes,
                },
            )

    def _csv(self, path: Path, name: str):
        for line, cells in _csv_with_header(path, name, CSV_HEADER, ","):
            if len(cells) != 3:
                # The code is kept so that the groups under a malformed row are rejected too.
                code = cells[0].strip() if cells else ""
                yield line, {"code": code, "error": f"expected 3 fields, found {len(cells)}"}
                continue
            code, title_fr, title_en = (c.strip() for c in cells)
            # The titles table supplies French; English comes from the ILO structure file,
            # whose wording differs for 43 groups: keep it, so that the two imports do not
            # undo each other.
            yield (
                line,
                {
                    "code": code,
                    "level": len(code),
                    "title_en": title_en,
                    "title_fr": title_fr,
                    "keep": {"title_en"},
                },
            )


class Isic4Importer(ClassificationImporter):
    """The UN Statistics Division's ISIC Rev.4 structure file ("Code","Description"): sections
    (a letter), divisions (2 digits), groups (3) and classes (4). Divisions belong to the
    section listed last before them, as in the UN file; groups and classes to their prefix."""

    source = "isic4"
    label = "UN ISIC Rev.4 structure (CSV: Code, Description)"
    kinds = ("csv",)
    model = Industry
    empty = "the file has no ISIC Rev.4 group"

    def rows(self, path: Path, kind: str, name: str) -> Iterator[tuple[int, dict]]:
        section = None  # the section listed last, valid or not: the parent of divisions
        for line, cells in _csv_with_header(path, name, ISIC_HEADER, ","):
            code = cells[0].strip()
            if code.isalpha():
                section = code
            if len(cells) != 2:
                yield line, {"code": code, "error": f"expected 2 fields, found {len(cells)}"}
                continue
            level = 1 if code.isalpha() else len(code)
            yield (
                line,
                {"code": code, "level": level, "title_en": cells[1].strip(), "section": section},
            )

    def check(self, line: int, record: dict, seen: _Groups) -> RowError | None:
        code = record["code"]
        if not ISIC_CODE_RE.match(code):
            return RowError(
                line, "Code", code, "an ISIC Rev.4 code is a section letter or 2 to 4 digits"
            )
        if record["level"] == 1:
            record["parent"] = None
        elif record["level"] == 2:
            if record["section"] is None:
                return RowError(line, "Code", code, "a division must follow its section")
            record["parent"] = record["section"]
        else:
            record["parent"] = code[:-1]
        return _parent_check(line, record, seen)


def _csv_with_header(path: Path, name: str, expected: list[str], delimiter: str):
    header = None
    for line, cells in csv_rows(path, name):
        if header is None:
            check_delimiter(cells, name, line)
            if [c.strip() for c in cells] != expected:
                raise ImportFailed(
                    f"expected the header {delimiter.join(expected)}",
                    file=name,
                    line=line,
                    column=1,
                )
            header = cells
            continue
        if any(c.strip() for c in cells):
            yield line, cells


def _common_check(line: int, record: dict, seen: dict) -> RowError | None:
    if "error" in record:
        return RowError(line, "row", "", record["error"])
    if not record.get("title_en"):
        return RowError(line, "title", record["code"], "the English title is missing")
    if record["code"] in seen:
        return RowError(line, "code", record["code"], "duplicate code")
    return None


def _parent_check(line: int, record: dict, seen: _Groups) -> RowError | None:
    parent = record["parent"]
    if parent is None or parent in seen.accepted:
        return None
    if parent in seen.rejected:
        return RowError(
            line,
            "code",
            record["code"],
            f"its parent group {parent} was rejected (line {seen.rejected[parent]})",
        )
    return RowError(line, "code", record["code"], f"its parent group {parent} comes nowhere before")


def _upsert(model: type[ClassificationGroup], record: dict, existing: dict) -> str:
    code = record["code"]
    keep = record.get("keep", set())
    values = {
        k: v
        for k, v in record.items()
        if k not in ("code", "level", "parent", "keep", "error", "section")
    }
    group = existing.get(code)
    if group is None:
        group = model(
            code=code,
            level=record["level"],
            parent=existing.get(record["parent"]) if record["parent"] else None,
            **values,
        )
        group.save()
        existing[code] = group
        return "created"
    values = {k: v for k, v in values.items() if k not in keep}
    if all(getattr(group, k) == v for k, v in values.items()):
        return "unchanged"
    for k, v in values.items():
        setattr(group, k, v)
    group.save()
    return "updated"


SEX_NAMES = {"T": "both sexes", "M": "males", "F": "females"}
# "Table 17. Male migrant stock at mid-year by origin and by major area, region, country or
# area of destination, 2015": one table per sex and year in the UN workbook.
ORIGIN_TITLE_RE = re.compile(
    r"\b(Total|Male|Female) migrant stock at mid-year by origin\b.*destination, (\d{4})\s*$"
)
# The totals workbooks: "Table 1 - International migrant stock at mid-year by sex and by
# major area, region, country or area, 1990-2019" (2019); "... region, country or area of
# destination, 1990-2020" (2020), with one column group per sex.
TOTAL_TITLE_RE = re.compile(r"International migrant stock at mid-year by sex and by\b")
SEX_LABEL_RE = re.compile(r"\b(?:(both sexes)|(females?)|(males?))\b", re.IGNORECASE)
TITLE_SEX = {"Total": "T", "Male": "M", "Female": "F"}
UNDESA_LICENCE = "© United Nations; reuse with attribution"
UNDESA_NAME = "International migrant stock at mid-year (persons)"
# Origins outside ISO 3166-1, by the M49 code of their statistical area (as destinations).
NON_ISO_ORIGINS = {"Channel Islands": "830"}
NO_AREA = "aggregate without a statistical area"
NO_ECONOMY = "economy outside ISO 3166 without a statistical area"


def _sex_of_label(text: str) -> str:
    """ "... (both sexes)", "..., males", "(female)" -> "T", "M", "F"; "" if none."""
    match = SEX_LABEL_RE.search(text)
    if not match:
        return ""
    return "T" if match[1] else "F" if match[2] else "M"


def _check_sex(context: ImportContext, found: str, where: str) -> None:
    """A --sex that contradicts what the workbook says of a table fails the import."""
    if context.sex and context.sex != found:
        raise ImportFailed(
            f"--sex {context.sex} ({SEX_NAMES[context.sex]}) contradicts the workbook: {where} "
            f"holds {SEX_NAMES[found]}. The workbook says the sex of each table; leave --sex out",
            file=context.name,
        )


def _origin_tables(path: Path, name: str) -> list[tuple[str, str, str]]:
    """(sheet, year, sex) of each "migrant stock by origin and destination" table."""
    import openpyxl

    try:
        sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise ImportFailed(
            f"not a valid XLSX workbook (truncated or damaged: {exc.__class__.__name__})",
            file=name,
        ) from None
    tables = []
    for sheet in sheets:
        if not sheet.startswith("Table"):
            continue
        for _line, cells in xlsx_rows(path, name, sheet):
            text = " ".join(c.strip() for c in cells if c)
            if match := ORIGIN_TITLE_RE.search(text):
                tables.append((sheet, match[2], TITLE_SEX[match[1]]))
                break
            if "migrant stock at mid-year by origin" in text:
                raise ImportFailed(
                    f"the title of '{sheet}' does not give the year of the stock and the sex "
                    "('Total|Male|Female migrant stock at mid-year by origin and by ... of "
                    f"destination, <year>'): {text[:160]!r}",
                    file=name,
                )
            if text.startswith("Sort"):
                break
    return tables


def _origin_table(path: Path, name: str, sheet: str):
    """(vintage, origins, data rows) of one table (labour_market.undesa.origin_table)."""
    _year, vintage, origins, rows = origin_table(path, name, sheet)
    return vintage, origins, ((n, code, values) for n, code, _name, values in rows)


class UndesaStockImporter(ObservationImporter):
    """UN DESA "Trends in International Migrant Stock: Migrants by Destination and Origin"
    (the workbook with one table per sex and year, "Table 16. Total migrant stock ... 2015",
    "Table 17. Male ...", and ANNEX). Each table's values are stored under the sex of its
    title. Destinations by M49 code (countries become ISO3, aggregates keep their M49 code),
    origins by name through the ANNEX sheet; 'Total' is the destination's whole immigrant
    stock (no counterpart). Counted as skipped: 'Other North' and 'Other South' (residuals
    without a country) and aggregates the store has no area for. Origins outside ISO 3166-1
    (the Channel Islands) are kept against their M49 statistical area, as destinations are.

    The workbooks of totals by destination (2019, 2020) are recognised and read as
    `undesa-stock-total` does."""

    source = "undesa-stock"
    label = "UN DESA migrant stock (XLSX: by destination and origin, or totals by destination)"
    kinds = ("xlsx",)
    indicator = STOCK_INDICATOR
    iso_by_m49: dict[str, str]
    areas: set[str]  # the codes of the statistical areas

    def records(self, path: Path, kind: str, context: ImportContext):
        context.source_label = "UN DESA"
        context.licence = UNDESA_LICENCE
        context.indicator_names[self.indicator] = UNDESA_NAME
        self.iso_by_m49 = dict(Country.objects.values_list("m49", "iso3"))
        self.areas = set(StatisticalArea.objects.values_list("code", flat=True))
        tables = _origin_tables(path, context.name)
        if not tables:
            yield from self.totals(path, context)
            return
        for sheet, _year, sex in tables:
            _check_sex(context, sex, f"'{sheet}'")
        names = annex_codes(path, context.name)
        for sheet, year, sex in tables:
            vintage, origins, rows = _origin_table(path, context.name, sheet)
            context.vintage = context.vintage or vintage
            counterparts = self._counterparts(origins, names, context.name)
            for line, code, values in rows:
                yield from self._row(line, code, values, origins, counterparts, year, sex)

    def _counterparts(self, origins: list[str], names: dict[str, str], name: str):
        """ISO3 of each origin column ("" for Total), or the reason it is left out."""
        counterparts: list[tuple[str, str]] = []  # (code, reason to skip)
        for column, origin in enumerate(origins, start=6):
            if origin == "Total":
                counterparts.append(("", ""))
            elif origin in RESIDUAL_ORIGINS:
                counterparts.append(("", f"residual {origin}"))
            elif origin in names and names[origin].zfill(3) in self.iso_by_m49:
                counterparts.append((self.iso_by_m49[names[origin].zfill(3)], ""))
            elif origin in names and names[origin] in self.areas:
                # An ANNEX area outside ISO 3166-1 (Channel Islands): kept against its area.
                counterparts.append((names[origin], ""))
            elif origin in names:
                counterparts.append(("", NO_ECONOMY))
            else:
                raise ImportFailed(
                    f"the origin {origin!r} is not a country of the ANNEX sheet",
                    file=name,
                    line=16,
                    column=column,
                )
        return counterparts

    def _row(self, line: int, code: str, values, origins, counterparts, year: str, sex: str):
        area = self.iso_by_m49.get(code.zfill(3), code)
        filled = [(i, raw) for i, raw in enumerate(values) if raw.strip() != ""]
        if area == code and code not in self.areas:
            self.left_out.skip(NO_AREA, len(filled))
            return
        for i, raw in filled:
            counterpart, reason = counterparts[i]
            if reason:
                self.left_out.skip(reason)
                continue
            value = parse_value(raw, line, origins[i])
            if isinstance(value, RowError):
                yield value
                continue
            yield ObservationRecord(
                line=line,
                column=origins[i],
                indicator_code=self.indicator,
                area_code=area,
                counterpart_code=counterpart,
                period=year,
                value=value,
                sex=sex,
            )

    def totals(self, path: Path, context: ImportContext):
        """The values of a totals workbook; see UndesaStockTotalImporter."""
        rows = xlsx_rows(path, context.name, "Table 1")
        _header_line, columns = self._total_header(rows, context)
        seen: set[str] = set()
        for line, cells in rows:
            code = cells[3].strip() if len(cells) > 3 else ""
            filled = [
                (index, year, sex)
                for index, year, sex in columns
                if index < len(cells) and cells[index].strip() not in ("", "..")
            ]
            if not code:
                continue  # group headings ("UN development groups") hold only '..'
            area = self.iso_by_m49.get(code.zfill(3), code)
            if area in seen:
                self.left_out.skip("area listed twice", len(filled))
                continue
            seen.add(area)
            if area == code and code not in self.areas:
                self.left_out.skip(NO_AREA, len(filled))
                continue
            for index, year, sex in filled:
                value = parse_value(cells[index], line, f"{year} {SEX_NAMES[sex]}")
                if isinstance(value, RowError):
                    yield value
                    continue
                yield ObservationRecord(
                    line=line,
                    column=f"{year} {SEX_NAMES[sex]}",
                    indicator_code=self.indicator,
                    area_code=area,
                    period=year,
                    value=value,
                    sex=sex,
                )

    def _total_header(self, rows, context: ImportContext):
        """(header line, [(column index, year, sex)]); reads the title block on the way."""
        titled = False
        groups: dict[int, str] = {}  # first column of a sex group -> its sex
        for line, cells in rows:
            text = " ".join(c.strip() for c in cells if c)
            titled = titled or bool(TOTAL_TITLE_RE.search(text))
            if match := VINTAGE_RE.search(text):
                context.vintage = context.vintage or match.group(0)
            for index, cell in enumerate(cells[5:], start=5):
                if sex := _sex_of_label(cell):
                    groups[index] = sex
            if len(cells) > 3 and cells[3].strip() in ("Code", "Location code"):
                header = line
                break
        else:
            raise ImportFailed(
                "expected UN DESA's Table 1 of migrant stock by sex and destination, with a "
                "header 'Code' or 'Location code' in column D",
                file=context.name,
            )
        if not titled:
            raise ImportFailed(
                "the title of 'Table 1' must read 'International migrant stock at mid-year by "
                "sex and by ...'",
                file=context.name,
            )
        years = cells[5:]
        if not any(y.strip().isdigit() for y in years):  # 2019: the years are on the next row
            header, cells = next(rows, (header + 1, []))
            years = cells[5:]
        columns, sex = [], ""
        for index, year in enumerate(years, start=5):
            sex = groups.get(index, sex)
            if year.strip():
                if not (year.strip().isdigit() and len(year.strip()) == 4) or not sex:
                    raise ImportFailed(
                        f"expected a year under a sex group (both sexes, males, females), "
                        f"found {year!r}",
                        file=context.name,
                        line=header,
                        column=index + 1,
                    )
                columns.append((index, year.strip(), sex))
        for sex in sorted({sex for _i, _y, sex in columns}):
            _check_sex(context, sex, "Table 1")
        return header, columns


class UndesaStockTotalImporter(UndesaStockImporter):
    """UN DESA International Migrant Stock 2019 and 2020, totals by destination (Table 1 of
    UN_MigrantStockTotal_2019.xlsx and of undesa_pd_2020_ims_stock_by_sex_and_destination
    .xlsx): one row per destination (WORLD, groups, regions, countries; names indented in
    2020), one column per year in three groups, both sexes, males and females, labelled
    above the years. Stored as UNDESA.MIGSTOCK without counterpart, under each group's sex.
    '..' is a missing value. Counted as skipped: aggregates the store has no statistical
    area for (by M49 code) and the second row of an area listed twice (2019 lists Oceania,
    909, as a geographic and as an SDG region)."""

    source = "undesa-stock-total"
    label = "UN DESA international migrant stock by sex and destination (XLSX, Table 1)"

    def records(self, path: Path, kind: str, context: ImportContext):
        context.source_label = "UN DESA"
        context.licence = UNDESA_LICENCE
        context.indicator_names[self.indicator] = UNDESA_NAME
        self.iso_by_m49 = dict(Country.objects.values_list("m49", "iso3"))
        self.areas = set(StatisticalArea.objects.values_list("code", flat=True))
        yield from self.totals(path, context)


class IlostatImporter(ObservationImporter):
    """ILOSTAT CSV or XLSX, codes or labels variant (see labour_market.ilostat), labels in
    English, French or Spanish. Any indicator: the indicator code comes from the `indicator`
    column, or, for the labels variant, from the file name, which ILOSTAT builds from it.
    The XLSX download holds the same columns as the CSV on its first sheet; its header row
    is the first one naming obs_value (rows above it, a title, are skipped)."""

    source = "ilostat"
    label = "ILOSTAT indicator CSV or XLSX (bulk codes or data-explorer labels, EN/FR/ES)"
    kinds = ("csv", "xlsx")
    CODES = ("ref_area", "indicator", "sex", "time", "obs_value")
    LABELS = ("ref_area.label", "sex.label", "time", "obs_value")

    def _layout(
        self, header: list[str], line: int, context: ImportContext
    ) -> tuple[dict[str, int], bool, str]:
        """The file's columns by name, whether it is the labels variant, and the indicator
        code that the labels variant takes from the file name; the context's metadata."""
        check_delimiter(header, context.name, line)
        columns = {name.strip(): i for i, name in enumerate(header)}
        labels = not all(c in columns for c in self.CODES)
        if labels and not all(c in columns for c in self.LABELS):
            raise ImportFailed(
                "expected ILOSTAT's columns ref_area, indicator, sex, time, obs_value (codes) "
                "or ref_area.label, sex.label, time, obs_value (labels); found "
                f"{', '.join(list(columns)[:8])}",
                file=context.name,
                line=line,
                column=1,
            )
        fixed_indicator = ""
        if labels:
            fixed_indicator = ilostat.indicator_from_name(context.name) or ""
            if not fixed_indicator:
                raise ImportFailed(
                    "this ILOSTAT download has labels only; its indicator code must be in the "
                    "file name, as ILOSTAT names it (e.g. EAR_4MTH_SEX_GEO_CUR_NB_A-….csv)",
                    file=context.name,
                )
        context.source_label = "ILOSTAT"
        context.licence = "CC BY 4.0"
        # ILOSTAT's downloads carry their date in the name (...-2025-06-01.csv).
        if dated := re.search(r"(\d{4}-\d{2}-\d{2})", context.name):
            context.vintage = dated.group(1)
        return columns, labels, fixed_indicator

    def records(self, path: Path, kind: str, context: ImportContext):
        read = _ilostat_sheet if kind == "xlsx" else csv_rows
        rows = read(path, context.name)
        line, header = next(rows, (1, []))
        columns, labels, fixed_indicator = self._layout(header, line, context)
        suffix = ".label" if labels else ""
        names = CountryNames() if labels else None

        # Every row is checked to have the header's width, so a column's cells are read by
        # position; an optional column the file lacks reads as "" (the width-th, padded).
        width = len(header)

        def getter(*names: str):
            return itemgetter(*(columns.get(name, width) for name in names))

        value_area_indicator = getter("obs_value", "ref_area" + suffix, "indicator")
        # A file repeats few distinct (time, sex, status, breakdowns) combinations over a
        # million rows: each is mapped once.
        dimension_key = getter(
            "time", "sex" + suffix, "obs_status" + suffix, "classif1" + suffix, "classif2" + suffix
        )
        indicator_label = getter("indicator.label") if "indicator.label" in columns else None
        titles: dict[str, str] = {}
        dimensions: dict[tuple, tuple | RowError] = {}
        for line, cells in rows:
            if len(cells) != width:
                if any(c.strip() for c in cells):
                    yield RowError(line, "row", "", f"expected {width} fields, found {len(cells)}")
                continue  # a blank line
            cells.append("")
            raw_value, area, indicator = value_area_indicator(cells)
            raw_value = raw_value.strip()
            if raw_value == "":
                continue  # ILOSTAT lists suppressed values (confidential, ...) without one
            value = parse_value(raw_value, line, "obs_value")
            if isinstance(value, RowError):
                yield value
                continue
            area = area.strip()
            if names is not None:
                iso3 = names.iso3(area) or ilostat.NON_ISO_AREAS.get(area)
                if iso3 is None:
                    yield RowError(line, "ref_area.label", area, "no country by this name")
                    continue
                area = iso3
            indicator = fixed_indicator or indicator.strip()
            if indicator_label is not None:
                titles.setdefault(indicator, indicator_label(cells).strip())
            key = dimension_key(cells)
            mapped = dimensions.get(key)
            if mapped is None:
                mapped = dimensions[key] = _ilostat_dimensions(key, labels, suffix)
            if isinstance(mapped, RowError):
                yield RowError(line, mapped.column, mapped.value, mapped.message)
                continue
            time, sex, status, age, classification = mapped
            yield ObservationRecord(
                line=line,
                column="obs_value",
                indicator_code=indicator,
                area_code=area,
                period=time,
                value=value,
                sex=sex,
                age=age,
                classification=classification,
                status=status,
            )
        language = next((c for k in dimensions if (c := ilostat.language(*k[1:]))), "")
        _ilostat_titles(titles, language if labels else "", context)


def _ilostat_titles(titles: dict[str, str], language: str, context: ImportContext) -> None:
    """The indicators' titles in the field of the file's language, told by its labels (sex,
    status, breakdowns): a French or Spanish title is the indicator's name_fr / name_es,
    never its name_en (English when the labels do not tell)."""
    for indicator, title in titles.items():
        if not title:
            continue
        if language in ("fr", "es"):
            context.indicator_metadata.setdefault(indicator, {}).setdefault(
                f"name_{language}", title
            )
        else:
            context.indicator_names.setdefault(indicator, title)


def _ilostat_sheet(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of an ILOSTAT XLSX download from its header row on, each as wide as the
    header (a sheet's rows end at their last filled cell)."""
    rows = xlsx_rows(path, name, None)
    for line, cells in rows:
        if any(c.strip() == "obs_value" for c in cells):
            header = cells
            while header and not header[-1].strip():
                header.pop()
            break
        if line >= 20:
            raise ImportFailed(
                "no header row naming obs_value in the first 20 rows of the sheet",
                file=name,
                line=line,
            )
    else:
        return
    width = len(header)
    yield line, header
    for line, cells in rows:
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            del cells[width:]
        elif len(cells) < width and any(c.strip() for c in cells):
            cells.extend([""] * (width - len(cells)))
        yield line, cells


SHORTAGE_HEADER = [
    "country",
    "region",
    "title",
    "source",
    "source_url",
    "valid_from",
    "valid_to",
    "isco_code",
    "title_as_published",
    "notes",
]


class ShortageListImporter(RecordImporter):
    """Shortage occupation lists (CSV, one row per occupation; the rows of one list share
    country, region, title and valid_from). A list in the file replaces that list's entries:
    the file is the list as published.

    So a list is imported whole or not at all: with skip-invalid, an invalid row rejects
    every row of its list (same country, region and title), which would otherwise lose that
    occupation from the list; the other lists are written."""

    source = "shortage-lists"
    label = "Shortage occupation lists (CSV: country, region, title, source, …, isco_code)"
    kinds = ("csv",)
    empty = "the file has no shortage list rows"

    def records(self, path: Path, kind: str, context: ImportContext):
        return _csv_with_header(path, context.name, SHORTAGE_HEADER, ",")

    def prepare(self, line: int, cells: list[str], state: dict):
        return line, cells  # the rows of a list are checked together, in check_all

    def check_all(self, prepared: dict[int, tuple], context: ImportContext) -> list[RowError]:
        _lists, errors = shortage_rows_parse(list(prepared.values()), only_country=context.country)
        if not context.skip_invalid:
            return errors  # nothing is written: the rows that are fine need not be listed
        invalid: dict[tuple, int] = {}  # list -> its first invalid line
        for error in errors:
            invalid.setdefault(_list_name(prepared[error.line][1]), error.line)
        failed = {error.line for error in errors}
        return errors + [
            RowError(
                line,
                "title",
                cells[2].strip(),
                f"line {invalid[_list_name(cells)]} of the same list is invalid, and a list is "
                "imported whole or not at all",
            )
            for line, (_line, cells) in prepared.items()
            if line not in failed and _list_name(cells) in invalid
        ]

    def write(self, rows: list[tuple], context: ImportContext, job_id: int) -> Counts:
        # The rows left are whole lists that passed: parsed again to group them into lists
        # (a few hundred rows, cheaper than carrying both).
        lists, _errors = shortage_rows_parse(rows, only_country=context.country)
        return shortage_lists_save(lists, progress=context.progress)


def _list_name(cells: list[str]) -> tuple[str, ...]:
    """Country, region and title of a row, as written: what ties a row to its list."""
    country, region, title = ([c.strip() for c in cells[:3]] + ["", "", ""])[:3]
    return country.upper(), region, title


# Names of the 2019 "_clean" reshape that differ from ISO's, mapped by hand from the file.
CSV_2019_ALIASES = {
    "Dem. People's Republic of Korea": "PRK",
    "Micronesia (Fed. States of)": "FSM",
}


class UndesaStockCsvImporter(ObservationImporter):
    """UN DESA migrant stock by destination and origin, reshaped by third parties into one
    long CSV (see data/SOURCES.md): the 2017 edition (Year, MajorArea, Total, Other North,
    Other South, <origin>...) and the 2019 "_clean" one (Year, Dest, <origin>...; countries
    only, '..' missing, '-' a marker). Names only: countries through the portal's names and
    CSV_ALIASES, aggregates by the names of the statistical areas.

    Neither layout says which sex its values are (UN DESA publishes the same table for both
    sexes, males and females), so the import needs `--sex T|M|F` and stores every value
    under it: a female table never overwrites the both-sexes figures.

    Counted as skipped: zeros (the UN's own tables leave a cell empty for "zero or no data",
    which these reshapes turned into 0), the residual origins Other North and Other South,
    aggregates without an M49 area and text markers. The Channel Islands, outside ISO
    3166-1, are kept against their M49 area (830) on either side."""

    source = "undesa-stock-csv"
    label = "UN DESA migrant stock by destination and origin, long CSV (Year, MajorArea|Dest, …)"
    kinds = ("csv",)
    indicator = STOCK_INDICATOR
    LAYOUTS = {  # the header's first columns -> the vintage of that reshape
        ("Year", "MajorArea", "Total"): "POP/DB/MIG/Stock/Rev.2017",
        ("Year", "Dest"): "POP/DB/MIG/Stock/Rev.2019",
    }

    def _layout(self, header: list[str], line: int, context: ImportContext) -> None:
        """Checks the header and --sex; the context's metadata."""
        check_delimiter(header, context.name, line)
        cells = tuple(h.strip() for h in header)
        vintage = next((v for s, v in self.LAYOUTS.items() if cells[: len(s)] == s), None)
        if vintage is None:
            raise ImportFailed(
                "expected the columns Year, MajorArea, Total (2017) or Year, Dest (2019), "
                "then the origins",
                file=context.name,
                line=line,
                column=1,
            )
        if not context.sex:
            raise ImportFailed(
                "this CSV does not say whether its values are for both sexes, males or "
                "females: give --sex T|M|F (the upload form's and the API's field 'sex')",
                file=context.name,
            )
        context.source_label = "UN DESA"
        context.licence = UNDESA_LICENCE
        context.vintage = vintage
        context.indicator_names[self.indicator] = UNDESA_NAME

    def _origins(self, header: list[str], line: int, names, context) -> list[tuple[str, str]]:
        """(ISO3 or "" for Total, reason to skip) of each column from C on."""
        origins, unknown = [], []
        for column, name in enumerate(header[2:], start=3):
            name = name.strip()
            if name == "Total" and column == 3:
                origins.append(("", ""))  # the destination's whole stock
            elif name in RESIDUAL_ORIGINS:
                origins.append(("", f"residual {name}"))
            elif name in NON_ISO_ORIGINS:
                origins.append((NON_ISO_ORIGINS[name], ""))
            elif iso3 := (CSV_TWICE[name][1] if name in CSV_TWICE else names.iso3(name)):
                origins.append((iso3, ""))
            else:
                unknown.append((column, name))
        if unknown:
            raise ImportFailed(
                f"the origin {unknown[0][1]!r} is not a country this portal knows"
                + (f" (nor {', '.join(repr(n) for _c, n in unknown[1:10])})" * (len(unknown) > 1)),
                file=context.name,
                line=line,
                column=unknown[0][0],
            )
        return origins

    def records(self, path: Path, kind: str, context: ImportContext):
        rows = csv_rows(path, context.name)
        line, header = next(rows, (1, []))
        self._layout(header, line, context)
        names = CountryNames(extra={**CSV_ALIASES, **CSV_2019_ALIASES})
        # UN DESA's own areas win over the World Bank's of the same name ("World": 900, not WLD).
        areas = {
            a.name.lower(): a.code
            for a in sorted(StatisticalArea.objects.all(), key=lambda a: "DESA" in a.source)
        }
        origins = self._origins(header, line, names, context)
        seen_twice: dict[tuple[str, str], int] = {}
        for line, cells in rows:
            if not any(c.strip() for c in cells):
                continue
            year, name = cells[0].strip(), cells[1].strip() if len(cells) > 1 else ""
            values = [(i, raw.strip()) for i, raw in enumerate(cells[2:]) if raw.strip()]
            if not name and (not year or not any(raw != "0" for _i, raw in values)):
                # Leftovers of the reshape below and between the tables: no area, or no value.
                continue
            if not (year.isdigit() and len(year) == 4):
                yield RowError(line, "Year", year, "expected a year such as 2015")
                continue
            if name in CSV_UNCODED_AGGREGATES:
                self.left_out.skip(NO_AREA, len(values))
                continue
            if name in CSV_TWICE:
                n = seen_twice[(year, name)] = seen_twice.get((year, name), 0) + 1
                area = CSV_TWICE[name][min(n, 2) - 1]
            else:
                area = names.iso3(name) or areas.get(CSV_AREA_ALIASES.get(name, name).lower())
            if area is None:
                yield RowError(line, header[1].strip(), name, "no country or area by this name")
                continue
            yield from self._values(line, area, year, values, origins, header, context.sex)

    def _values(self, line, area: str, year: str, values, origins, header, sex: str):
        for i, raw in values:
            if i >= len(origins) or raw == "..":
                continue  # '..': no data
            origin, reason = origins[i]
            if reason or raw == "0":
                self.left_out.skip(reason or "zero")
                continue
            column = header[i + 2]
            value = parse_value(raw, line, column)
            if isinstance(value, RowError):
                if raw in ("-", "…"):
                    self.left_out.skip(f"text marker {raw}")
                    continue
                yield value
                continue
            yield ObservationRecord(
                line=line,
                column=column,
                indicator_code=self.indicator,
                area_code=area,
                counterpart_code=origin,
                period=year,
                value=value,
                sex=sex,
            )


def _ilostat_dimensions(key: tuple, labels: bool, suffix: str) -> tuple | RowError:
    """(period, sex, status, age, classification) of raw ILOSTAT cells, or the first error."""
    time, sex, status, classif1, classif2 = key
    parsed = [
        ilostat.period(time, 0, "time"),
        ilostat.sex(sex, labels, 0, "sex" + suffix),
        ilostat.status(status, labels, 0, "obs_status" + suffix),
        ilostat.breakdown_code(classif1, labels, 0, "classif1" + suffix),
        ilostat.breakdown_code(classif2, labels, 0, "classif2" + suffix),
    ]
    error = next((p for p in parsed if isinstance(p, RowError)), None)
    if error is not None:
        return error
    period, sex_code, status_code, code1, code2 = parsed
    return (period, sex_code, status_code, *ilostat.split_breakdowns([code1, code2]))


def register() -> None:
    """Name this app's import sources for `import_data` (called by apps.py)."""
    registry.register(Isco08Importer)
    registry.register(Isic4Importer)
    registry.register(UndesaStockImporter)
    registry.register(IlostatImporter)
    registry.register(ShortageListImporter)
    registry.register(UndesaStockCsvImporter)
    registry.register(UndesaStockTotalImporter)
