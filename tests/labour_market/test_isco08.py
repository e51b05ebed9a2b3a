"""ISCO-08 from the real ILO files: import, pages and API."""

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from labour_market.models import Occupation
from tests.stats.reports import error_report

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "labour_market" / "data" / "isco08"
XLSX = DATA / "isco08_structure_and_definitions_en.xlsx"
CSV = DATA / "isco08_titles_en_fr.csv"


def run(path: Path, **options):
    from imdi_portal.stats.services import import_job_create, import_job_run

    return import_job_run(job_id=import_job_create(source="isco08", path=path, **options).pk)


@pytest.fixture
def isco():
    assert run(XLSX).status == "succeeded"
    assert run(CSV).status == "succeeded"


def test_structure_file_loads_all_four_levels():
    job = run(XLSX)
    assert (job.status, job.created, job.rejected) == ("succeeded", 619, 0), job.error
    # Counted from the file itself, independently of the importer.
    sheet = openpyxl.load_workbook(XLSX, read_only=True)["ISCO-08 EN Struct and defin"]
    in_file = Counter(str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0])
    loaded = Counter(str(level) for level in Occupation.objects.values_list("level", flat=True))
    assert loaded == in_file == Counter({"1": 10, "2": 43, "3": 130, "4": 436})


def test_known_groups_titles_and_hierarchy(isco):
    nurses = Occupation.objects.get(code="2221")
    assert (nurses.title_en, nurses.title_fr) == ("Nursing Professionals", "Cadres infirmiers")
    assert [nurses.parent.code, nurses.parent.parent.code, nurses.parent.parent.parent.code] == [
        "222",
        "22",
        "2",
    ]
    assert nurses.definition.startswith("Nursing professionals")
    assert Occupation.objects.get(code="0110").parent.code == "011"  # armed forces keep zeros


def test_titles_file_adds_french_and_reimports_change_nothing():
    run(XLSX)
    job = run(CSV)
    assert (job.created, job.updated) == (0, 619)
    for path in (XLSX, CSV):
        again = run(path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 619)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code;name_french;name_english\n1;Dirigeants;Managers\n", "separated by semicolons"),
        ("code,title\n1,Managers\n", "expected the header code,name_french,name_english"),
        (
            "code,name_french,name_english\n1,Dirigeants,Managers\n1A,X,Y\n",
            "line 3, code: an ISCO-08 code has 1 to 4 digits ('1A')",
        ),
        (
            "code,name_french,name_english\n1,Dirigeants,Managers\n123,X,Y\n",
            "its parent group 12 comes nowhere before",
        ),
        ("code,name_french,name_english\n1,Dirigeants,\n", "the English title is missing"),
        ("code,name_french,name_english\n", "the file has no ISCO-08 group"),
    ],
)
def test_malformed_files_fail_clearly_and_write_nothing(tmp_path, content, message):
    path = tmp_path / "isco.csv"
    path.write_text(content, encoding="utf-8")
    job = run(path)
    assert job.status == "failed" and message in job.error
    assert not Occupation.objects.exists()


MIXED = (
    "code,name_french,name_english\n"
    "1,Dirigeants,Managers\n"  # line 2
    "11,Directeurs,\n"  # no English title
    "111,Membres,Legislators\n"  # under a rejected group
    "1111,Membres,Legislators\n"  # under a rejected group, two levels down
    "12,Directeurs,Administrative managers\n"
    "12,Encore,Again\n"  # twice
    "121,Finance,Finance managers\n"
    "1A,X,Y\n"  # line 9
)


def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "isco.csv"
    path.write_text(MIXED, encoding="utf-8")
    return path


def test_skip_invalid_rejects_a_group_with_its_subtree_and_loads_the_rest(tmp_path):
    job = run(mixed(tmp_path), skip_invalid=True)
    assert job.status == "succeeded", job.error
    assert (job.created, job.updated, job.unchanged, job.rejected) == (3, 0, 0, 5)
    assert job.created + job.rejected == 8  # the file's rows
    assert dict(Occupation.objects.values_list("code", "parent__code")) == {
        "1": None,
        "12": "1",
        "121": "12",
    }
    assert Occupation.objects.get(code="12").title_en == "Administrative managers"
    assert error_report(job) == [
        ("3", "title", "11", "the English title is missing"),
        ("4", "code", "111", "its parent group 11 was rejected (line 3)"),
        ("5", "code", "1111", "its parent group 111 was rejected (line 4)"),
        ("7", "code", "12", "duplicate code"),
        ("9", "code", "1A", "an ISCO-08 code has 1 to 4 digits"),
    ]


def test_without_skip_invalid_one_invalid_row_stops_the_file(tmp_path):
    job = run(mixed(tmp_path))
    assert job.status == "failed"
    assert "5 of the file's 8 records failed validation, nothing was imported: line 3" in (
        job.error
    )
    assert not Occupation.objects.exists()
    assert len(error_report(job)) == 5


def test_dry_run_with_skip_invalid_counts_and_writes_nothing(tmp_path):
    job = run(mixed(tmp_path), skip_invalid=True, dry_run=True)
    assert (job.status, job.created, job.rejected) == ("succeeded", 3, 5)
    assert not Occupation.objects.exists()


def test_wrong_workbook_sheet_is_named(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Occupations"
    path = tmp_path / "isco.xlsx"
    workbook.save(path)
    job = run(path)
    assert job.status == "failed" and "no sheet named 'ISCO-08 EN Struct and defin'" in job.error


def test_browse_search_and_detail_pages(client, isco):
    html = client.get("/labour-market/occupations/").content.decode()
    assert "Managers" in html and "Chief Executives, Senior Officials and Legislators" in html
    html = client.get("/labour-market/occupations/", {"search": "nursing"}).content.decode()
    assert "Nursing Professionals" in html
    html = client.get("/labour-market/occupations/2221/").content.decode()
    assert "<code>2221</code> Nursing Professionals" in html and "Tasks include" in html
    assert 'href="/labour-market/occupations/222/"' in html  # breadcrumb to the minor group
    html = client.get("/labour-market/occupations/22/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert b"Cadres infirmiers" in html  # children in French
    assert client.get("/labour-market/occupations/99999/").status_code == 404
    assert client.get("/labour-market/occupations/abc/").status_code == 404


def test_api_lists_and_filters_the_classification(api_client, isco, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        body = api_client.get("/api/v1/occupations/", {"limit": 250}).json()
    assert body["count"] == 619 and len(body["results"]) == 250
    assert api_client.get("/api/v1/occupations/", {"level": 1}).json()["count"] == 10
    children = api_client.get("/api/v1/occupations/", {"parent": "22"}).json()["results"]
    assert [c["code"] for c in children] == ["221", "222", "223", "224", "225", "226"]
    nurse = api_client.get("/api/v1/occupations/2221/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert (nurse["title"], nurse["parent"], nurse["level"]) == ("Cadres infirmiers", "222", 4)
    response = api_client.get("/api/v1/occupations/", {"level": 9})
    assert response.status_code == 400 and "level" in response.json()["errors"]
