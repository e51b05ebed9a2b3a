"""XLSX bombs, NUL bytes, and the source's lock (#21): files made here with zipfile."""

import time
import tracemalloc
from datetime import timedelta

import pytest
from django.utils import timezone

from imdi_portal.stats import services
from imdi_portal.stats.importing import files, observations
from imdi_portal.stats.models import ImportJob, Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from tests.stats.factories import ImportJobFactory
from tests.stats.wdi_files import write_wdi
from tests.stats.xlsx_files import NS, row_xml, wdi_rows, write_xlsx

pytestmark = pytest.mark.django_db

MB = 1_000_000


def run(path, source="wdi", **options) -> ImportJob:
    return import_job_run(job_id=import_job_create(source=source, path=path, **options).pk)


def _bomb(size: int):
    """A sheet whose one cell holds `size` characters, in 1 MB chunks."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'
    yield '<row r="1"><c t="inlineStr"><is><t>'
    for _ in range(size // MB):
        yield "a" * MB
    yield "</t></is></c></row></sheetData></worksheet>"


def _measured(path):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        job = run(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return job, peak, time.perf_counter() - started


def test_a_huge_inline_string_is_refused_by_its_compression_ratio_before_reading(tmp_path):
    path = write_xlsx(tmp_path / "bomb.xlsx", chunks=_bomb(50 * MB))
    assert path.stat().st_size < MB  # 50 MB of text packs into a few dozen KB
    job, peak, seconds = _measured(path)
    assert job.status == "failed"
    assert "the workbook's part xl/worksheets/sheet1.xml expands" in job.error
    assert "over the limit of 100:1" in job.error
    assert peak < 10 * MB and seconds < 5  # the string was never read


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_RATIO = 10_000
    settings.IMPORT_XLSX_MAX_UNCOMPRESSED = 20 * MB
    path = write_xlsx(tmp_path / "big.xlsx", chunks=_bomb(30 * MB))
    job, peak, _seconds = _measured(path)
    assert job.status == "failed"
    assert "the workbook unpacks to 30 MB, over the limit of 20 MB" in job.error
    assert peak < 10 * MB


def test_a_file_with_the_zip_signature_that_is_no_zip_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 2000)
    job = run(path)
    assert job.status == "failed"
    assert "not a valid XLSX workbook (truncated or damaged: not a readable zip archive" in (
        job.error
    )


def test_a_cell_longer_than_excel_allows_is_refused_with_its_row_and_column(tmp_path):
    rows = wdi_rows({"SEN": "12"})
    rows[5][2] = "n" * 40_000
    job = run(write_xlsx(tmp_path / "long.xlsx", rows))
    assert job.status == "failed"
    assert "line 6, column 3: the cell holds 40,000 characters, over the limit of 32,767" in (
        job.error
    )
    assert not Observation.objects.exists()


def _rows_without_dimension(header: list[list[str]], empty_rows: int):
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'
    for number, cells in enumerate(header, start=1):
        yield row_xml(number, cells)
    first = len(header) + 1
    yield "".join(f'<row r="{n}"/>' for n in range(first, first + empty_rows))
    yield "</sheetData></worksheet>"


def test_a_sheet_with_more_rows_than_the_limit_is_refused_while_reading(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_ROWS = 5_000
    path = write_xlsx(
        tmp_path / "rows.xlsx", chunks=_rows_without_dimension(wdi_rows({"SEN": "1"}), 20_000)
    )
    job = run(path)
    assert job.status == "failed"
    assert "line 5001: the sheet has more than 5,000 rows, over the import limit" in job.error


def test_a_sheet_with_more_cells_than_the_limit_is_refused(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_CELLS = 30
    job = run(
        write_xlsx(
            tmp_path / "cells.xlsx", wdi_rows({c: "1" for c in ("SEN", "MLI", "GHA", "NER")})
        )
    )
    assert job.status == "failed"
    assert "line 8: the sheet has more than 30 cells" in job.error


def test_heartbeat_and_progress_move_while_skipped_rows_are_read(tmp_path, monkeypatch):
    """Rows the importer skips (3 million empty rows) used to leave the job silent."""
    monkeypatch.setattr(observations, "PROGRESS_SECONDS", 0)
    monkeypatch.setattr(files, "READ_TICK", 500)
    beats = []
    renew = services._renew

    def counting(job_id, **fields):
        beats.append((ImportJob.objects.get(pk=job_id).heartbeat_at, fields))
        renew(job_id, **fields)

    monkeypatch.setattr(services, "_renew", counting)
    path = write_xlsx(
        tmp_path / "empty.xlsx", chunks=_rows_without_dimension(wdi_rows({"SEN": "1"}), 10_000)
    )
    job = run(path)
    assert job.status == "succeeded", job.error
    read = [fields["rows_processed"] for _at, fields in beats if "rows_total" not in fields]
    assert read == list(range(500, 10_001, 500))  # every 500 rows while reading
    assert [at for at, _fields in beats] == sorted(at for at, _fields in beats)


def _many_indicators(path, last_value="12", last_name="Last indicator"):
    """Senegal's 2017 value of 300 test indicators: the last row lies well after 8 KB."""
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        '"Last Updated Date","2021-09-15",',
        "",
        '"Country Name","Country Code","Indicator Name","Indicator Code","2017",',
    ]
    lines += [f'"Senegal","SEN","Indicator {n}","TEST.N{n}","{n}",' for n in range(299)]
    lines.append(f'"Senegal","SEN","{last_name}","TEST.LAST","{last_value}",')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.read_bytes().find(b"\x00") in (-1, *range(8192, 10**6))
    return path


def test_a_nul_byte_after_the_first_8_kb_is_refused_with_its_line_and_column(tmp_path):
    job = run(_many_indicators(tmp_path / "nul.csv", last_value="12\x003"))
    assert job.status == "failed"
    assert "nul.csv, line 305, column 5: the cell holds a NUL character" in job.error
    assert not Observation.objects.exists()


def test_a_nul_byte_in_a_name_column_is_refused_too(tmp_path):
    """It used to be stored silently in the indicator's name (SQLite) or to crash the
    import with 'internal error: ValueError' (PostgreSQL refuses NUL in text)."""
    job = run(_many_indicators(tmp_path / "nul.csv", last_name="Last\x00indicator"))
    assert job.status == "failed"
    assert "nul.csv, line 305, column 3: the cell holds a NUL character" in job.error
    assert not Observation.objects.exists()


def test_a_nul_byte_inside_a_sheet_is_a_damaged_workbook_not_an_internal_error(tmp_path):
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'
        + row_xml(1, ["Data Source", "World Development Indicators"])
        + '<row r="2"><c t="inlineStr"><is><t>a\x00b</t></is></c></row>'
        + "</sheetData></worksheet>"
    )
    job = run(write_xlsx(tmp_path / "nul.xlsx", xml=xml))
    assert job.status == "failed"
    assert "not a valid XLSX workbook: a part's XML is not well-formed" in job.error


def _small_wdi(tmp_path):
    return write_wdi(tmp_path / "small.csv", {"SEN": {"2017": "1"}, "MLI": {"2017": "2"}})


def test_a_stale_lock_is_taken_over_and_its_silent_holder_failed(tmp_path, settings):
    settings.IMPORT_LOCK_TIMEOUT = 60
    holder = ImportJobFactory(status="running", heartbeat_at=timezone.now() - timedelta(seconds=61))
    job = run(_small_wdi(tmp_path))
    assert (job.status, job.created) == ("succeeded", 2)
    holder.refresh_from_db()
    assert holder.status == "failed" and "lost its source's lock" in holder.error
    assert f"Its last heartbeat was at {holder.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC." in (
        holder.error
    )


def test_an_import_waits_while_the_holder_sends_heartbeats(tmp_path, settings, monkeypatch):
    settings.IMPORT_LOCK_TIMEOUT = 60
    holder = ImportJobFactory(status="running", heartbeat_at=timezone.now())
    other_source = ImportJobFactory(source="rpw", status="running", heartbeat_at=timezone.now())
    job = import_job_create(source="wdi", path=_small_wdi(tmp_path))
    waits = []

    def sleep(seconds):
        waits.append(ImportJob.objects.get(pk=job.pk).status)
        if len(waits) == 3:  # the holder falls silent
            ImportJob.objects.filter(pk=holder.pk).update(
                heartbeat_at=timezone.now() - timedelta(seconds=61)
            )

    monkeypatch.setattr(services.time, "sleep", sleep)
    job = import_job_run(job_id=job.pk)
    assert waits == ["queued"] * 3
    assert job.status == "succeeded"
    assert ImportJob.objects.get(pk=other_source.pk).status == "running"  # another source


def test_an_import_that_lost_its_lock_stops_before_writing(monkeypatch):
    """Taken over while it reads (it was silent too long): its next heartbeat stops it."""
    from tests.stats.test_imports import PAID

    monkeypatch.setattr(observations, "PROGRESS_SECONDS", 0)
    job = import_job_create(source="wdi", path=PAID)

    def taken_over(done, total):
        ImportJob.objects.filter(pk=job.pk).update(status="failed")

    job = import_job_run(job_id=job.pk, on_progress=taken_over)
    assert job.status == "failed" and "lost its source's lock" in job.error
    assert not Observation.objects.exists()


def test_a_csv_read_renews_the_heartbeat_every_few_rows_too(monkeypatch):
    from tests.stats.test_imports import PAID

    monkeypatch.setattr(observations, "PROGRESS_SECONDS", 0)
    monkeypatch.setattr(files, "READ_TICK", 50)
    beats = []
    renew = services._renew
    monkeypatch.setattr(
        services, "_renew", lambda job_id, **fields: (beats.append(fields), renew(job_id, **fields))
    )
    job = run(PAID)
    assert job.status == "succeeded", job.error
    read = [fields["rows_processed"] for fields in beats if "rows_total" not in fields]
    assert read == list(range(50, files.count_lines(PAID) + 1, 50))
