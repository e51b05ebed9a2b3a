"""The curated catalogue of indicators: what each code is, read from data/catalogue.json.

Each entry gives an indicator's kind (Indicator.Kind), unit, names and definitions in English,
French and Spanish, source, licence and address; data/README.md says where each definition
comes from. The catalogue fills what an import leaves empty, never more:
- a new indicator takes what the imported file says of it (ImportContext.indicator_metadata,
  e.g. the WDI Metadata_Indicator file: the source's own definition wins; the importer's
  name for the code, its licence and its short source label, which apps filter on), then
  the catalogue;
- an existing indicator keeps every field that is filled: someone may have edited it in the
  admin. A file's own value replaces a field only while it is empty or still holds the
  catalogue's text, and an empty value never replaces anything.
`catalogue_apply()` (manage.py catalogue_apply) fills existing rows the same way. The
catalogue's `source` is the publisher's full name: pages cite it (`publisher`), while
Indicator.source keeps the importer's label.
"""

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from imdi_portal.stats.models import Indicator, Observation

PATH = Path(__file__).parent / "data" / "catalogue.json"
# Indicator fields an entry fills; every entry must give all of them.
FIELDS = (
    "kind",
    "unit",
    "name_en",
    "name_fr",
    "name_es",
    "definition_en",
    "definition_fr",
    "definition_es",
    "source",
    "licence",
    "source_url",
)
# What a file may say of its indicators and how long each field may be.
FILE_FIELDS = (*FIELDS, "vintage")


class CatalogueError(ValueError):
    """The catalogue file is malformed (caught by tests, never at a visitor's request)."""


def _check(entry: Mapping[str, str], position: int) -> dict[str, str]:
    code = entry.get("code", "")
    if not code:
        raise CatalogueError(f"entry {position} has no code")
    missing = [name for name in (*FIELDS, "definition_source") if not entry.get(name)]
    if missing:
        raise CatalogueError(f"{code}: missing {', '.join(missing)}")
    if entry["kind"] not in Indicator.Kind.values:
        raise CatalogueError(f"{code}: unknown kind {entry['kind']!r}")
    for name in FIELDS:
        limit = Indicator._meta.get_field(name).max_length
        if limit and len(entry[name]) > limit:
            raise CatalogueError(f"{code}: {name} is longer than {limit} characters")
    return {name: entry[name] for name in ("code", *FIELDS, "definition_source")}


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Code -> entry (every field of FIELDS, plus definition_source), read once."""
    data = json.loads(PATH.read_text(encoding="utf-8"))
    entries: dict[str, dict[str, str]] = {}
    for position, raw in enumerate(data["indicators"], start=1):
        entry = _check(raw, position)
        if entry["code"] in entries:
            raise CatalogueError(f"{entry['code']} is listed twice")
        entries[entry["code"]] = entry
    return entries


def entry(code: str) -> dict[str, str] | None:
    return catalogue().get(code)


def publisher(indicator: Indicator) -> str:
    """Who publishes the indicator, as a citation names it."""
    curated = entry(indicator.code)
    return curated["source"] if curated else indicator.source


def _clip(name: str, value: str) -> str:
    """The value as the field can hold it ("" for a kind that is not one of Indicator.Kind)."""
    if name == "kind" and value not in Indicator.Kind.values:
        return ""
    limit = Indicator._meta.get_field(name).max_length
    return value[:limit] if limit else value


def metadata(
    code: str,
    *,
    from_file: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The field values of a new indicator: the file's own, then the catalogue's, then the
    importer's `defaults` (name_en, source, licence). Empty values are left out."""
    found: dict[str, str] = {}
    layers: Iterable[Mapping[str, str]] = (from_file or {}, entry(code) or {}, defaults or {})
    for layer in layers:
        for name in FILE_FIELDS:
            value = _clip(name, (layer.get(name) or "").strip())
            if value and name not in found:
                found[name] = value
    return found


def fill(indicator: Indicator, *, from_file: Mapping[str, str] | None = None) -> list[str]:
    """Fill the indicator's empty fields from the file's metadata, then the catalogue; a
    field that still holds the catalogue's text takes the file's own. Returns the fields
    changed (the caller saves them)."""
    curated = entry(indicator.code) or {}
    changed = []
    for name in FILE_FIELDS:
        current = getattr(indicator, name) or ""
        own = _clip(name, ((from_file or {}).get(name) or "").strip())
        if name == "vintage":
            # A later release of the source (vintages of one source sort as text).
            if own > current:
                indicator.vintage = own
                changed.append(name)
            continue
        if own and own != current and (not current or current == curated.get(name)):
            setattr(indicator, name, own)
            changed.append(name)
        elif not current and curated.get(name):
            setattr(indicator, name, curated[name])
            changed.append(name)
    # An importer names an indicator it knows nothing of by its code: a placeholder.
    if indicator.name_en == indicator.code and curated.get("name_en"):
        indicator.name_en = curated["name_en"]
        changed.append("name_en")
    return changed


def catalogue_apply(*, codes: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Fill the empty fields of the existing indicators (all, or those named) from the
    catalogue; returns code -> fields filled, for the indicators that changed."""
    indicators = Indicator.objects.filter(code__in=list(catalogue()))
    if codes is not None:
        indicators = indicators.filter(code__in=list(codes))
    result: dict[str, list[str]] = {}
    # The latest release each indicator's values come from, for rows imported before the
    # indicator recorded its vintage (vintages of one source sort as text).
    vintages = dict(
        Observation.objects.filter(indicator__in=indicators)
        .exclude(vintage="")
        .values("indicator__code")
        .annotate(latest=Max("vintage"))
        .values_list("indicator__code", "latest")
    )
    with transaction.atomic():
        for indicator in indicators.select_for_update():
            changed = fill(indicator, from_file={"vintage": vintages.get(indicator.code, "")})
            if changed:
                indicator.save(update_fields=sorted(set(changed)))
                result[indicator.code] = changed
    return result
