"""`import_data legislation <file>`: permit categories in the common format become drafts."""

import json
from pathlib import Path
from typing import Any

from django import forms
from django.utils.text import slugify

from imdi_portal.core.models import Country
from imdi_portal.stats.importing import registry
from imdi_portal.stats.importing.base import Counts, ImportContext
from imdi_portal.stats.importing.errors import ImportFailed, RowError
from imdi_portal.stats.importing.files import csv_rows, detect_encoding, json_document, xlsx_rows
from imdi_portal.stats.importing.records import RecordImporter
from legislation.common_format import COLUMNS, LIST_FIELDS, laws_for
from legislation.forms import ELEMENT_FORMSETS, CategoryForm
from legislation.models import Law
from legislation.services import category_import_draft

LAW_SOURCES = {value for value, _label in Law.Source.choices}


class LegislationImporter(RecordImporter):
    """Permit categories in the common format, each one a draft for review. With
    skip-invalid, each category is taken or rejected on its own; of a country and slug
    listed twice the first valid record is kept."""

    source = "legislation"
    label = "IMDI common format for permit categories (JSON, CSV or XLSX)"
    kinds = ("csv", "xlsx")  # JSON is text too: told apart by its first character
    unit = "record"
    empty = "the file has no permit category"

    def records(self, path: Path, kind: str, context: ImportContext):
        return self._records(path, kind, context.name)

    def prepare(self, number: int, record: dict[str, Any], state: dict):
        result = _prepare(number, record)
        if isinstance(result, list):
            return result
        key = (result["country"].iso3, result["slug"])
        first = state.setdefault(key, number)
        if first != number:
            return RowError(
                number,
                "field 'slug'",
                "",
                f"the same country and slug ({'/'.join(key)}) appear twice, first in record "
                f"{first}",
            )
        return result

    def write(self, prepared: list[dict], context: ImportContext, job_id: int) -> Counts:
        counts = Counts()
        for item in prepared:
            laws = laws_for(item["country"], item.pop("law_items"))
            counts.add(category_import_draft(**item, laws=laws, source_name=context.name))
        return counts

    def _records(self, path: Path, kind: str, name: str):
        if kind == "xlsx":
            yield from self._table(xlsx_rows(path, name, "categories"), name)
            return
        with path.open(encoding=detect_encoding(path)) as fh:
            head = fh.read(64).lstrip()
        if head.startswith(("{", "[")):
            yield from self._json(path, name)
        else:
            yield from self._table(csv_rows(path, name), name)

    def _json(self, path: Path, name: str):
        data = json_document(path, name)
        items = data.get("categories") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ImportFailed(
                'expected {"categories": [ ... ]} or a list of categories', file=name
            )
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise ImportFailed(f"record {number} is not an object", file=name)
            yield number, item

    def _table(self, rows, name: str):
        header = None
        for line, cells in rows:
            if header is None:
                header = [c.strip() for c in cells]
                missing = [c for c in COLUMNS if c not in header]
                unknown = [c for c in header if c and c not in COLUMNS]
                if missing or unknown:
                    raise ImportFailed(
                        "the header does not match the common format"
                        + (f"; missing: {', '.join(missing)}" if missing else "")
                        + (f"; unknown: {', '.join(unknown)}" if unknown else ""),
                        file=name,
                        line=line,
                    )
                continue
            if not any(str(c).strip() for c in cells):
                continue
            record = dict(zip(header, cells, strict=False))
            for field in LIST_FIELDS:
                text = str(record.get(field) or "").strip()
                try:
                    record[field] = json.loads(text) if text else []
                except (json.JSONDecodeError, RecursionError):  # a cell nested 1,000 deep
                    record[field] = _Invalid(text)
            yield line, record


class _Invalid(str):
    """A list cell that is not JSON; reported by _prepare with its field name."""


def _form_data(form_class: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Values of a record as form data; booleans accept true/false, 1/0 and yes/no."""
    data = dict(values)
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.BooleanField) and isinstance(data.get(name), str):
            data[name] = data[name].strip().lower() in ("true", "1", "yes")
    return data


def _prepare(number: int, record: dict[str, Any]) -> dict[str, Any] | list[RowError]:
    """Check one record like the editor would; returns what to import or the problems."""
    iso3 = str(record.get("country") or "").strip().upper()
    country = Country.objects.filter(iso3=iso3).first() if len(iso3) == 3 else None
    if country is None:
        return [RowError(number, "field 'country'", "", f"unknown ISO3 code {iso3!r}")]
    errors: list[RowError] = []
    slug = str(record.get("slug") or "").strip()
    if not slug or slugify(slug) != slug:
        errors.append(
            RowError(number, "field 'slug'", "", f"{slug!r} is not a short name of a-z, 0-9 and -")
        )
    scalars = {k: v for k, v in record.items() if k not in LIST_FIELDS}
    form = CategoryForm(_form_data(CategoryForm, scalars), country=country)
    if not form.is_valid():
        errors.extend(_form_errors(number, form, "field '{}'"))
    elements = {
        name: _element_rows(number, name, formset_class, record.get(name) or [], errors)
        for name, (_label, formset_class) in ELEMENT_FORMSETS.items()
    }
    law_items = _law_items(number, record.get("laws") or [], errors)
    if errors:
        return errors
    fields = {k: v for k, v in form.cleaned_data.items() if k != "laws"}
    return {
        "country": country,
        "slug": slug,
        "fields": fields,
        "law_items": law_items,
        "elements": elements,
    }


def _form_errors(number: int, form: forms.Form, where: str) -> list[RowError]:
    return [
        RowError(number, where.format(field), "", message)
        for field, messages in form.errors.items()
        for message in messages
    ]


def _element_rows(
    number: int, name: str, formset_class: Any, items: Any, errors: list[RowError]
) -> list[dict[str, Any]]:
    """The cleaned items of one list field (fees, documents, ...); problems go to errors."""
    if isinstance(items, _Invalid) or not isinstance(items, list):
        errors.append(
            RowError(number, f"field '{name}'", "", f"not a JSON list ({LIST_FIELDS[name]})")
        )
        return []
    rows = []
    for item_number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(
                RowError(number, f"field '{name}', item {item_number}", "", "not an object")
            )
            continue
        item_form = formset_class.form(_form_data(formset_class.form, item))
        if item_form.is_valid():
            rows.append(item_form.cleaned_data)
        else:
            errors.extend(
                _form_errors(number, item_form, f"field '{name}', item {item_number}, {{}}")
            )
    return rows


def _law_items(number: int, law_items: Any, errors: list[RowError]) -> list[Any]:
    if isinstance(law_items, _Invalid) or not isinstance(law_items, list):
        errors.append(
            RowError(number, "field 'laws'", "", f"not a JSON list ({LIST_FIELDS['laws']})")
        )
        return []
    for item_number, law in enumerate(law_items, start=1):
        where = f"field 'laws', item {item_number}"
        if not isinstance(law, dict) or not str(law.get("title") or "").strip():
            errors.append(RowError(number, where, "", "a law needs a title"))
        elif law.get("source", "gazette") not in LAW_SOURCES:
            errors.append(
                RowError(
                    number, where, "", f"source must be one of {', '.join(sorted(LAW_SOURCES))}"
                )
            )
    return law_items


def register() -> None:
    """Name this app's import sources for `import_data` (called by apps.py)."""
    registry.register(LegislationImporter)
