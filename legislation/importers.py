"""`import_data legislation <file>`: permit categories in the common format become drafts."""

import json
from pathlib import Path
from typing import Any

from django import forms
from django.db import transaction
from django.utils.text import slugify

from imdi_portal.models import Country
from imdi_portal.stats.importing.base import Counts, ImportContext, Importer
from imdi_portal.stats.importing.errors import ImportFailed
from imdi_portal.stats.importing.files import csv_rows, detect_encoding, xlsx_rows
from imdi_portal.stats.importing.registry import register
from legislation.common_format import COLUMNS, LIST_FIELDS, laws_for
from legislation.forms import ELEMENT_FORMSETS, CategoryForm
from legislation.models import Law
from legislation.services import category_import_draft

MAX_ERRORS = 100
LAW_SOURCES = {value for value, _label in Law.Source.choices}


class _DryRun(Exception):
    pass


@register
class LegislationImporter(Importer):
    source = "legislation"
    label = "IMDI common format for permit categories (JSON, CSV or XLSX)"
    kinds = ("csv", "xlsx")  # JSON is text too: told apart by its first character

    def load(self, path: Path, kind: str, context: ImportContext, job_id: int) -> Counts:
        records = list(self._records(path, kind, context.name))
        if not records:
            raise ImportFailed("the file has no permit category", file=context.name)
        prepared, errors = [], []
        for row, record in records:
            result = _prepare(record)
            if isinstance(result, list):
                errors.extend(f"record {row}, {message}" for message in result)
            else:
                prepared.append(result)
            context.progress(row, len(records))
        keys = [(p["country"].pk, p["slug"]) for p in prepared]
        duplicates = {key for key in keys if keys.count(key) > 1}
        errors.extend(f"{c}/{s}: the same country and slug appear twice" for c, s in duplicates)
        if errors:
            shown = "; ".join(errors[:MAX_ERRORS])
            raise ImportFailed(
                f"{len(errors)} problem(s), nothing was imported: {shown}", file=context.name
            )
        counts = Counts()
        try:
            with transaction.atomic():
                for item in prepared:
                    laws = laws_for(item["country"], item.pop("law_items"))
                    outcome = category_import_draft(**item, laws=laws, source_name=context.name)
                    setattr(counts, outcome, getattr(counts, outcome) + 1)
                if context.dry_run:
                    raise _DryRun
        except _DryRun:
            pass
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
        try:
            data = json.loads(path.read_text(encoding=detect_encoding(path)))
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"not valid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno
            ) from None
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
                except json.JSONDecodeError:
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


def _prepare(record: dict[str, Any]) -> dict[str, Any] | list[str]:  # noqa: C901
    """Check one record like the editor would; returns what to import or the problems."""
    errors: list[str] = []
    iso3 = str(record.get("country") or "").strip().upper()
    country = Country.objects.filter(iso3=iso3).first() if len(iso3) == 3 else None
    if country is None:
        return [f"field 'country': unknown ISO3 code {iso3!r}"]
    slug = str(record.get("slug") or "").strip()
    if not slug or slugify(slug) != slug:
        errors.append(f"field 'slug': {slug!r} is not a short name of a-z, 0-9 and -")
    scalars = {k: v for k, v in record.items() if k not in LIST_FIELDS}
    form = CategoryForm(_form_data(CategoryForm, scalars), country=country)
    if not form.is_valid():
        errors.extend(f"field '{f}': {m}" for f, ms in form.errors.items() for m in ms)
    elements: dict[str, list[dict[str, Any]]] = {}
    for name, (_label, formset_class) in ELEMENT_FORMSETS.items():
        items = record.get(name) or []
        if isinstance(items, _Invalid) or not isinstance(items, list):
            errors.append(f"field '{name}': not a JSON list ({LIST_FIELDS[name]})")
            continue
        rows = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                errors.append(f"field '{name}', item {number}: not an object")
                continue
            item_form = formset_class.form(_form_data(formset_class.form, item))
            if item_form.is_valid():
                rows.append(item_form.cleaned_data)
            else:
                errors.extend(
                    f"field '{name}', item {number}, {f}: {m}"
                    for f, ms in item_form.errors.items()
                    for m in ms
                )
        elements[name] = rows
    law_items = record.get("laws") or []
    if isinstance(law_items, _Invalid) or not isinstance(law_items, list):
        errors.append(f"field 'laws': not a JSON list ({LIST_FIELDS['laws']})")
        law_items = []
    for number, law in enumerate(law_items, start=1):
        if not isinstance(law, dict) or not str(law.get("title") or "").strip():
            errors.append(f"field 'laws', item {number}: a law needs a title")
        elif law.get("source", "gazette") not in LAW_SOURCES:
            errors.append(
                f"field 'laws', item {number}: source must be one of "
                f"{', '.join(sorted(LAW_SOURCES))}"
            )
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
