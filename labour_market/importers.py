"""Importers of the labour market app.

`import_data isco08 <file>`: the ILO's ISCO-08 structure (XLSX, titles and definitions in
English) or the table of English and French titles (CSV: code,name_french,name_english).
`import_data undesa-stock <file>`: UN DESA migrant stock by destination and origin.
"""

import re
from pathlib import Path

from django.db import transaction

from imdi_portal.importing.base import (
    Counts,
    ImportContext,
    Importer,
    ObservationRecord,
    parse_value,
)
from imdi_portal.importing.errors import ImportFailed, RowError
from imdi_portal.importing.files import check_delimiter, csv_rows, xlsx_rows
from imdi_portal.importing.observations import ObservationImporter
from imdi_portal.importing.registry import register
from imdi_portal.models import Country
from labour_market.models import Occupation
from labour_market.undesa import RESIDUAL_ORIGINS, annex_codes, table_rows

CODE_RE = re.compile(r"^\d{1,4}$")
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
MAX_SHOWN = 10


@register
class Isco08Importer(Importer):
    source = "isco08"
    label = "ILO ISCO-08 structure (XLSX) or English/French titles (CSV)"
    kinds = ("xlsx", "csv")

    def load(self, path: Path, kind: str, context: ImportContext, job_id: int) -> Counts:
        rows = self._xlsx(path, context.name) if kind == "xlsx" else self._csv(path, context.name)
        records, errors = {}, []
        for line, record in rows:
            problem = _check(line, record, records)
            if problem:
                errors.append(problem)
            else:
                records[record["code"]] = record
        if not records and not errors:
            raise ImportFailed("the file has no ISCO-08 group", file=context.name)
        if errors:
            shown = "; ".join(
                f"line {e.line}, {e.column}: {e.message} ({e.value!r})" for e in errors[:MAX_SHOWN]
            )
            raise ImportFailed(
                f"{len(errors)} row(s) are invalid, nothing was imported: {shown}",
                file=context.name,
            )
        counts = Counts()
        with transaction.atomic():
            existing = {o.code: o for o in Occupation.objects.all()}
            for code in sorted(records, key=lambda c: (len(c), c)):  # parents first
                counts_key = _upsert(records[code], existing)
                setattr(counts, counts_key, getattr(counts, counts_key) + 1)
                context.progress(len(existing), len(records))
            if context.dry_run:
                transaction.set_rollback(True)
        return counts

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
                    "level": level,
                    "title_en": title,
                    "definition": definition,
                    "tasks": tasks,
                    "included": included,
                    "excluded": excluded,
                    "notes": notes,
                },
            )

    def _csv(self, path: Path, name: str):
        header = None
        for line, cells in csv_rows(path, name):
            if header is None:
                check_delimiter(cells, name, line)
                if [c.strip() for c in cells] != CSV_HEADER:
                    raise ImportFailed(
                        f"expected the header {','.join(CSV_HEADER)}",
                        file=name,
                        line=line,
                        column=1,
                    )
                header = cells
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != 3:
                yield line, {"code": "", "error": f"expected 3 fields, found {len(cells)}"}
                continue
            code, title_fr, title_en = (c.strip() for c in cells)
            yield (
                line,
                {"code": code, "level": str(len(code)), "title_en": title_en, "title_fr": title_fr},
            )


def _check(line: int, record: dict, seen: dict) -> RowError | None:
    if "error" in record:
        return RowError(line, "row", "", record["error"])
    code = record["code"]
    if not CODE_RE.match(code):
        return RowError(line, "code", code, "an ISCO-08 code has 1 to 4 digits")
    if record.get("level") != str(len(code)):
        return RowError(
            line,
            "level",
            record.get("level", ""),
            f"a {len(code)}-digit code is at level {len(code)}",
        )
    if not record.get("title_en"):
        return RowError(line, "title", "", "the English title is missing")
    if code in seen:
        return RowError(line, "code", code, "duplicate code")
    if len(code) > 1 and code[:-1] not in seen:
        return RowError(line, "code", code, f"its parent group {code[:-1]} comes nowhere before")
    return None


def _upsert(record: dict, existing: dict[str, Occupation]) -> str:
    code = record["code"]
    values = {k: v for k, v in record.items() if k not in ("code", "level")}
    occupation = existing.get(code)
    if occupation is not None and "title_fr" in values:
        # The titles table supplies French; English comes from the ILO structure file, whose
        # wording differs for 43 groups: keep it, so that the two imports do not undo each other.
        values.pop("title_en")
    if occupation is None:
        occupation = Occupation(
            code=code,
            level=len(code),
            parent=existing.get(code[:-1]) if len(code) > 1 else None,
            **values,
        )
        occupation.save()
        existing[code] = occupation
        return "created"
    if all(getattr(occupation, k) == v for k, v in values.items()):
        return "unchanged"
    for k, v in values.items():
        setattr(occupation, k, v)
    occupation.save()
    return "updated"


@register
class UndesaStockImporter(ObservationImporter):
    """UN DESA "Trends in International Migrant Stock: Migrants by Destination and Origin"
    (the workbook with Table 16 and ANNEX). Destinations by M49 code (countries become ISO3,
    aggregates keep their M49 code), origins by name through the ANNEX sheet; 'Total' is the
    destination's whole immigrant stock (no counterpart); 'Other North' and 'Other South' are
    residuals without a country, and origins outside ISO 3166-1 (the Channel Islands) have no
    country either: those columns are not stored."""

    source = "undesa-stock"
    label = "UN DESA migrant stock by destination and origin (XLSX, Table 16)"
    kinds = ("xlsx",)
    indicator = "UNDESA.MIGSTOCK"

    def records(self, path: Path, kind: str, context: ImportContext):
        iso_by_m49 = dict(Country.objects.values_list("m49", "iso3"))
        names = annex_codes(path, context.name)
        year, vintage, origins, rows = table_rows(path, context.name)
        context.source_label = "UN DESA"
        context.licence = "© United Nations; reuse with attribution"
        context.vintage = vintage
        context.indicator_names[self.indicator] = (
            "International migrant stock at mid-year, both sexes (persons)"
        )
        counterparts: list[str | None] = []
        for column, origin in enumerate(origins, start=6):
            if origin == "Total":
                counterparts.append("")
            elif origin in RESIDUAL_ORIGINS:
                counterparts.append(None)
            elif origin in names and names[origin].zfill(3) in iso_by_m49:
                counterparts.append(iso_by_m49[names[origin].zfill(3)])
            elif origin in names:
                # An ANNEX area outside ISO 3166-1 (the Channel Islands): the counterpart of a
                # bilateral figure is always a country, so this column is not stored.
                counterparts.append(None)
            else:
                raise ImportFailed(
                    f"the origin {origin!r} is not a country of the ANNEX sheet",
                    file=context.name,
                    line=16,
                    column=column,
                )
        for line, code, _name, values in rows:
            area = iso_by_m49.get(code.zfill(3), code)
            for column, (counterpart, raw) in enumerate(
                zip(counterparts, values, strict=False), start=6
            ):
                if counterpart is None or raw.strip() == "":
                    continue
                value = parse_value(raw, line, origins[column - 6])
                if isinstance(value, RowError):
                    yield value
                    continue
                yield ObservationRecord(
                    line=line,
                    column=origins[column - 6],
                    indicator_code=self.indicator,
                    area_code=area,
                    counterpart_code=counterpart,
                    period=year,
                    value=value,
                )
