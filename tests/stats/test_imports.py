"""The import pipeline on real World Bank files and on every kind of bad file."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from imdi_portal.core.models import Country
from imdi_portal.stats.importing.errors import ImportFailed
from imdi_portal.stats.models import (
    ImportJob,
    Indicator,
    Observation,
    ObservationRevision,
    ObservationStaging,
    StatisticalArea,
)
from imdi_portal.stats.services import import_job_create, import_job_run
from tests.stats.reports import error_report
from tests.stats.wdi_files import write_wdi

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "imdi_portal" / "stats" / "data" / "wdi"
PAID = DATA / "API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv"
NETM = DATA / "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv"
CORPUS = Path(__file__).parent / "import_corpus"


def run(source: str, path: Path, **options) -> ImportJob:
    job = import_job_create(source=source, path=path, **options)
    return import_job_run(job_id=job.pk)


def value(indicator: str, area: str, period: str) -> float:
    return Observation.objects.get(indicator__code=indicator, area_code=area, period=period).value


def non_empty_cells(path: Path) -> int:
    """Counted independently of the importer: every non-empty year cell after the header."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[5:]
    return sum(1 for row in rows if row for cell in row[4:] if cell != "")


def test_real_remittances_paid_file_loads_every_value():
    job = run("wdi", PAID)
    assert job.status == "succeeded", job.error
    # The 48 aggregates of 2019 and 2020 are partial (156 and 103 economies reported, against
    # 173 in 2018): left out and counted, so that the counts still add up to the file.
    assert (job.created, job.updated, job.unchanged, job.rejected) == (8485, 0, 0, 0)
    assert (job.skipped, job.skipped_reasons) == (96, {"partial aggregate": 96})
    assert non_empty_cells(PAID) == 8581 == job.created + job.skipped
    assert Observation.objects.count() == 8485
    # Values read by hand from the file.
    assert value("BM.TRF.PWKR.CD.DT", "PHL", "2019") == 225723157.628142
    assert value("BM.TRF.PWKR.CD.DT", "WLD", "2018") == 446611121170.548
    assert not Observation.objects.filter(area_code="WLD", period__in=["2019", "2020"]).exists()
    assert value("BM.TRF.PWKR.CD.DT", "XKX", "2010") == 127120642.662162
    indicator = Indicator.objects.get(code="BM.TRF.PWKR.CD.DT")
    assert indicator.name_en == "Personal remittances, paid (current US$)"
    obs = Observation.objects.get(indicator=indicator, area_code="PHL", period="2019")
    assert (obs.vintage, obs.source, obs.year, obs.sex) == ("2021-09-15", "WDI", 2019, "T")


def test_an_import_logs_where_its_time_went(caplog):
    with caplog.at_level("INFO", logger="imdi_portal.stats.importing.observations"):
        job = run("wdi", PAID)
    [record] = [r for r in caplog.records if hasattr(r, "import_phases")]
    assert f"import job {job.pk}: 8485 values read and staged" in record.getMessage()
    assert set(record.import_phases) == {"read_and_staged", "checked", "merged"}
    assert all(seconds >= 0 for seconds in record.import_phases.values())


# 8,581 values: with no pause required, progress at the 5,000th value and at the end.
@pytest.mark.parametrize(("seconds", "reports"), [(0, 2), (3600, 1)])
def test_progress_is_saved_at_most_every_few_tenths_of_a_second(monkeypatch, seconds, reports):
    from imdi_portal.stats.importing import observations

    monkeypatch.setattr(observations, "PROGRESS_SECONDS", seconds)
    seen = []
    job = import_job_create(source="wdi", path=PAID)
    import_job_run(job_id=job.pk, on_progress=lambda done, total: seen.append((done, total)))
    job.refresh_from_db()
    assert job.rows_processed == job.rows_total == seen[-1][0]  # the end is always saved
    assert len(seen) == reports


@pytest.mark.postgres_only
def test_staging_statistics_are_fresh_before_the_merge():
    """The planner must know how many rows are staged: taken for empty, it joins them to the
    store by nested loops (a million-row import that never ends)."""
    from django.db import connection

    from imdi_portal.stats.importing.observations import STAGE

    run("wdi", PAID)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [STAGE])
        estimate = cursor.fetchone()[0]
    # ANALYZE counts exactly while it can read every page of the table; after other tests'
    # large or killed imports have left dead pages it samples them and estimates. Either way
    # the planner must see about this many rows, not an empty table (0 or -1).
    assert abs(estimate - non_empty_cells(PAID)) <= 0.05 * non_empty_cells(PAID)


def test_aggregates_are_stored_as_aggregates_not_countries():
    run("wdi", PAID)
    world = Observation.objects.get(
        indicator__code="BM.TRF.PWKR.CD.DT", area_code="WLD", period="2018"
    )
    assert world.country_id is None
    assert world.area.kind == StatisticalArea.Kind.AGGREGATE and world.area.name == "World"
    kosovo = Observation.objects.filter(area_code="XKX").first()
    assert kosovo.area.kind == StatisticalArea.Kind.ECONOMY and kosovo.country_id is None
    philippines = Observation.objects.filter(area_code="PHL").first()
    assert philippines.country.iso3 == "PHL" and philippines.area_id is None


def test_real_net_migration_file_with_crlf_line_endings():
    job = run("wdi", NETM)
    assert (job.status, job.created, job.rejected) == ("succeeded", non_empty_cells(NETM), 0)
    assert job.created == 16960
    assert value("SM.POP.NETM", "SEN", "2023") == -19999
    assert value("SM.POP.NETM", "DEU", "1960") == 100380


def test_importing_the_same_file_twice_changes_nothing():
    run("wdi", PAID)
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "updated_at"))
    job = run("wdi", PAID)
    assert (job.created, job.updated, job.unchanged, job.rejected) == (0, 0, 8485, 0)
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "updated_at")) == (
        before
    )
    assert not ObservationRevision.objects.exists()


def test_a_new_vintage_updates_values_and_keeps_the_old_ones(tmp_path):
    first = write_wdi(
        tmp_path / "v1.csv", {"SEN": {"2017": "100", "2018": "200"}}, vintage="2021-09-15"
    )
    second = write_wdi(
        tmp_path / "v2.csv",
        {"SEN": {"2017": "100", "2018": "250"}, "KEN": {"2019": "7"}},
        vintage="2022-07-01",
    )
    run("wdi", first)
    # One of the two published values changes: far past the review threshold (5 %).
    job = run("wdi", second, accept_revisions=True)
    assert (job.created, job.updated, job.unchanged) == (1, 1, 1)
    obs = Observation.objects.get(area_code="SEN", period="2018")
    assert (obs.value, obs.vintage) == (250, "2022-07-01")
    revision = obs.revisions.get()
    assert (revision.value, revision.vintage, revision.replaced_by_job_id) == (
        200,
        "2021-09-15",
        job.pk,
    )


def test_country_option_imports_only_that_country():
    job = run("wdi", PAID, country="PHL")
    assert job.status == "succeeded"
    assert set(Observation.objects.values_list("area_code", flat=True)) == {"PHL"}
    assert job.created == Observation.objects.count() > 40


def test_dry_run_counts_but_writes_nothing():
    job = run("wdi", PAID, dry_run=True)
    assert (job.status, job.created) == ("succeeded", 8485)
    assert not Observation.objects.exists()
    assert not Indicator.objects.filter(code="BM.TRF.PWKR.CD.DT").exists()


def test_skip_invalid_loads_valid_rows_and_reports_the_rest(tmp_path):
    path = write_wdi(
        tmp_path / "mixed.csv",
        {"SEN": {"2017": "1", "2018": "oops"}, "ATL": {"2017": "5"}, "KEN": {"2019": "3"}},
    )
    job = run("wdi", path, skip_invalid=True)
    assert (job.status, job.created, job.rejected) == ("succeeded", 2, 2)
    assert set(Observation.objects.values_list("area_code", "period")) == {
        ("SEN", "2017"),
        ("KEN", "2019"),
    }
    with job.error_report.open("r") as fh:
        report = list(csv.DictReader(fh))
    assert [(r["line"], r["column"], r["value"]) for r in report] == [
        ("6", "2018", "oops"),
        ("7", "area code", "ATL"),
    ]


def test_latin1_files_are_accepted(tmp_path):
    path = tmp_path / "latin1.csv"
    write_wdi(path, {"CIV": {"2017": "12"}})
    text = path.read_text(encoding="utf-8-sig").replace("CIV name", "Côte d'Ivoire")
    path.write_bytes(text.encode("latin-1"))
    job = run("wdi", path)
    assert (job.status, job.created) == ("succeeded", 1)


EXPECTED = {
    "01_empty.csv": "the file is empty",
    "02_png_image.csv": "this is a PNG image, not a CSV or XLSX file",
    "03_pdf_document.csv": "this is a PDF document",
    "04_utf16.csv": "encoded in UTF-16",
    "05_binary_garbage.csv": "the file is binary, not text",
    "06_not_wdi_first_line.csv": "line 1, column 1: expected the World Bank WDI layout",
    "07_wrong_header.csv": "line 5, column 1: expected the header 'Country Name', found 'Country'",
    "08_semicolon_delimiter.csv": "line 1: the file is separated by semicolons",
    "09_tab_delimiter.csv": "line 1: the file is separated by tabs",
    "10_no_year_columns.csv": "line 5, column 5: the header has no year columns",
    "11_bad_year_header.csv": "line 5, column 6: expected a year such as 1960, found '20l8'",
    "12_truncated_in_quotes.csv": "line 8: the file ends inside a quoted field",
    "13_short_row.csv": "first on line 8, column row: expected 7 fields like the header, found 3",
    "14_non_numeric_value.csv": "first on line 6, column 2018: not a number ('abc')",
    "15_unknown_country.csv": "first on line 8, column area code: unknown country or area code",
    "16_duplicate_key.csv": "first on line 8, column key: duplicate",
    "17_impossible_period.csv": "column 1850: impossible period",
    "18_nan_value.csv": "column 2018: not a finite number ('NaN')",
    "19_bad_indicator_code.csv": "column Indicator Code: not a valid indicator code",
    "20_header_only.csv": "the file has no data values to import",
    "21_ends_before_header.csv": "the file ends before its header line",
    "22_gzip_archive.csv": "this is a gzip archive",
    "23_old_excel.csv": "this is an old Excel or Word file",
    "24_wrong_sheet.xlsx": "no sheet named 'Data'; the workbook has: Sheet1",
    "25_truncated.xlsx": "not a valid XLSX workbook (truncated or damaged",
    "26_zip_not_xlsx.xlsx": "this is a zip archive holding hello.txt, not an XLSX workbook",
    "28_zip_renamed.csv": "this is a zip archive holding data.csv, not an XLSX workbook",
    "29_entity_bomb_workbook.xlsx": "part xl/workbook.xml declares a DTD or entities",
    "30_entity_bomb_sheet.xlsx": "part xl/worksheets/sheet1.xml declares a DTD or entities",
    "31_entity_bomb_shared_strings.xlsx": "part xl/sharedStrings.xml declares a DTD",
    "32_external_entity_sheet.xlsx": "external-entity attack",
    "33_nested_json_arrays.json": "the JSON nests 45,000 levels deep, over the limit of 100",
    "34_nested_json_objects.json": "the JSON nests 10,000 levels deep",
    "35_truncated.json": "line 1, column 44: not valid JSON: Unterminated string",
    "36_wide_row_memory_bomb.csv": "line 6: the line is longer than 50,000 characters",
    "37_zip_bomb.xlsx": "expands 957:1 when unpacked (3 MB), over the limit of 100:1",
    "38_nul_after_8kb.csv": "line 156, column 6: the cell holds a NUL character",
    "39_html_page.csv": "this is an HTML web page",
    "40_bom_only.csv": "the file holds no text (only a byte-order mark or blank space)",
    "42_empty.xlsx": "the file is empty",
    "43_truncated_sheet_xml.xlsx": "a part's XML is not well-formed (unclosed token",
    "44_repeated_year.csv": "line 5, column 7: the header repeats the year 2017 (columns 5 and 7)",
    "46_sheet_not_xml.xlsx": "a part's XML is not well-formed",
    "47_missing_sheet_part.xlsx": "the workbook has no readable sheet",
    "48_no_workbook_part.xlsx": "There is no item named 'xl/workbook.xml' in the archive",
    "49_jpeg_image.csv": "this is a JPEG image",
    "50_json_not_utf8.json": "record 1, field 'country': unknown ISO3 code",
    "51_xml_not_csv.csv": "this is an XML document, not a CSV or XLSX file",
    "52_long_line_no_newline.csv": "line 6: the file ends inside a quoted field",
}
# Valid files of an odd shape: the import succeeds, with these values of SEN.
VALID = {
    "27_xlsx_renamed.csv": {"2017": 5},  # a workbook saved under a .csv name
    "41_mixed_line_endings.csv": {"2017": 1, "2018": 2, "2019": 3},  # CRLF, LF and CR
    "45_formula_cell.xlsx": {"2017": 7},  # a formula: its cached value is read
}
# The bombs are built small; the limit they are meant to cross is lowered to meet them.
LIMITS = {"36_wide_row_memory_bomb.csv": {"IMPORT_CSV_MAX_LINE_CHARS": 50_000}}


def _source(name: str) -> str:
    return "legislation" if name.endswith(".json") else "wdi"  # the importer that takes JSON


def test_the_corpus_covers_every_file():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted({*EXPECTED, *VALID})
    assert len(EXPECTED) + len(VALID) >= 40
    assert all(p.stat().st_size < 100_000 for p in CORPUS.iterdir())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_fails_with_its_own_message_and_writes_nothing(name, settings):
    for setting, limit in LIMITS.get(name, {}).items():
        setattr(settings, setting, limit)
    job = run(_source(name), CORPUS / name)
    assert job.status == "failed"
    assert job.error.startswith(name)
    assert not job.error.startswith("internal error")
    assert EXPECTED[name] in job.error
    assert not Observation.objects.exists()
    assert not ObservationStaging.objects.exists()
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_file_of_an_odd_shape_is_imported(name):
    job = run("wdi", CORPUS / name)
    assert (job.status, job.error) == ("succeeded", "")
    for period, expected in VALID[name].items():
        assert value("SM.POP.NETM", "SEN", period) == expected


def test_a_file_that_exhausts_memory_fails_with_a_message_naming_it(monkeypatch):
    """The backstop behind the readers' limits: no "internal error: MemoryError"."""
    from imdi_portal.stats.importers import WdiImporter

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(WdiImporter, "load", exhausted)
    job = run("wdi", CORPUS / "41_mixed_line_endings.csv")
    assert job.status == "failed"
    assert job.error.startswith("41_mixed_line_endings.csv: reading the file needed more memory")
    assert "MemoryError" in job.error and not Observation.objects.exists()


def test_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    job = run("wdi", PAID)
    assert job.status == "failed" and "over the size limit of 0 MB" in job.error
    assert not Observation.objects.exists()


def test_unknown_source_is_refused_before_anything_is_recorded():
    with pytest.raises(ImportFailed, match=r"unknown source 'nope'; known sources: .*wdi"):
        import_job_create(source="nope", path=PAID)
    assert not ImportJob.objects.exists()


def test_a_finished_job_is_not_run_again():
    job = run("wdi", PAID)
    again = import_job_run(job_id=job.pk)  # a duplicate delivery of the task
    assert (again.status, again.created, again.attempts) == ("succeeded", 8485, 1)
    assert Observation.objects.count() == 8485


def test_country_metadata_updates_income_groups_and_areas(tmp_path):
    source = Path(__file__).resolve().parents[2] / "imdi_portal/core/data/countries"
    text = (source / "wdi_country_metadata.csv").read_text(encoding="utf-8-sig")
    text = text.replace(
        '"SEN","Sub-Saharan Africa","Lower middle income"',
        '"SEN","Sub-Saharan Africa","Upper middle income"',
    )
    path = tmp_path / "Metadata_Country.csv"
    path.write_text(text, encoding="utf-8")
    job = run("wdi-countries", path)
    assert (job.status, job.updated, job.created) == ("succeeded", 1, 0), job.error
    senegal = Country.objects.get(iso3="SEN")
    assert senegal.income_group == "UMC"
    assert senegal.history.first().income_group == "UMC"
    assert senegal.history.count() >= 1


def test_country_metadata_with_unknown_income_group_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        '"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n'
        '"SEN","Sub-Saharan Africa","Rich","","Senegal",\n'
        '"KEN","Sub-Saharan Africa","High income","","Kenya",\n'
    )
    job = run("wdi-countries", path)
    assert job.status == "failed"
    assert "line 2, IncomeGroup: unknown income group ('Rich')" in job.error
    assert Country.objects.get(iso3="KEN").income_group == "LMC"


METADATA_HEADER = '"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n'
MIXED_METADATA = (
    METADATA_HEADER
    + '"SEN","Sub-Saharan Africa","Upper middle income","","Senegal",\n'  # updated
    + '"KEN","Sub-Saharan Africa","Rich","","Kenya",\n'  # invalid
    + '"XTA","","","","Test aggregate",\n'  # created
    + '"PHL","East Asia & Pacific","Lower middle income","","Philippines",\n'  # unchanged
    + '"SEN","Sub-Saharan Africa","High income","","Senegal",\n'  # invalid: twice
)


def test_country_metadata_with_skip_invalid_loads_the_valid_rows(tmp_path):
    path = tmp_path / "Metadata_Country.csv"
    path.write_text(MIXED_METADATA, encoding="utf-8")
    job = run("wdi-countries", path, skip_invalid=True)
    assert job.status == "succeeded", job.error
    assert (job.created, job.updated, job.unchanged, job.rejected) == (1, 1, 1, 2)
    assert job.created + job.updated + job.unchanged + job.rejected == 5  # the file's rows
    assert Country.objects.get(iso3="SEN").income_group == "UMC"  # the first SEN row wins
    assert Country.objects.get(iso3="KEN").income_group == "LMC"
    assert StatisticalArea.objects.get(code="XTA").kind == StatisticalArea.Kind.AGGREGATE
    assert error_report(job) == [
        ("3", "IncomeGroup", "Rich", "unknown income group"),
        ("6", "Country Code", "SEN", "duplicate code"),
    ]
    assert [e["line"] for e in job.errors] == [3, 6]


def test_country_metadata_without_skip_invalid_writes_nothing_and_lists_the_problems(tmp_path):
    path = tmp_path / "Metadata_Country.csv"
    path.write_text(MIXED_METADATA, encoding="utf-8")
    job = run("wdi-countries", path)
    assert job.status == "failed"
    assert job.error == (
        "Metadata_Country.csv: 2 of the file's 5 records failed validation, nothing was "
        "imported: line 3, IncomeGroup: unknown income group ('Rich'); line 6, Country Code: "
        "duplicate code ('SEN'). Skip invalid records to load the valid ones and get an error "
        "report."
    )
    assert Country.objects.get(iso3="SEN").income_group == "LMC"
    assert not StatisticalArea.objects.filter(code="XTA").exists()
    assert len(error_report(job)) == 2  # the same report as with skip-invalid


def test_country_metadata_dry_run_with_skip_invalid_counts_and_writes_nothing(tmp_path):
    path = tmp_path / "Metadata_Country.csv"
    path.write_text(MIXED_METADATA, encoding="utf-8")
    job = run("wdi-countries", path, skip_invalid=True, dry_run=True)
    assert (job.status, job.created, job.updated, job.unchanged, job.rejected) == (
        "succeeded",
        1,
        1,
        1,
        2,
    )
    assert Country.objects.get(iso3="SEN").income_group == "LMC"
    assert not StatisticalArea.objects.filter(code="XTA").exists()


def test_a_failed_record_import_shows_the_first_ten_problems(tmp_path):
    rows = "".join(f'"X{n:02}","","Rich","","Area {n}",\n' for n in range(12))
    path = tmp_path / "Metadata_Country.csv"
    path.write_text(METADATA_HEADER + rows, encoding="utf-8")
    job = run("wdi-countries", path)
    assert job.status == "failed"
    assert "12 of the file's 12 records failed validation" in job.error
    assert "line 11, IncomeGroup" in job.error and "line 12, IncomeGroup" not in job.error
    assert "; and 2 more problem(s). Skip invalid records" in job.error
    assert len(job.errors) == 12


def test_skip_invalid_with_every_record_invalid_writes_nothing_and_reports_them(tmp_path):
    rows = "".join(f'"X{n:02}","","Rich","","Area {n}",\n' for n in range(3))
    path = tmp_path / "Metadata_Country.csv"
    path.write_text(METADATA_HEADER + rows, encoding="utf-8")
    job = run("wdi-countries", path, skip_invalid=True)
    assert (job.status, job.created, job.updated, job.unchanged, job.rejected) == (
        "succeeded",
        0,
        0,
        0,
        3,
    )
    assert [row[0] for row in error_report(job)] == ["2", "3", "4"]
    assert not StatisticalArea.objects.filter(code__startswith="X0").exists()


def test_command_skip_invalid_loads_records_and_names_the_report(tmp_path, capsys):
    path = tmp_path / "Metadata_Country.csv"
    path.write_text(MIXED_METADATA, encoding="utf-8")
    call_command("import_data", "wdi-countries", str(path), "--skip-invalid")
    out, err = capsys.readouterr()
    assert "line 3, IncomeGroup: unknown income group ('Rich')" in err
    assert "rejected rows: " in out
    assert out.strip().splitlines()[-1] == "created=1 updated=1 unchanged=1 rejected=2 skipped=0"
    assert Country.objects.get(iso3="SEN").income_group == "UMC"


def test_command_prints_the_counts_last(capsys):
    call_command("import_data", "wdi", str(PAID))
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "created=8485 updated=0 unchanged=0 rejected=0 skipped=96"
    )


def test_command_fails_with_the_reason(capsys):
    with pytest.raises(CommandError, match="line 6, column 2018: not a number"):
        call_command("import_data", "wdi", str(CORPUS / "14_non_numeric_value.csv"))
    assert "line 6, 2018: not a number ('abc')" in capsys.readouterr().err


def test_command_rejects_a_missing_file_and_a_bad_country():
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_data", "wdi", "/no/such/file.csv")
    with pytest.raises(CommandError, match="--country expects an ISO 3166-1 alpha-3 code"):
        call_command("import_data", "wdi", str(PAID), "--country", "Philippines")
    assert not Observation.objects.exists()
