"""A dead import is found from its heartbeat within minutes; a live one keeps its lease;
an import's transactions are bounded on PostgreSQL; the merge analyses what it wrote."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from imdi_portal.stats import services
from imdi_portal.stats.importers import WdiImporter
from imdi_portal.stats.importing import observations
from imdi_portal.stats.importing.base import Counts
from imdi_portal.stats.models import ImportJob, Indicator, Observation
from imdi_portal.stats.services import import_job_create, import_job_fail_stale, import_job_run
from tests.stats.factories import ImportJobFactory
from tests.stats.wdi_files import write_wdi

pytestmark = pytest.mark.django_db


def _run(path):
    return import_job_run(job_id=import_job_create(source="wdi", path=path).pk)


def _small(tmp_path):
    return write_wdi(tmp_path / "small.csv", {"SEN": {"2017": "1"}, "MLI": {"2017": "2"}})


def test_a_dead_job_is_failed_two_minutes_after_its_last_heartbeat_and_named(tmp_path):
    assert django_settings.IMPORT_STALE_AFTER_SECONDS == 120
    last = (timezone.now() - timedelta(minutes=3)).replace(microsecond=0)
    dead = ImportJobFactory(source="wdi", status="running", heartbeat_at=last)
    alive = ImportJobFactory(source="rpw", status="running", heartbeat_at=timezone.now())
    assert import_job_fail_stale() == 1
    dead.refresh_from_db()
    assert dead.status == "failed"
    assert f"its last heartbeat was at {last:%Y-%m-%d %H:%M:%S} UTC" in dead.error
    assert "more than 120 seconds ago" in dead.error
    assert ImportJob.objects.get(pk=alive.pk).status == "running"
    job = _run(_small(tmp_path))  # the source is free at once
    assert (job.status, job.created) == ("succeeded", 2)


def test_a_job_silent_for_a_minute_is_still_running():
    job = ImportJobFactory(status="running", heartbeat_at=timezone.now() - timedelta(minutes=1))
    assert import_job_fail_stale() == 0
    assert ImportJob.objects.get(pk=job.pk).status == "running"


def test_the_sweep_runs_every_minute_once_beat_has_read_the_schedule():
    """Beat's DatabaseScheduler writes CELERY_BEAT_SCHEDULE over the row of migration 0008."""
    from django_celery_beat.schedulers import ModelEntry

    from imdi_portal.celery import app

    [(name, entry)] = [
        item
        for item in django_settings.CELERY_BEAT_SCHEDULE.items()
        if item[1]["task"] == "imdi_portal.fail_stale_imports"
    ]
    ModelEntry.from_entry(name, app=app, **entry)
    [sweep] = PeriodicTask.objects.filter(task="imdi_portal.fail_stale_imports")
    assert (sweep.interval.every, sweep.interval.period, sweep.queue) == (60, "seconds", "imports")
    assert sweep.interval.every <= django_settings.IMPORT_STALE_AFTER_SECONDS / 2


def test_the_heartbeat_renews_the_lease_through_a_long_silent_phase(
    tmp_path, settings, monkeypatch
):
    settings.IMPORT_HEARTBEAT_SECONDS = 0.05
    beats = []
    monkeypatch.setattr(services, "_beat", lambda job_id: beats.append(job_id) or True)

    def long_merge(self, path, kind, context, job_id):
        time.sleep(0.6)  # a merge in one transaction: no progress can be seen
        return Counts()

    monkeypatch.setattr(WdiImporter, "load", long_merge)
    job = _run(_small(tmp_path))
    assert job.status == "succeeded"
    assert len(beats) >= 4 and set(beats) == {job.pk}
    time.sleep(0.2)
    after = len(beats)
    time.sleep(0.2)
    assert len(beats) == after  # stopped with the import


def test_the_heartbeat_stops_when_the_job_is_no_longer_running(settings, monkeypatch):
    settings.IMPORT_HEARTBEAT_SECONDS = 0.01
    beats = []
    monkeypatch.setattr(services, "_beat", lambda job_id: beats.append(job_id) and False)
    with services._Heartbeat(1) as heartbeat:
        heartbeat.thread.join(timeout=2)
    assert not heartbeat.thread.is_alive() and beats == [1]


@pytest.mark.parametrize(("code", "what"), [("55P03", "lock"), ("57014", "statement ran")])
def test_a_database_timeout_fails_the_job_with_a_message(tmp_path, monkeypatch, code, what):
    def timed_out(*args, **kwargs):
        cause = Exception("canceling statement")
        cause.pgcode = code  # as psycopg2's errors carry it
        raise OperationalError("canceling statement") from cause

    monkeypatch.setattr(WdiImporter, "load", timed_out)
    job = _run(_small(tmp_path))
    assert job.status == "failed"
    assert job.error.startswith("small.csv: the database ") and what in job.error
    assert "nothing was written" in job.error and not Observation.objects.exists()


@pytest.mark.postgres_only
# The merge commits: a transactional test, with the reference data loaded again after the
# flush (serialized_rollback clashed with the data other tests' migrations left).
@pytest.mark.django_db(transaction=True)
def test_the_merge_transaction_is_bounded_by_lock_statement_and_idle_timeouts(
    tmp_path, settings, monkeypatch, reference_data
):
    settings.IMPORT_DB_LOCK_TIMEOUT, settings.IMPORT_DB_STATEMENT_TIMEOUT = 7, 400
    settings.IMPORT_DB_IDLE_TIMEOUT = 9
    seen = {}
    count = observations._count

    def watched(cursor, job_id, vintage):
        for name in ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout"):
            cursor.execute(f"SHOW {name}")
            seen[name] = cursor.fetchone()[0]
        return count(cursor, job_id, vintage)

    monkeypatch.setattr(observations, "_count", watched)
    assert _run(_small(tmp_path)).status == "succeeded"
    assert seen == {
        "lock_timeout": "7s",
        "statement_timeout": "400s",
        "idle_in_transaction_session_timeout": "9s",
    }
    with connection.cursor() as cursor:  # SET LOCAL: gone with the merge's transaction
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] != "7s"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_import_analyses_the_indicator_and_every_table_it_wrote(tmp_path, reference_data):
    tables = [Indicator._meta.db_table, observations.REV, observations.JOB]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_reset()")
    assert _run(_small(tmp_path)).status == "succeeded"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
            "AND last_analyze IS NOT NULL",
            [tables],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(tables)


def test_the_analyse_after_a_merge_names_every_table_written(monkeypatch):
    """The same on any database: the statement _analyze sends."""
    sent = []

    class Cursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql, params=None):
            sent.append(sql)

    monkeypatch.setattr(
        observations,
        "connection",
        SimpleNamespace(vendor="postgresql", in_atomic_block=False, cursor=Cursor),
    )
    observations._analyze(Counts(created=3))
    observations._analyze(Counts(created=observations.ANALYZE_AFTER))
    ind, rev, job, obs = (observations.IND, observations.REV, observations.JOB, observations.OBS)
    assert sent == [f"ANALYZE {ind}, {rev}, {job}", f"ANALYZE {obs}, {ind}, {rev}, {job}"]
