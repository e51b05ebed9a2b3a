"""Importers of records other than observations: permit categories, classifications, lists.

A `RecordImporter` reads every record of the file (`records`), checks each one against its
rules and the records before it (`prepare`), then the rules that need the whole file
(`check_all`), and writes the accepted records in one transaction (`write`), rolled back for
a dry run. Without skip-invalid, one invalid record stops the file: every problem is listed
and nothing is written. With it, invalid records are rejected, counted and listed in the
job's error report (the same `ErrorLog` as the observation importers), and the others are
written: created + updated + unchanged + rejected = the records read.
"""

import time
from abc import abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from django.db import transaction

from imdi_portal.stats.importing.base import Counts, ImportContext, Importer
from imdi_portal.stats.importing.errors import ImportFailed, RowError
from imdi_portal.stats.importing.observations import PROGRESS_SECONDS
from imdi_portal.stats.importing.report import ErrorLog

ERRORS_SHOWN = 10
INVALID = (
    "{invalid} of the file's {total} records failed validation, nothing was imported: "
    "{shown}. Skip invalid records to load the valid ones and get an error report."
)


class RecordImporter(Importer):
    """Base for sources whose records are rows of their own tables, not observations.

    Subclasses implement `records`, `prepare` and `write`; `begin` and `check_all` when they
    need state across records or rules over the whole file.
    """

    # How errors name a record: "line 3, code: ..." or, for JSON lists, "record 3, ...".
    unit: ClassVar[str] = "line"
    # The failure of a file without any record; "" accepts an empty file.
    empty: ClassVar[str] = ""

    @abstractmethod
    def records(self, path: Path, kind: str, context: ImportContext) -> Iterable[tuple[int, Any]]:
        """Yield (line, raw record); raise ImportFailed for faults of the file as a whole
        (layout, header). Lines are unique: errors name records by them."""

    def begin(self, context: ImportContext) -> Any:
        """What `prepare` keeps from one record to the next (lookups, keys seen): a dict."""
        return {}

    @abstractmethod
    def prepare(self, line: int, raw: Any, state: Any) -> Any:
        """Check one record; return what `write` needs (never a list), or its problems as a
        RowError or a list of them. Writes nothing."""

    def check_all(self, prepared: dict[int, Any], context: ImportContext) -> list[RowError]:
        """Rules over the whole file, given the records `prepare` accepted by line; each error
        rejects the record on its line."""
        return []

    @abstractmethod
    def write(self, prepared: list[Any], context: ImportContext, job_id: int) -> Counts:
        """Write the accepted records, in file order, inside the import's transaction."""

    def load(self, path: Path, kind: str, context: ImportContext, job_id: int) -> Counts:
        log = ErrorLog(context.name)
        try:
            records = list(self.records(path, kind, context))
            if not records and self.empty:
                raise ImportFailed(self.empty, file=context.name)
            prepared, rejected = self._check(records, context, log)
            if rejected and not context.skip_invalid:
                raise ImportFailed(
                    self._invalid(log, len(rejected), len(records)), file=context.name
                )
            with transaction.atomic():
                counts = self.write(list(prepared.values()), context, job_id)
                if context.dry_run:
                    transaction.set_rollback(True)
            counts.rejected = len(rejected)
            return counts
        finally:
            log.attach_to(job_id)

    def _check(
        self, records: list[tuple[int, Any]], context: ImportContext, log: ErrorLog
    ) -> tuple[dict[int, Any], set[int]]:
        """The accepted records by line, and the lines of the rejected ones (logged)."""
        state = self.begin(context)
        prepared: dict[int, Any] = {}
        problems: dict[int, list[RowError]] = {}
        progress = _Progress(context.progress, len(records))
        for done, (line, raw) in enumerate(records, start=1):
            result = self.prepare(line, raw, state)
            if isinstance(result, RowError):
                problems[line] = [result]
            elif isinstance(result, list):
                problems[line] = result
            else:
                prepared[line] = result
            progress(done)
        for error in self.check_all(prepared, context):
            prepared.pop(error.line, None)
            problems.setdefault(error.line, []).append(error)
        progress.finish()
        for line in sorted(problems):
            for error in problems[line]:
                log.add(error)
        return prepared, set(problems)

    def _invalid(self, log: ErrorLog, invalid: int, total: int) -> str:
        shown = "; ".join(self._describe(error) for error in log.first[:ERRORS_SHOWN])
        if log.count > ERRORS_SHOWN:
            shown += f"; and {log.count - ERRORS_SHOWN} more problem(s)"
        return INVALID.format(invalid=invalid, total=total, shown=shown)

    def _describe(self, error: dict) -> str:
        where = f"{self.unit} {error['line']}"
        if error["column"]:
            where += f", {error['column']}"
        value = f" ({error['value']!r})" if error["value"] else ""
        return f"{where}: {error['message']}{value}"


class _Progress:
    """Reports (done, total) at most every PROGRESS_SECONDS: each report is a commit."""

    def __init__(self, report: Callable[[int, int], None], total: int) -> None:
        self.report, self.total = report, total
        self.last = time.perf_counter()

    def __call__(self, done: int) -> None:
        if time.perf_counter() - self.last >= PROGRESS_SECONDS:
            self.report(done, self.total)
            self.last = time.perf_counter()

    def finish(self) -> None:
        self.report(self.total, self.total)
