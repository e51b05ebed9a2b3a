"""Writes of the labour market app: shortage occupation lists."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from imdi_portal.core.models import Country
from imdi_portal.stats.importing.base import Counts
from imdi_portal.stats.importing.errors import RowError
from labour_market.models import Occupation, ShortageEntry, ShortageList


@dataclass
class ParsedList:
    country: Country
    region: str
    title: str
    source: str
    source_url: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    notes: str = ""
    entries: dict[str, dict] = field(default_factory=dict)  # ISCO code -> title, notes
    line: int = 0


def _date(raw: str, line: int, column: str, required: bool) -> datetime.date | RowError | None:
    raw = raw.strip()
    if not raw:
        return RowError(line, column, raw, "a date is required") if required else None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return RowError(line, column, raw, "expected a date as YYYY-MM-DD")


def shortage_rows_parse(  # noqa: C901
    rows: list[tuple[int, list[str]]], *, only_country: str = ""
) -> tuple[list[ParsedList], list[RowError]]:
    """Check every row of a shortage-list file; nothing is written here."""
    countries = {c.iso3: c for c in Country.objects.all()}
    occupations = set(Occupation.objects.values_list("code", flat=True))
    lists: dict[tuple, ParsedList] = {}
    errors: list[RowError] = []
    url_ok = URLValidator(schemes=["http", "https"])
    for line, cells in rows:
        if len(cells) != 10:
            errors.append(RowError(line, "row", "", f"expected 10 fields, found {len(cells)}"))
            continue
        iso3, region, title, source, url, start, end, isco, published, notes = (
            c.strip() for c in cells
        )
        country = countries.get(iso3.upper())
        if country is None:
            errors.append(RowError(line, "country", iso3, "unknown ISO 3166-1 alpha-3 code"))
            continue
        if only_country and country.iso3 != only_country.upper():
            continue
        problems = []
        if not title:
            problems.append(RowError(line, "title", title, "the list needs a title"))
        if not source:
            problems.append(RowError(line, "source", source, "say who publishes the list"))
        if url:
            try:
                url_ok(url)
            except ValidationError:
                problems.append(RowError(line, "source_url", url, "not a web address"))
        valid_from = _date(start, line, "valid_from", required=True)
        valid_to = _date(end, line, "valid_to", required=False)
        for value in (valid_from, valid_to):
            if isinstance(value, RowError):
                problems.append(value)
        if (
            isinstance(valid_from, datetime.date)
            and isinstance(valid_to, datetime.date)
            and valid_to < valid_from
        ):
            problems.append(RowError(line, "valid_to", end, "ends before valid_from"))
        if isco not in occupations:
            problems.append(RowError(line, "isco_code", isco, "not an ISCO-08 code"))
        if problems:
            errors.extend(problems)
            continue
        assert isinstance(valid_from, datetime.date) and not isinstance(valid_to, RowError)
        key = (country.iso3, region, title, valid_from)
        parsed = lists.setdefault(
            key,
            ParsedList(country, region, title, source, url, valid_from, valid_to, line=line),
        )
        if (parsed.source, parsed.source_url, parsed.valid_to) != (source, url, valid_to):
            errors.append(
                RowError(
                    line,
                    "source",
                    source,
                    f"the rows of one list must agree on source, link and end date "
                    f"(see line {parsed.line})",
                )
            )
            continue
        if isco in parsed.entries:
            errors.append(RowError(line, "isco_code", isco, "listed twice in the same list"))
            continue
        parsed.entries[isco] = {"title_as_published": published, "notes": notes}
    return list(lists.values()), errors


def shortage_lists_save(
    lists: list[ParsedList], *, progress: Callable[[int, int], None] = lambda d, t: None
) -> Counts:
    """Create or update each list and make its entries exactly those given. Counts entries."""
    counts = Counts()
    occupations = {o.code: o for o in Occupation.objects.all()}
    for done, parsed in enumerate(lists, start=1):
        shortage_list, _ = ShortageList.objects.update_or_create(
            country=parsed.country,
            region=parsed.region,
            title=parsed.title,
            valid_from=parsed.valid_from,
            defaults={
                "source": parsed.source,
                "source_url": parsed.source_url,
                "valid_to": parsed.valid_to,
            },
        )
        existing = {
            e.occupation.code: e for e in shortage_list.entries.select_related("occupation")
        }
        for code, values in parsed.entries.items():
            entry = existing.pop(code, None)
            if entry is None:
                ShortageEntry.objects.create(
                    shortage_list=shortage_list, occupation=occupations[code], **values
                )
                counts.created += 1
            elif all(getattr(entry, k) == v for k, v in values.items()):
                counts.unchanged += 1
            else:
                for k, v in values.items():
                    setattr(entry, k, v)
                entry.save()
                counts.updated += 1
        if existing:  # no longer on the published list
            ShortageEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
            counts.updated += len(existing)
        progress(done, len(lists))
    return counts
