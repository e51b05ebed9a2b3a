"""ILOSTAT CSV: the real labels download shipped with the app, and the codes layout."""

import csv
from pathlib import Path

import pytest

from imdi_portal.stats.models import Indicator, Observation
from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

FILE = (
    Path(__file__).resolve().parents[2]
    / "labour_market"
    / "data"
    / "ilostat"
    / "EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv"
)
INDICATOR = "EAR_4MTH_SEX_GEO_CUR_NB_A"
CODES_HEADER = [
    "ref_area",
    "source",
    "indicator",
    "sex",
    "classif1",
    "classif2",
    "time",
    "obs_value",
    "obs_status",
    "note_classif",
    "note_indicator",
    "note_source",
]


def run(path: Path, **kwargs):
    return import_job_run(job_id=import_job_create(source="ilostat", path=path, **kwargs).pk)


def rows_in_file() -> list[dict]:
    with FILE.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def write_codes(tmp_path: Path, rows: list[list[str]], name="ilostat_bulk.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CODES_HEADER)
        writer.writerows(rows)
    return path


def test_the_real_labels_file_loads_every_value():
    rows = rows_in_file()
    job = run(FILE)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert job.created == len(rows) == 6234
    stored = Observation.objects.filter(indicator__code=INDICATOR)
    assert stored.values("country").distinct().count() == len({r["ref_area.label"] for r in rows})
    # Looked up by hand in the file: Afghanistan, LFS 2020, total, national: 836.263 (break).
    afg = stored.get(
        area_code="AFG", period="2020", sex="T", classification="GEO_COV_NAT+CUR_2021PPP"
    )
    assert (afg.value, afg.status, afg.source, afg.vintage) == (
        836.263,
        "B",
        "ILOSTAT",
        "2025-06-01",
    )
    # Names that differ from ISO's ("Republic of Moldova", "Bolivia (Plurinational State of)").
    assert stored.filter(area_code="MDA").exists() and stored.filter(area_code="BOL").exists()
    by_status = {s: stored.filter(status=s).count() for s in ("B", "U")}
    assert by_status == {
        "B": sum(r["obs_status.label"] == "Break in series" for r in rows),
        "U": sum(r["obs_status.label"] == "Unreliable" for r in rows),
    }
    assert stored.filter(sex="F", classification__startswith="GEO_COV_RUR").exists()
    assert Indicator.objects.get(code=INDICATOR).name_en.startswith("Average monthly earnings")


def test_reimport_is_a_no_op():
    run(FILE)
    again = run(FILE)
    assert (again.status, again.created, again.updated, again.unchanged) == (
        "succeeded",
        0,
        0,
        6234,
    )


def test_the_codes_layout_maps_every_dimension(tmp_path):
    path = write_codes(
        tmp_path,
        [
            [
                "PHL",
                "LFS",
                "EMP_TEMP_SEX_AGE_ECO_NB_A",
                "SEX_F",
                "AGE_YTHADULT_Y15-24",
                "ECO_ISIC4_Q",
                "2019",
                "123.4",
                "",
                "",
                "",
                "",
            ],
            [
                "PHL",
                "LFS",
                "EMP_TEMP_SEX_OCU_NB_Q",
                "SEX_M",
                "OCU_ISCO08_2",
                "",
                "2020Q3",
                "50",
                "P",
                "",
                "",
                "",
            ],
            [
                "PHL",
                "LFS",
                "UNE_DEAP_SEX_AGE_EDU_RT_M",
                "SEX_T",
                "AGE_AGGREGATE_YGE15",
                "EDU_ISCED11_3",
                "2021M07",
                "2.5",
                "B",
                "",
                "",
                "",
            ],
            [
                "PHL",
                "LFS",
                "EMP_TEMP_SEX_OCU_NB_Q",
                "SEX_M",
                "OCU_ISCO08_2",
                "",
                "2020Q4",
                "",
                "",
                "",
                "",
                "",
            ],  # suppressed value: nothing to store
        ],
    )
    job = run(path)
    assert (job.status, job.created, job.rejected) == ("succeeded", 3, 0), job.error
    eco = Observation.objects.get(indicator__code="EMP_TEMP_SEX_AGE_ECO_NB_A")
    assert (eco.sex, eco.age, eco.classification, eco.period, eco.value) == (
        "F",
        "AGE_YTHADULT_Y15-24",
        "ECO_ISIC4_Q",
        "2019",
        123.4,
    )
    ocu = Observation.objects.get(indicator__code="EMP_TEMP_SEX_OCU_NB_Q")
    assert (ocu.sex, ocu.classification, ocu.period, ocu.status) == (
        "M",
        "OCU_ISCO08_2",
        "2020-Q3",
        "P",
    )
    edu = Observation.objects.get(indicator__code="UNE_DEAP_SEX_AGE_EDU_RT_M")
    assert (edu.age, edu.classification, edu.period, edu.status) == (
        "AGE_AGGREGATE_YGE15",
        "EDU_ISCED11_3",
        "2021-07",
        "B",
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["PHL", "", "X_A", "SEX_Z", "", "", "2019", "1", "", "", "", ""], "unknown sex"),
        (["PHL", "", "X_A", "SEX_T", "", "", "2019Q5", "1", "", "", "", ""], "no such quarter"),
        (["PHL", "", "X_A", "SEX_T", "", "", "19", "1", "", "", "", ""], "expected a time"),
        (["PHL", "", "X_A", "SEX_T", "", "", "2019", "n/a", "", "", "", ""], "not a number"),
        (
            ["PHL", "", "X_A", "SEX_T", "", "", "2019", "1", "Q", "", "", ""],
            "unknown observation status",
        ),
        (["ZZZ", "", "X_A", "SEX_T", "", "", "2019", "1", "", "", "", ""], "unknown country"),
        (
            ["PHL", "", "X_A", "SEX_T", "eco isic", "", "2019", "1", "", "", "", ""],
            "classification code",
        ),
        (["PHL", "", "X_A", "SEX_T", "", "", "2019", "1", "", ""], "expected 12 fields"),
    ],
)
def test_a_bad_row_fails_the_file_with_its_line_and_writes_nothing(tmp_path, row, message):
    good = ["PHL", "", "X_A", "SEX_T", "", "", "2018", "1", "", "", "", ""]
    job = run(write_codes(tmp_path, [good, row]))
    assert job.status == "failed"
    assert message in job.error and "line 3" in job.error
    assert not Observation.objects.exists()


def test_blank_lines_are_skipped_and_optional_columns_may_be_missing(tmp_path):
    path = tmp_path / "ilostat_minimal.csv"
    path.write_text(
        "ref_area,indicator,sex,time,obs_value\n"
        "PHL,X_A,SEX_F,2019,4.5\n"
        "\n"
        ",,,,\n"
        "SEN,X_A,SEX_T,2020,7\n",
        encoding="utf-8",
    )
    job = run(path)
    assert (job.status, job.created, job.rejected) == ("succeeded", 2, 0), job.error
    stored = {
        (o.area_code, o.period, o.sex, o.classification, o.status): o.value
        for o in Observation.objects.all()
    }
    assert stored == {("PHL", "2019", "F", "", ""): 4.5, ("SEN", "2020", "T", "", ""): 7.0}


def test_duplicate_keys_fail_the_file(tmp_path):
    row = ["PHL", "", "X_A", "SEX_T", "OCU_ISCO08_1", "", "2019", "1", "", "", "", ""]
    job = run(write_codes(tmp_path, [row, row]))
    assert job.status == "failed" and "duplicate" in job.error
    assert not Observation.objects.exists()


def test_a_labels_file_needs_the_indicator_code_in_its_name(tmp_path):
    path = tmp_path / "earnings.csv"
    path.write_bytes(FILE.read_bytes())
    job = run(path)
    assert job.status == "failed" and "indicator code must be in the file name" in job.error
    assert not Observation.objects.exists()


def test_an_unknown_country_name_is_named_in_the_error(tmp_path):
    lines = FILE.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace('"Afghanistan"', '"Atlantis"', 1)
    path = tmp_path / f"{INDICATOR}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    job = run(path)
    assert job.status == "failed"
    assert "no country by this name ('Atlantis')" in job.error
    assert not Observation.objects.exists()


def test_not_an_ilostat_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    job = run(path)
    assert job.status == "failed" and "expected ILOSTAT's columns" in job.error


def test_a_value_read_by_hand_goes_through_import_api_and_page(api_client, client):
    row = next(
        r
        for r in rows_in_file()
        if (r["ref_area.label"], r["time"], r["sex.label"], r["classif1.label"])
        == ("Afghanistan", "2020", "Total", "Area type: National")
    )
    assert row["obs_value"] == "836.263"  # looked up by hand in the CSV
    run(FILE)
    body = api_client.get(
        "/api/v1/observations/",
        {"indicator": INDICATOR, "country": "AFG", "year_from": 2020, "year_to": 2020, "sex": "T"},
    ).json()
    national = [r for r in body["results"] if r["classification"].startswith("GEO_COV_NAT")]
    assert [(r["value"], r["status_label"]) for r in national] == [(836.263, "Break in series")]
    html = client.get(
        "/data/explorer/",
        {"indicator": INDICATOR, "country": "AFG", "sex": "T", "year_from": 2020, "year_to": 2020},
    ).content.decode()
    assert "836.263" in html and "National · 2021PPP" in html
    profile = client.get("/countries/AFG/").content.decode()
    assert "Average monthly earnings of employees" in profile
