"""Imports survive killed workers and run one after the other (PostgreSQL)."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest
from django.db import connection, connections
from django.utils import timezone

from imdi_portal.core.models import Country
from imdi_portal.stats.models import (
    ImportJob,
    Indicator,
    Observation,
    ObservationStaging,
    StatisticalArea,
)
from imdi_portal.stats.services import import_job_create, import_job_fail_stale, import_job_run
from tests.stats.factories import ImportJobFactory

ROOT = Path(__file__).resolve().parents[2]
YEARS = [str(y) for y in range(1960, 2021)]


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_failed_and_its_staging_removed():
    job = ImportJobFactory(status="running", heartbeat_at=timezone.now() - timedelta(hours=1))
    fresh = ImportJobFactory(status="running", heartbeat_at=timezone.now())
    ObservationStaging.objects.create(
        job_id=job.pk,
        line=6,
        indicator_code="X",
        area_code="SEN",
        period="2019",
        year=2019,
        sex="T",
        value=1.0,
    )
    assert import_job_fail_stale(older_than=timedelta(minutes=10)) == 1
    job.refresh_from_db()
    assert job.status == "failed" and "stopped" in job.error and "nothing" in job.error
    assert not ObservationStaging.objects.exists()
    fresh.refresh_from_db()
    assert fresh.status == "running"


def _big_wdi_file(path: Path, indicators: int) -> int:
    """A WDI-layout file with every area and year for `indicators` test indicators (test
    values, not statistics). Returns the number of values written."""
    areas = list(Country.objects.values_list("iso3", flat=True)) + list(
        StatisticalArea.objects.values_list("code", flat=True)
    )
    header = ",".join(f'"{y}"' for y in YEARS)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            '"Data Source","World Development Indicators",\n\n'
            '"Last Updated Date","2024-01-01",\n\n'
            f'"Country Name","Country Code","Indicator Name","Indicator Code",{header},\n'
        )
        for n in range(indicators):
            for i, area in enumerate(areas):
                cells = ",".join(f'"{(i + 1) * 1000 + n + k / 8}"' for k in range(len(YEARS)))
                fh.write(f'"{area}","{area}","Test indicator {n}","TEST.IND.{n:02d}",{cells},\n')
                count += len(YEARS)
    return count


def _settings() -> tuple[str, str, str, str]:
    s = connection.settings_dict
    return s["HOST"] or "127.0.0.1", str(s["PORT"] or 5432), s["USER"] or "postgres", s["NAME"]


def _dsn() -> str:
    host, port, user, name = _settings()
    return f"host={host} port={port} user={user} dbname={name}"


def _url() -> str:
    """The test database, for a subprocess running manage.py."""
    host, port, user, name = _settings()
    return f"postgres://{user}@{host}:{port}/{name}"


def _wait_for(predicate, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def _waiting_on_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT wait_event_type FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone() is not None


@pytest.mark.postgres_only
@pytest.mark.parametrize("phase", ["staging", "merge"])
def test_sigkill_mid_import_leaves_no_rows_and_a_rerun_matches_a_clean_run(
    reference_data, tmp_path, phase
):
    path = tmp_path / "big.csv"
    expected = _big_wdi_file(path, indicators=4)
    # Block the phase under test with a conflicting table lock from another session, so the
    # importer is certainly inside it when it is killed.
    table = "imdi_portal_observationstaging" if phase == "staging" else "imdi_portal_observation"
    blocker = psycopg2.connect(_dsn())
    blocker.autocommit = False
    blocker.cursor().execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "imdi_portal.settings_test",
        "DATABASE_URL": _url(),
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_data", "wdi", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(lambda: _waiting_on_lock(process.pid))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        blocker.rollback()
        blocker.close()
    job = ImportJob.objects.get()
    assert job.status == "running"  # the killed process could not say anything
    assert not Observation.objects.exists()
    assert not Indicator.objects.filter(code__startswith="TEST.IND").exists()

    assert import_job_fail_stale(older_than=timedelta(0)) == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert not ObservationStaging.objects.exists()

    rerun = import_job_run(job_id=import_job_create(source="wdi", path=path).pk)
    assert (rerun.status, rerun.created, rerun.updated, rerun.rejected) == (
        "succeeded",
        expected,
        0,
        0,
    )
    assert Observation.objects.count() == expected


@pytest.mark.postgres_only
def test_an_import_waits_for_another_import_of_the_same_source(reference_data, tmp_path):
    path = tmp_path / "small.csv"
    expected = _big_wdi_file(path, indicators=1)
    job = import_job_create(source="wdi", path=path)
    # The lock is the running job's lease, alive while its heartbeat is.
    holder = ImportJobFactory(source="wdi", status="running", heartbeat_at=timezone.now())
    thread = threading.Thread(
        target=lambda: (import_job_run(job_id=job.pk), connections.close_all())
    )
    thread.start()
    try:
        time.sleep(1.0)
        assert ImportJob.objects.get(pk=job.pk).status == "queued"  # still waiting
        assert not ObservationStaging.objects.exists()
    finally:
        ImportJob.objects.filter(pk=holder.pk).update(status="succeeded")
    thread.join(timeout=120)
    job.refresh_from_db()
    assert (job.status, job.created) == ("succeeded", expected)


@pytest.mark.postgres_only
def test_two_imports_at_once_give_one_set_of_rows(reference_data, tmp_path):
    path = tmp_path / "twice.csv"
    expected = _big_wdi_file(path, indicators=1)
    jobs = [import_job_create(source="wdi", path=path) for _ in range(2)]

    def run(job_id: int) -> None:
        try:
            import_job_run(job_id=job_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job.pk,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    results = sorted(
        ImportJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list(
            "status", "created", "unchanged"
        )
    )
    assert results == [("succeeded", 0, expected), ("succeeded", expected, 0)]
    assert Observation.objects.count() == expected
