"""Services of the core app: every write of imports and derived indicators happens here."""

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imdi_portal.core.cache import statistics_changed
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.roles import Role, is_secretariat, members_of
from imdi_portal.stats.importing import observations, registry
from imdi_portal.stats.importing.base import ImportContext
from imdi_portal.stats.importing.errors import ImportFailed
from imdi_portal.stats.importing.files import reading_watched, sniff_kind
from imdi_portal.stats.importing.observations import (
    ReviewNeeded,
    context_from_data,
    discard_staged,
    import_timeouts,
    merge_staged,
    review_line,
    staged_count,
)
from imdi_portal.stats.indicators import REGISTRY as DERIVED
from imdi_portal.stats.indicators import SOURCE as DERIVED_SOURCE
from imdi_portal.stats.indicators import TABLES as DERIVED_TABLES
from imdi_portal.stats.indicators import in_dependency_order, recompute_sql
from imdi_portal.stats.models import ImportJob, Indicator, Observation, ObservationStaging
from imdi_portal.stats.projections import projections_recompute

logger = logging.getLogger(__name__)

Status = ImportJob.Status
# What `--sex` may say of a file's values: both sexes, males, females (Observation.sex).
SEXES = ("T", "M", "F")


def _sha256(fh: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    fh.seek(0)
    return digest.hexdigest(), size


def import_job_create(
    *,
    source: str,
    user: Any = None,
    upload: Any = None,
    path: Path | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    country: str = "",
    sex: str = "",
    accept_revisions: bool = False,
    year: str = "",
) -> ImportJob:
    """Record a queued import of an uploaded file (stored in MEDIA_ROOT) or of a local path.

    Checks what can be checked at once (known source, size) so that a bad request writes
    nothing; the file's content is checked by the run.
    """
    importer = registry.get(source)
    sex = sex.upper()
    if sex and sex not in SEXES:
        raise DomainError(f"sex must be one of {', '.join(SEXES)} (both sexes, males, females)")
    year = str(year or "").strip()
    if year and not (len(year) == 4 and year.isascii() and year.isdigit()):
        raise DomainError(f"year must be a year such as 2017, not {year!r}")
    options = {
        "skip_invalid": skip_invalid,
        "dry_run": dry_run,
        "country": country.upper(),
        "sex": sex,
        "accept_revisions": accept_revisions,
    }
    if year:  # only when given (#21), so the options of other jobs keep their shape
        options["year"] = year
    if upload is not None:
        size = upload.size
        if size > settings.IMPORT_MAX_BYTES:
            raise ImportFailed(
                f"the file is {size / 1e6:.1f} MB, over the size limit of "
                f"{settings.IMPORT_MAX_BYTES / 1e6:.0f} MB",
                file=upload.name,
            )
        digest, size = _sha256(upload)
        _make_way(importer.source, digest, options)
        job = ImportJob(
            source=importer.source,
            original_name=Path(upload.name).name,
            size=size,
            sha256=digest,
            options=options,
            created_by=user,
        )
        job.file.save(Path(upload.name).name, File(upload), save=False)
        job.save()
        return job
    if path is None:
        raise DomainError("an import needs an uploaded file or a path")
    path = Path(path)
    if not path.is_file():
        raise ImportFailed("no such file", file=str(path))
    with path.open("rb") as fh:
        digest, size = _sha256(fh)
    _make_way(importer.source, digest, options)
    return ImportJob.objects.create(
        source=importer.source,
        file_path=str(path.resolve()),
        original_name=path.name,
        size=size,
        sha256=digest,
        options=options,
        created_by=user,
    )


def _awaiting_review(source: str) -> ImportJob | None:
    return ImportJob.objects.filter(source=source, status=Status.AWAITING_REVIEW).first()


def _refuse_while_awaiting_review(source: str) -> None:
    """One decision at a time per source: a later file merged before an earlier one still
    awaiting review would then be overwritten by it (or its revisions lost when it is
    discarded). Dry runs write nothing and are always allowed."""
    pending = _awaiting_review(source)
    if pending is not None:
        raise DomainError(
            _(
                "import job #%(id)s (%(name)s) of the source %(source)s awaits review: apply "
                "or discard it (in the admin, or POST /api/v1/imports/%(id)s/apply/ or "
                "/discard/) before importing another file of this source."
            )
            % {"id": pending.pk, "name": pending.original_name, "source": source}
        )


def _make_way(source: str, digest: str, options: dict[str, Any]) -> None:
    """A new import of a source with a job awaiting review: the same file again with
    revisions accepted replaces that job (the command line's "re-run with
    --accept-revisions"); any other file is refused."""
    if options["dry_run"]:
        return
    pending = _awaiting_review(source)
    if pending is not None and pending.sha256 == digest and options["accept_revisions"]:
        with transaction.atomic():
            if ImportJob.objects.filter(pk=pending.pk, status=Status.AWAITING_REVIEW).update(
                status=Status.DISCARDED,
                finished_at=timezone.now(),
                error="replaced by a new import of the same file with revisions accepted",
            ):
                discard_staged(pending.pk)
        return
    _refuse_while_awaiting_review(source)


def import_job_submit(*, source: str, upload: Any, user: Any, **options: Any) -> ImportJob:
    """An uploaded file (admin or API): record the job and queue it; returns the job as it
    stands after queueing (failed with a message if the task queue is unreachable)."""
    job = import_job_create(source=source, upload=upload, user=user, **options)
    import_job_enqueue(job=job)
    job.refresh_from_db()
    return job


def import_job_enqueue(*, job: ImportJob) -> None:
    """Run the job on a worker once the current transaction has committed.

    If the broker (Redis) is down the job is failed at once with a message saying so, rather
    than left queued with nobody to run it; the caller shows job.error.
    """
    from imdi_portal.core.tasks import enqueue
    from imdi_portal.stats.tasks import import_job_run_task

    def unreachable(exc: Exception) -> None:
        ImportJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error="the task queue is unreachable, so the import could not start; nothing was "
            "written. Try again in a few minutes.",
        )

    enqueue(import_job_run_task, job.pk, on_unreachable=unreachable)


# How often an import waiting for its source's lock looks again (seconds).
LEASE_POLL_SECONDS = 2.0
LOST_LEASE = (
    "this import lost its source's lock: it sent no heartbeat for more than "
    "%(timeout)s seconds and another import of the source took over; nothing from the file "
    "was written by it. Upload it again to retry."
)
TAKEN_OVER = " Its last heartbeat was at %(at)s UTC."
STOPPED = (
    "the worker running this import stopped: its last heartbeat was at %(at)s UTC, more "
    "than %(timeout)s seconds ago; nothing from the file was written. Upload it again to "
    "retry."
)
# SQLSTATEs of PostgreSQL's lock_timeout and statement_timeout (import_timeouts).
TIMED_OUT = {"55P03": "waited too long for a lock", "57014": "a statement ran too long"}


def _serialise_claims(source: str) -> None:
    """On PostgreSQL, claims (and decisions on reviews) of one source take turns: a
    transaction-scoped advisory lock, released at the commit, so it is never held longer
    than one short transaction. SQLite serialises writers by itself."""
    if connection.vendor == "postgresql":
        key = int(hashlib.sha256(f"imdi-import:{source}".encode()).hexdigest()[:15], 16)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _lease_cutoff() -> Any:
    return timezone.now() - timedelta(seconds=settings.IMPORT_LOCK_TIMEOUT)


def _try_claim(job_id: int, source: str) -> bool | None:
    """queued -> running if no other import of the source holds its lock. The lock is a
    lease held by the running job and renewed by its heartbeat (`_renew`): a running job
    silent for IMPORT_LOCK_TIMEOUT seconds is failed and the lease passes on. True if
    claimed; False if the job is not queued (a duplicate delivery of the task finds nothing
    to claim); None while the source is busy."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            import_timeouts(cursor)
        _serialise_claims(source)
        if not ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).exists():
            return False
        holders = ImportJob.objects.filter(source=source, status=Status.RUNNING).exclude(pk=job_id)
        if holders.filter(heartbeat_at__gte=_lease_cutoff()).exists():
            return None
        for stale, heartbeat in holders.values_list("pk", "heartbeat_at"):
            logger.warning(
                "import job %s: lease of %s taken over from job %s", job_id, source, stale
            )
            last = TAKEN_OVER % {"at": f"{heartbeat:%Y-%m-%d %H:%M:%S}"} if heartbeat else ""
            ImportJob.objects.filter(pk=stale, status=Status.RUNNING).update(
                status=Status.FAILED,
                finished_at=timezone.now(),
                error=LOST_LEASE % {"timeout": settings.IMPORT_LOCK_TIMEOUT} + last,
            )
            ObservationStaging.objects.filter(job_id=stale).delete()
        now = timezone.now()
        return bool(
            ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
                status=Status.RUNNING, started_at=now, heartbeat_at=now, attempts=1
            )
        )


def _claim(job_id: int, source: str) -> bool:
    """Claim the job once its source is free (waiting while another import of it runs)."""
    waiting = False
    while (claimed := _try_claim_or_wait(job_id, source)) is None:
        if not waiting:  # once, so that a waiting worker is not taken for a stuck one
            logger.info("import job %s waits for the running import of %s", job_id, source)
            waiting = True
        time.sleep(LEASE_POLL_SECONDS)
    return claimed


def _try_claim_or_wait(job_id: int, source: str) -> bool | None:
    """A claim that timed out waiting for the advisory lock (its holder an orphaned backend)
    is tried again, like a busy source."""
    try:
        return _try_claim(job_id, source)
    except OperationalError as exc:
        if _timed_out(exc) is None:
            raise
        logger.warning("import job %s: claim of %s timed out, trying again", job_id, source)
        return None


def _timed_out(exc: BaseException) -> str | None:
    """What PostgreSQL's lock or statement timeout says, if `exc` is one."""
    cause = exc.__cause__
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return TIMED_OUT.get(str(code))


class _Heartbeat:
    """Renews the job's lease every IMPORT_HEARTBEAT_SECONDS from a thread with its own
    database connection, while the import runs: the merge is one long transaction, and
    progress saved inside it would not be seen before its commit, so without this a live
    import of ten million values would look dead for minutes. A job no longer running (taken
    over, finished) stops the beat; `_renew` then stops the import at its next progress."""

    def __init__(self, job_id: int) -> None:
        self.job_id, self.stopped = job_id, threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"import-{job_id}", daemon=True)

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        # Not joined: a beat blocked on the job's row must not hold up the import's end;
        # its update finds the job no longer running and changes nothing.
        self.stopped.set()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(settings.IMPORT_HEARTBEAT_SECONDS):
                if not _beat(self.job_id):
                    return
        except Exception:  # the import goes on; the stale sweep will judge it
            logger.exception("import job %s: heartbeat failed", self.job_id)
        finally:
            connections.close_all()  # this thread's connection only


def _beat(job_id: int) -> bool:
    return bool(
        ImportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
            heartbeat_at=timezone.now()
        )
    )


def _renew(job_id: int, **fields: Any) -> None:
    """The heartbeat: renews the job's lease, with its progress; an import whose lease was
    taken over stops here, before it writes anything."""
    if not ImportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        heartbeat_at=timezone.now(), **fields
    ):
        raise ImportFailed(LOST_LEASE % {"timeout": settings.IMPORT_LOCK_TIMEOUT})


class _ReadWatch:
    """Heartbeat and progress while the file is read (files.reading_watched), at most every
    PROGRESS_SECONDS, so that a long read of rows the importer skips is not taken for a dead
    worker and keeps its lease."""

    def __init__(self, job_id: int) -> None:
        self.job_id, self.last = job_id, time.perf_counter()

    def __call__(self, number: int) -> None:
        if time.perf_counter() - self.last >= observations.PROGRESS_SECONDS:
            _renew(self.job_id, rows_processed=number)
            self.last = time.perf_counter()


def import_job_run(
    *, job_id: int, on_progress: Callable[[int, int], None] | None = None
) -> ImportJob:
    """Validate and load the job's file: everything or nothing, then queue recomputation.

    `on_progress(done, total)` is called besides the progress saved on the job (the command
    line uses it for its progress bar).
    """
    job = ImportJob.objects.get(pk=job_id)
    if not _claim(job_id, job.source):
        logger.info("import job %s is not queued; nothing to do", job_id)
        return ImportJob.objects.get(pk=job_id)
    importer = registry.get(job.source)
    path = Path(job.file.path) if job.file else Path(job.file_path)

    def progress(done: int, total: int) -> None:
        _renew(job_id, rows_processed=done, rows_total=total)
        if on_progress is not None:
            on_progress(done, total)

    context = ImportContext(
        name=job.original_name,
        skip_invalid=job.options.get("skip_invalid", False),
        dry_run=job.options.get("dry_run", False),
        country=job.options.get("country", ""),
        sex=job.options.get("sex", ""),
        accept_revisions=job.options.get("accept_revisions", False),
        year=job.options.get("year", ""),
        progress=progress,
    )
    try:
        if not path.is_file():
            raise ImportFailed("the file is no longer there", file=job.original_name)
        kind = sniff_kind(path, job.original_name)
        if kind not in importer.kinds:
            raise ImportFailed(
                f"this file is {kind.upper()}; the {importer.source} source expects "
                f"{' or '.join(k.upper() for k in importer.kinds)}",
                file=job.original_name,
            )
        if not context.dry_run:
            # Queued before another job of the source stopped for review.
            _refuse_while_awaiting_review(job.source)
        with reading_watched(_ReadWatch(job_id)), _Heartbeat(job_id):
            counts = importer.load(path, kind, context, job_id)
    except ReviewNeeded as exc:
        return _await_review(job_id, exc)
    except Exception as exc:  # every fault ends the job with a message naming the file
        return _finish(job_id, Status.FAILED, error=_failure(job_id, job.original_name, exc))
    job = _finish(
        job_id,
        Status.SUCCEEDED,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=counts.rejected,
        skipped=counts.skipped,
        skipped_reasons=counts.skipped_reasons,
    )
    if not context.dry_run and (counts.created or counts.updated):
        statistics_changed()
        _queue_recompute(counts.indicator_codes)
    return job


def _failure(job_id: int, name: str, exc: Exception) -> str:
    """The job's error message for what stopped it."""
    if isinstance(exc, ImportFailed | DomainError):
        return str(exc)
    if isinstance(exc, MemoryError | RecursionError):
        # The readers bound what a file may hold; this is the backstop for a shape they do
        # not know yet, so that the message still names the file and the cause.
        logger.exception("import job %s ran out of memory or stack", job_id)
        return _too_big(name, exc)
    if isinstance(exc, OperationalError) and (what := _timed_out(exc)):
        return str(
            ImportFailed(
                f"the database {what} (over IMPORT_DB_LOCK_TIMEOUT or "
                "IMPORT_DB_STATEMENT_TIMEOUT): another import, or the orphan of a stopped "
                "one, held the store; nothing was written. Try again in a minute.",
                file=name,
            )
        )
    logger.exception("import job %s crashed", job_id)
    return f"internal error: {exc.__class__.__name__}"


def _too_big(name: str, exc: BaseException) -> str:
    what = "memory" if isinstance(exc, MemoryError) else "nesting depth (stack)"
    return str(
        ImportFailed(
            f"reading the file needed more {what} than an import may use "
            f"({exc.__class__.__name__}): a damaged file, or one built to exhaust the "
            "server; nothing was written",
            file=name,
        )
    )


def _await_review(job_id: int, exc: ReviewNeeded) -> ImportJob:
    """Nothing was written; the counts say what the import would do."""
    counts = exc.counts
    ImportJob.objects.filter(pk=job_id).update(
        status=Status.AWAITING_REVIEW,
        heartbeat_at=timezone.now(),
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=counts.rejected,
        skipped=counts.skipped,
        skipped_reasons=counts.skipped_reasons,
        review=exc.review,
    )
    logger.info("import job %s awaits review: %s", job_id, exc)
    job = ImportJob.objects.get(pk=job_id)
    _tell_reviewers(job)
    return job


def _tell_reviewers(job: ImportJob) -> None:
    """The Secretariat hears at once that published figures wait for its decision."""
    from django.urls import reverse

    from imdi_portal.core.notifications import notify

    subject = _("Import #%(id)s of %(file)s awaits your review") % {
        "id": job.pk,
        "file": job.original_name,
    }
    body = _(
        "Nothing has been written yet. %(summary)s Apply the revisions or discard the import "
        "on its page."
    ) % {"summary": review_line(job.review)}
    url = reverse("admin:stats_importjob_progress", args=[job.pk])
    notify(members_of(Role.SECRETARIAT), subject, body, url, about=job)


def import_job_review_line(job: ImportJob) -> str:
    """What a job awaiting review would change, in one sentence (command line, messages)."""
    return review_line(job.review)


def _check_reviewer(user: Any) -> None:
    if not (
        user is not None
        and user.is_authenticated
        and (is_secretariat(user) or user.has_perm("stats.run_import"))
    ):
        raise DomainError(
            _("Only the Secretariat (or staff who may run imports) decides on revisions.")
        )


def _lock_for_review(job: ImportJob) -> ImportJob:
    """The job's row, locked, if it still awaits review: of two decisions taken at once, the
    second finds it decided."""
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != Status.AWAITING_REVIEW:
        raise DomainError(
            _("import job #%(id)s is not awaiting review (it is %(status)s).")
            % {"id": locked.pk, "status": locked.get_status_display()}
        )
    return locked


def import_job_apply_revisions(*, job: ImportJob, user: Any) -> ImportJob:
    """Merge the kept rows of a job awaiting review, revisions accepted.

    The job ends succeeded with the counts of the merge and who decided; caches and
    recomputation follow as after any import. The merge and the job's new status commit
    together, so a crash leaves the job awaiting review.
    """
    _check_reviewer(user)
    with transaction.atomic():
        _serialise_claims(job.source)
        locked = _lock_for_review(job)
        expected = locked.review.get("staged")
        if staged_count(locked.pk) != expected:
            # PostgreSQL empties UNLOGGED tables after a crash: staging may be gone.
            raise DomainError(
                _(
                    "the staged values of import job #%(id)s are no longer complete (the "
                    "database was restarted?); discard it and import the file again."
                )
                % {"id": locked.pk}
            )
        context = context_from_data(locked.review.get("context", {}))
        counts = merge_staged(locked.pk, context)
        now = timezone.now()
        ImportJob.objects.filter(pk=locked.pk).update(
            status=Status.SUCCEEDED,
            finished_at=now,
            heartbeat_at=now,
            reviewed_by=user,
            reviewed_at=now,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
        )
        if counts.created or counts.updated:
            transaction.on_commit(statistics_changed)
            _queue_recompute(counts.indicator_codes)
    return ImportJob.objects.get(pk=job.pk)


def import_job_discard(*, job: ImportJob, user: Any) -> ImportJob:
    """Drop a job awaiting review: its kept rows are deleted, nothing reaches the store."""
    _check_reviewer(user)
    with transaction.atomic():
        locked = _lock_for_review(job)
        discard_staged(locked.pk)
        now = timezone.now()
        ImportJob.objects.filter(pk=locked.pk).update(
            status=Status.DISCARDED, finished_at=now, reviewed_by=user, reviewed_at=now
        )
    return ImportJob.objects.get(pk=job.pk)


def _finish(job_id: int, status: str, **fields: Any) -> ImportJob:
    ImportJob.objects.filter(pk=job_id).update(
        status=status, finished_at=timezone.now(), heartbeat_at=timezone.now(), **fields
    )
    return ImportJob.objects.get(pk=job_id)


def _queue_recompute(codes: set[str]) -> None:
    from imdi_portal.core.tasks import enqueue
    from imdi_portal.stats.indicators import affected_by
    from imdi_portal.stats.tasks import recompute_indicators_task, recompute_projections_task

    derived = affected_by(codes)
    if derived:
        enqueue(recompute_indicators_task, only=sorted(derived))
    if codes:
        enqueue(recompute_projections_task, only=sorted(codes))


def import_job_fail_stale(*, older_than: timedelta | None = None) -> int:
    """Mark running jobs whose worker stopped sending heartbeats as failed.

    Their data was never committed (the merge is one transaction), so only staging rows are
    left behind; they are deleted here. Jobs awaiting review are not running: their staged
    rows are kept, however old, until someone applies or discards them.
    """
    if older_than is None:
        older_than = timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS)
    cutoff = timezone.now() - older_than
    stale = list(
        ImportJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", "heartbeat_at"
        )
    )
    for job_id, heartbeat in stale:
        with transaction.atomic():
            changed = ImportJob.objects.filter(
                pk=job_id, status=Status.RUNNING, heartbeat_at=heartbeat
            ).update(
                status=Status.FAILED,
                finished_at=timezone.now(),
                error=STOPPED
                % {
                    "at": f"{heartbeat:%Y-%m-%d %H:%M:%S}",
                    "timeout": int(older_than.total_seconds()),
                },
            )
            if changed:
                ObservationStaging.objects.filter(job_id=job_id).delete()
    return len(stale)


def indicators_recompute(*, only: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild derived indicators (all, or those named); returns rows per indicator."""
    known = {*DERIVED, *DERIVED_TABLES}
    wanted = sorted(known) if only is None else list(only)
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise DomainError(
            f"unknown derived indicator(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    from imdi_portal.stats import catalogue

    result = {}
    with transaction.atomic():
        for code in in_dependency_order(wanted):
            if code in DERIVED_TABLES:
                result[code] = DERIVED_TABLES[code].run()
                continue
            definition = DERIVED[code]
            indicator, _ = Indicator.objects.update_or_create(
                code=code,
                defaults={
                    "name_en": definition.name_en,
                    "name_fr": definition.name_fr,
                    "name_es": definition.name_es,
                    "unit": definition.unit,
                    "source": DERIVED_SOURCE,
                    "description": definition.description,
                    "is_derived": True,
                    # A computed series' release is the day it was computed from its inputs
                    # (each input's own release is on its page).
                    "vintage": f"computed {timezone.localdate():%Y-%m-%d}",
                },
            )
            # The registry names the indicator; the catalogue adds its kind, definitions,
            # licence and address where they are still empty.
            filled = catalogue.fill(indicator)
            if filled:
                indicator.save(update_fields=sorted(set(filled)))
            Observation.objects.filter(indicator=indicator).delete()
            sql, params = recompute_sql(definition)
            with connection.cursor() as cursor:
                cursor.execute(sql, [indicator.pk, *params])
                result[code] = cursor.rowcount
        # A derived series that changed has new projections too.
        projections_recompute(only=[code for code in wanted if code in DERIVED])
        statistics_changed()
    return result
