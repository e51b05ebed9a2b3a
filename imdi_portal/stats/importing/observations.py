"""Loading observations: stream into staging, check with SQL, merge in one transaction.

PostgreSQL: every batch goes into the UNLOGGED staging table with COPY; SQLite: batched
INSERTs. Staging rows carry the job id, so concurrent jobs never mix; they are deleted when
the job ends, whatever the outcome. Checks that need the whole file (duplicate keys) run as
SQL on staging. The merge is set-based statements inside one transaction: revisions of the
values that change, an UPDATE of those values (never by an older vintage), then an INSERT of
the new keys. Nothing is computed row by row in Python
except parsing.
"""

import csv
import io
import logging
import time
from abc import abstractmethod
from collections.abc import Iterator
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from imdi_portal.core.models import Country
from imdi_portal.stats.importing.base import Counts, ImportContext, Importer, ObservationRecord
from imdi_portal.stats.importing.errors import ImportFailed, RowError
from imdi_portal.stats.importing.files import count_lines
from imdi_portal.stats.importing.report import ErrorLog
from imdi_portal.stats.models import (
    Indicator,
    Observation,
    ObservationRevision,
    ObservationStaging,
    StatisticalArea,
)

logger = logging.getLogger(__name__)

BATCH = 20_000
# After this many new or changed values, refresh PostgreSQL's statistics of the fact table at
# once rather than waiting for autovacuum: plans made on stale counts scan whole indicators.
ANALYZE_AFTER = 50_000
PROGRESS_EVERY = 5_000
# Progress is saved at most this often (seconds): each save is a commit, and 200 of them
# cost a million-row file half a second; the progress page and bar don't need more.
PROGRESS_SECONDS = 0.5

OBS = Observation._meta.db_table
STAGE = ObservationStaging._meta.db_table
REV = ObservationRevision._meta.db_table
IND = Indicator._meta.db_table

KEY = ("area_code", "counterpart_code", "period", "sex", "age", "classification")
STAGE_COLUMNS = (
    "job_id",
    "line",
    "indicator_code",
    "area_code",
    "country_id",
    "area_id",
    "counterpart_code",
    "counterpart_id",
    "period",
    "year",
    "sex",
    "age",
    "classification",
    "value",
    "status",
)


class _DryRun(Exception):
    pass


class ObservationImporter(Importer):
    """Base for sources that yield observations; subclasses implement `records`."""

    @abstractmethod
    def records(self, path: Path, kind: str, context: ImportContext):
        """Yield ObservationRecord or RowError; raise ImportFailed for structural faults."""

    def rows_total(self, path: Path, kind: str) -> int:
        return count_lines(path) if kind == "csv" else 0

    def load(self, path: Path, kind: str, context: ImportContext, job_id: int) -> Counts:
        resolver = _Resolver()
        errors = ErrorLog(context.name)
        writer = _StagingWriter(job_id)
        total = self.rows_total(path, kind)
        line = 0
        started = reported = time.perf_counter()
        try:
            for item in self.records(path, kind, context):
                line = item.line
                if isinstance(item, RowError):
                    errors.add(item)
                    continue
                resolved = resolver.resolve(item)
                if isinstance(resolved, RowError):
                    errors.add(resolved)
                    continue
                if context.country and item.area_code != context.country:
                    continue
                writer.add(resolved)
                if (
                    writer.rows_buffered % PROGRESS_EVERY == 0
                    and time.perf_counter() - reported >= PROGRESS_SECONDS
                ):
                    context.progress(line, max(total, line))
                    reported = time.perf_counter()
            writer.flush()
            writer.analyze()
            context.progress(max(total, line), max(total, line))
            staged = time.perf_counter()
            for error in writer.duplicates():
                errors.add(error)
            if errors.count and not context.skip_invalid:
                first = errors.first[0]
                raise ImportFailed(
                    f"{errors.count} value(s) failed validation, the first on line "
                    f"{first['line']}, column {first['column']}: {first['message']} "
                    f"({first['value']!r}). Nothing was imported; skip invalid rows to load "
                    "the valid ones and get an error report.",
                    file=context.name,
                )
            if errors.count:
                writer.drop_duplicates()
            if writer.rows == 0 and not errors.count:
                raise ImportFailed("the file has no data values to import", file=context.name)
            checked = time.perf_counter()
            counts = _merge(job_id, context)
            counts.rejected = errors.count
            if counts.created + counts.updated >= ANALYZE_AFTER and not context.dry_run:
                _analyze()
            _log_phases(job_id, writer.rows, started, staged, checked)
            return counts
        finally:
            errors.attach_to(job_id)
            writer.clear()


def _log_phases(job_id: int, rows: int, started: float, staged: float, checked: float) -> None:
    """Where an import's time went, for operators and bench/import_bench.py."""
    phases = {
        "read_and_staged": round(staged - started, 2),
        "checked": round(checked - staged, 2),
        "merged": round(time.perf_counter() - checked, 2),
    }
    logger.info(
        "import job %s: %s values read and staged in %.1f s, checked in %.1f s, merged in %.1f s",
        job_id,
        rows,
        *phases.values(),
        extra={"import_phases": phases},
    )


class _Resolver:
    """Codes -> ids for countries, other statistical areas and counterparts."""

    def __init__(self) -> None:
        self.countries = dict(Country.objects.values_list("iso3", "id"))
        self.areas = dict(StatisticalArea.objects.values_list("code", "id"))
        self._last: tuple[str, int | None, int | None] = ("", None, None)

    def _area(self, code: str) -> tuple[int | None, int | None]:
        if code != self._last[0]:  # files list many values of one area in a row
            country_id = self.countries.get(code)
            self._last = (code, country_id, None if country_id else self.areas.get(code))
        return self._last[1], self._last[2]

    def resolve(self, r: ObservationRecord) -> tuple | RowError:
        country_id, area_id = self._area(r.area_code)
        if country_id is None and area_id is None:
            return RowError(r.line, "area code", r.area_code, "unknown country or area code")
        counterpart_id = None
        if r.counterpart_code:
            counterpart_id = self.countries.get(r.counterpart_code)
            if counterpart_id is None:
                return RowError(
                    r.line, "counterpart code", r.counterpart_code, "unknown country code"
                )
        year = int(r.period[:4])
        return (
            r.line,
            r.indicator_code,
            r.area_code,
            country_id,
            area_id,
            r.counterpart_code,
            counterpart_id,
            r.period,
            year,
            r.sex,
            r.age,
            r.classification,
            r.value,
            r.status,
        )


class _StagingWriter:
    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.buffer: list[tuple] = []
        self.rows = 0
        self.rows_buffered = 0
        self.postgres = connection.vendor == "postgresql"
        self.clear()

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        self.rows_buffered += 1
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        # One transaction per batch: SQLite in autocommit would sync the disk once per row.
        with transaction.atomic(), connection.cursor() as cursor:
            if self.postgres:
                # Staging is UNLOGGED and thrown away: no need to wait for the WAL on commit.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                cursor.cursor.copy_expert(
                    f"COPY {STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN WITH (FORMAT csv, "
                    "DELIMITER E'\\t', NULL '', FORCE_NOT_NULL (counterpart_code, age, "
                    "classification, status))",
                    self._tsv(),
                )
            else:
                marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {STAGE} ({', '.join(STAGE_COLUMNS)}) VALUES ({marks})",
                    [(self.job_id, *row) for row in self.buffer],
                )
        self.rows += len(self.buffer)
        self.buffer.clear()

    def _tsv(self) -> io.StringIO:
        # csv's C writer; NULL is the empty field, except in the text columns where an empty
        # string is a value (FORCE_NOT_NULL in the COPY). Codes are [A-Za-z0-9_.+-] only, and
        # str() of a float is its shortest round-tripping form.
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        job = self.job_id
        writer.writerows((job, *row) for row in self.buffer)
        out.seek(0)
        return out

    def analyze(self) -> None:
        """Fresh statistics of staging before the checks and the merge join it. Otherwise the
        planner may take it for empty (a vacuum after the previous job's delete leaves it with
        pages but no rows counted) and join a million staged rows to the store by nested
        loops: an import of 13 seconds was still running after twelve minutes."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {STAGE}")

    def duplicates(self) -> Iterator[RowError]:
        keys = ", ".join(("indicator_code", *KEY))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {keys}, MIN(line), MAX(line), COUNT(*) FROM {STAGE} "
                f"WHERE job_id = %s GROUP BY {keys} HAVING COUNT(*) > 1 ORDER BY MIN(line)",
                [self.job_id],
            )
            for row in cursor.fetchall():
                indicator, area, _cp, period = row[0], row[1], row[2], row[3]
                first, last, count = row[-3], row[-2], row[-1]
                yield RowError(
                    last,
                    "key",
                    f"{indicator} {area} {period}",
                    f"duplicate: the same indicator, area and period appear {count} times "
                    f"(first on line {first})",
                )

    def drop_duplicates(self) -> None:
        """With --skip-invalid, keep the first occurrence of a duplicated key."""
        keys = ", ".join(("indicator_code", *KEY))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {STAGE} WHERE job_id = %s AND id NOT IN ("
                f"SELECT MIN(id) FROM {STAGE} WHERE job_id = %s GROUP BY {keys})",
                [self.job_id, self.job_id],
            )

    def clear(self) -> None:
        ObservationStaging.objects.filter(job_id=self.job_id).delete()


def _analyze() -> None:
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {OBS}")


def _join_on(a: str, b: str) -> str:
    return " AND ".join(f"{a}.{col} = {b}.{col}" for col in KEY)


# Rows of the file joined with the values they would replace.
_STAGED = (
    f"FROM {STAGE} s JOIN {IND} i ON i.code = s.indicator_code "
    f"LEFT JOIN {OBS} o ON o.indicator_id = i.id AND {_join_on('o', 's')} "
    f"WHERE s.job_id = %s"
)
# A value of a newer vintage (a later revision of the source) is never replaced by an older
# file's: importing the 2015 edition after the 2017 one changes nothing. Vintages of one source
# sort as text (dates, "Rev.2017"). Parameters: the file's vintage, twice.
_DIFFERS = (
    "(o.value <> s.value OR o.status <> s.status) "
    "AND (o.vintage <= %s OR %s = '' OR o.vintage = '')"
)


def _merge(job_id: int, context: ImportContext) -> Counts:
    """Write staged rows in one transaction: new indicators, revisions, upsert."""
    try:
        with transaction.atomic():
            codes = _create_indicators(job_id, context)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # The job is marked succeeded in a later, synchronously committed
                    # transaction; WAL is flushed in order, so once that status is durable
                    # these rows are too. Not waiting here saves seconds on large files.
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
                    # No other writer may add or change one of these keys between the count
                    # and the writes below (readers are not blocked).
                    cursor.execute(f"LOCK TABLE {OBS} IN SHARE ROW EXCLUSIVE MODE")
                counts = _count(cursor, job_id, context.vintage[:40])
                counts.indicator_codes = codes
                _write(cursor, job_id, context, counts)
            if context.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return counts


def _count(cursor, job_id: int, vintage: str) -> Counts:
    cursor.execute(
        "SELECT "
        "COALESCE(SUM(CASE WHEN o.id IS NULL THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN o.id IS NOT NULL AND {_DIFFERS} THEN 1 ELSE 0 END), 0), "
        f"COUNT(*) {_STAGED}",
        [vintage, vintage, job_id],
    )
    created, updated, total = cursor.fetchone()
    return Counts(created=created, updated=updated, unchanged=total - created - updated)


def _write(cursor, job_id: int, context: ImportContext, counts: Counts) -> None:
    """Keep the replaced values as revisions, update the changed ones, insert the new ones.
    Each statement joins the whole file with the table: the ones the counts show have
    nothing to do are skipped (a re-import changes nothing at all)."""
    now = timezone.now()
    vintage = context.vintage[:40]
    source = context.source_label[:60]
    if counts.updated:
        cursor.execute(
            f"INSERT INTO {REV} (observation_id, value, status, vintage, "
            f"replaced_by_job_id, replaced_at) "
            f"SELECT o.id, o.value, o.status, o.vintage, %s, %s {_STAGED} "
            f"AND o.id IS NOT NULL AND {_DIFFERS}",
            [job_id, now, job_id, vintage, vintage],
        )
        # Changed values first, then the new ones with a plain INSERT: cheaper than
        # INSERT ... ON CONFLICT (no speculative insertion per row, 6.3 s -> 3.8 s for 1M
        # rows here); the table lock taken before counting keeps other writers out.
        same_key = " AND ".join(f"{OBS}.{col} = s.{col}" for col in KEY)
        cursor.execute(
            f"UPDATE {OBS} SET value = s.value, status = s.status, source = %s, "
            "vintage = %s, import_job_id = %s, updated_at = %s "
            f"FROM {STAGE} s JOIN {IND} i ON i.code = s.indicator_code "
            f"WHERE s.job_id = %s AND {OBS}.indicator_id = i.id AND {same_key} "
            f"AND ({OBS}.value <> s.value OR {OBS}.status <> s.status) "
            f"AND ({OBS}.vintage <= %s OR %s = '' OR {OBS}.vintage = '')",
            [source, vintage, job_id, now, job_id, vintage, vintage],
        )
    if counts.created:
        columns = (
            "indicator_id, area_code, country_id, area_id, counterpart_code, "
            "counterpart_id, period, year, sex, age, classification, value, status, "
            "source, vintage, import_job_id, updated_at"
        )
        cursor.execute(
            f"INSERT INTO {OBS} ({columns}) "
            "SELECT i.id, s.area_code, s.country_id, s.area_id, s.counterpart_code, "
            "s.counterpart_id, s.period, s.year, s.sex, s.age, s.classification, "
            f"s.value, s.status, %s, %s, %s, %s {_STAGED} AND o.id IS NULL",
            [source, vintage, job_id, now, job_id],
        )


def _create_indicators(job_id: int, context: ImportContext) -> set[str]:
    """Create the file's new indicators and fill the empty fields of the known ones, from what
    the file says of them and the curated catalogue (imdi_portal.stats.catalogue)."""
    from imdi_portal.stats import catalogue

    codes = set(
        ObservationStaging.objects.filter(job_id=job_id)
        .values_list("indicator_code", flat=True)
        .distinct()
    )
    for indicator in Indicator.objects.filter(code__in=codes):
        from_file = {**context.indicator_metadata.get(indicator.code, {})}
        from_file.setdefault("vintage", context.vintage)
        changed = catalogue.fill(indicator, from_file=from_file)
        if changed:
            indicator.save(update_fields=sorted(set(changed)))
    known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in sorted(codes - known):
        from_file = {
            "name_en": context.indicator_names.get(code, ""),
            "licence": context.licence,
            "vintage": context.vintage,
            **context.indicator_metadata.get(code, {}),
        }
        # The importer's short label (WDI, ILOSTAT, UN DESA) is the source: apps filter on it.
        from_file["source"] = context.source_label or from_file.get("source", "")
        values = catalogue.metadata(code, from_file=from_file, defaults={"name_en": code})
        Indicator.objects.create(code=code, **values)
    return codes
