"""What an importer is, and the checks every observation goes through."""

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from django.utils import timezone

from imdi_portal.stats.importing.errors import RowError

# The one grammar of a number in a data file, for every importer: an optional sign, ASCII
# digits with at most one decimal point, an optional exponent. Not Python's: float() and
# Decimal() also take "1_000", "nan", "inf" and digits of any script (Arabic-Indic,
# fullwidth), which no statistical office writes and which mean a damaged or misread file.
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
# Why a declared missing-value marker ("N/A", "..") is left out (Counts.skip).
MISSING_MARKER = "missing value marker"
PERIOD_RE = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$", re.ASCII)
CODE_RE = re.compile(r"^[A-Za-z0-9_.+\-]{1,60}$")
FIRST_YEAR = 1900


@dataclass(slots=True)
class ObservationRecord:
    """One value read from a file, still as codes."""

    line: int
    column: str
    indicator_code: str
    area_code: str
    period: str
    value: float
    counterpart_code: str = ""
    sex: str = "T"
    age: str = ""
    classification: str = ""
    status: str = ""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # Values of the file deliberately left out (aggregates, notes...), by reason: never 0
    # silently, so that the counts add up to the file.
    skipped: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    indicator_codes: set[str] = field(default_factory=set)  # what derived indicators use

    def add(self, outcome: str) -> None:
        """Count one record as "created", "updated" or "unchanged"."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def skip(self, reason: str, n: int = 1) -> None:
        """Count `n` values left out for `reason` (a short phrase: "regional aggregate")."""
        self.skipped += n
        self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + n


@dataclass
class ImportContext:
    """What an importer may use while it runs (no request, no job object)."""

    name: str
    skip_invalid: bool = False
    dry_run: bool = False
    country: str = ""  # ISO3: only rows of this country are imported
    # The sex of the values when the layout cannot tell ("T", "M", "F"; "" = not given).
    sex: str = ""
    # The year of the values when the file does not say it (a KNOMAD matrix without title).
    year: str = ""
    # Apply an import that revises many published values without stopping for review.
    accept_revisions: bool = False
    # Set when the rows merged are those of a job whose revisions were reviewed and applied.
    revisions_decided: bool = False
    progress: Callable[[int, int], None] = lambda done, total: None
    # Filled by the importer from the file: indicator code -> English name, source, vintage.
    indicator_names: dict[str, str] = field(default_factory=dict)
    # What the file says of each indicator (code -> Indicator field values: definition_en,
    # unit, source_url...); the curated catalogue fills what the file lacks.
    indicator_metadata: dict[str, dict[str, str]] = field(default_factory=dict)
    source_label: str = ""
    licence: str = ""
    vintage: str = ""


class Importer(ABC):
    """One source layout. Subclasses set `source` and implement `load`."""

    source: ClassVar[str]
    label: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]] = ("csv",)
    help: ClassVar[str] = ""
    # The format's missing-value markers besides an empty cell, lower case without spaces
    # ("n/a"), compared by `is_marker`; what they mark is left out as MISSING_MARKER.
    missing_markers: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def load(self, path: Path, kind: str, context: ImportContext, job_id: int) -> Counts:
        """Validate the whole file, then write it in one transaction; return the counts."""


def number_text(raw: str, thousands: str = "") -> str | None:
    """The text of a number by NUMBER_RE (surrounding spaces removed), or None. A format
    that declares a thousands separator passes it: "1,234.5" then reads as 1234.5, but
    only in groups of three digits after the first ("12,34" stays not a number)."""
    text = raw.strip()
    if thousands and thousands in text:
        head, _point, _tail = text.partition(".")
        groups = head.lstrip("+-").split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        text = text.replace(thousands, "")
    return text if NUMBER_RE.fullmatch(text) else None


def parse_value(raw: str, line: int, column: str, thousands: str = "") -> float | RowError:
    """The number of a cell by the one grammar (NUMBER_RE), or why it is not one."""
    text = number_text(raw, thousands)
    if text is None:
        infinite = raw.strip().lstrip("+-").lower() in ("nan", "inf", "infinity")
        return RowError(line, column, raw, "not a finite number" if infinite else "not a number")
    value = float(text)
    if not math.isfinite(value):  # 1e999
        return RowError(line, column, raw, "not a finite number")
    return value


def is_marker(raw: str, markers: frozenset[str]) -> bool:
    """Whether a cell is one of a format's declared markers, compared without case, spaces
    or footnote stars ("N/A*", "n/a", "N/ A")."""
    return "".join(raw.replace("*", "").split()).casefold() in markers


def check_period(period: str, line: int, column: str) -> tuple[str, int] | RowError:
    match = PERIOD_RE.match(period)
    if not match:
        return RowError(line, column, period, "expected a period such as 2019, 2019-Q1 or 2019-03")
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= timezone.now().year + 1:
        return RowError(
            line,
            column,
            period,
            f"impossible period: observed data must lie between {FIRST_YEAR} and next year",
        )
    return period, year


def check_code(code: str, line: int, column: str, what: str) -> str | RowError:
    if not CODE_RE.match(code):
        return RowError(line, column, code, f"not a valid {what}")
    return code
