"""IMDI's common format for permit categories, as a file: JSON, CSV or XLSX.

One record per category. Scalar elements are plain columns; list elements (requirements,
documents, fees, professional bodies, contact points, laws) are JSON arrays of objects in their
column (CSV/XLSX) or nested arrays (JSON). FIELDS documents every column; the template files
and the /legislation/format/ page are generated from it, and so are export and import, which
therefore round-trip.
"""

import io
import json
from dataclasses import dataclass
from typing import Any

from imdi_portal.core.downloads import csv_text, safe_cell
from legislation.forms import MAIN_FIELDS
from legislation.models import Law, PermitCategory
from legislation.services import CHILDREN


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    help: str


def _scalar_fields() -> list[Field]:
    fields = []
    for name in MAIN_FIELDS:
        model_field = PermitCategory._meta.get_field(name)
        kind = {
            "BooleanField": "true/false",
            "PositiveSmallIntegerField": "whole number",
            "PositiveIntegerField": "whole number",
            "URLField": "https address",
        }.get(model_field.get_internal_type(), "text")
        if model_field.choices:
            kind = "one of: " + ", ".join(str(value) for value, _label in model_field.choices)
        help_text = str(model_field.help_text or model_field.verbose_name)
        fields.append(Field(name, kind, help_text))
    return fields


LIST_FIELDS = {
    "requirements": "list of {text}",
    "documents": "list of {name, translation_required, legalisation_required, notes}",
    "fees": "list of {label, amount (decimal), currency (ISO 4217), payer: applicant|employer}",
    "professional_bodies": "list of {name, url}",
    "contact_points": "list of {authority, address, website, email, phone}",
    "laws": "list of {title, year, url, source: iml|gazette|other}",
}

FIELDS: list[Field] = [
    Field("country", "ISO 3166-1 alpha-3", "Country whose rules these are."),
    Field("slug", "short name", "Identifies the category within its country (a-z, 0-9, -)."),
    *_scalar_fields(),
    *[Field(name, "JSON list", shape) for name, shape in LIST_FIELDS.items()],
]
COLUMNS = [f.name for f in FIELDS]


def record_of(category: PermitCategory) -> dict[str, Any]:
    """One category as a record of the common format."""
    record: dict[str, Any] = {"country": category.country.iso3, "slug": category.slug}
    for name in MAIN_FIELDS:
        record[name] = getattr(category, name)
    for name, (_model, fields) in CHILDREN.items():
        record[name] = [
            {
                f: str(getattr(obj, f)) if f == "amount" else getattr(obj, f)
                for f in fields
                if f != "position"
            }
            for obj in getattr(category, name).all()
        ]
    record["laws"] = [
        {"title": law.title, "year": law.year, "url": law.url, "source": law.source}
        for law in category.laws.order_by("title", "year")
    ]
    return record


def dump(records: list[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "json":
        document = {
            "format": "imdi-permit-categories/1",
            "fields": [{"name": f.name, "type": f.kind, "meaning": f.help} for f in FIELDS],
            "categories": records,
        }
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    rows = [[_cell(record.get(c)) for c in COLUMNS] for record in records]
    if fmt == "csv":
        # The byte-order mark makes Excel read the file as UTF-8.
        return ("\ufeff" + csv_text(COLUMNS, rows)).encode("utf-8")
    if fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "categories"
        # Cells go through safe_cell, as the CSV's do: openpyxl stores a text starting
        # with "=" as a formula.
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        doc = workbook.create_sheet("fields")
        doc.append(["column", "type", "meaning"])
        for field in FIELDS:
            doc.append([safe_cell(value) for value in (field.name, field.kind, field.help)])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"unknown format {fmt!r}")


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def laws_for(country: Any, items: list[dict[str, Any]]) -> list[Law]:
    """The Law rows cited by a record, created when the country does not have them yet."""
    laws = []
    for item in items:
        law, _ = Law.objects.get_or_create(
            country=country,
            title=item["title"],
            year=item.get("year"),
            defaults={"url": item.get("url") or "", "source": item.get("source") or "gazette"},
        )
        laws.append(law)
    return laws
