"""Shortage occupation lists: CSV import, pages, API and the focal points' admin."""

import csv
import datetime
from pathlib import Path

import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.services import import_job_create, import_job_run
from labour_market.importers import SHORTAGE_HEADER
from labour_market.models import ShortageEntry, ShortageList
from tests.imdi_portal.factories import UserFactory
from tests.labour_market.factories import (
    OccupationFactory,
    ShortageEntryFactory,
    ShortageListFactory,
)
from tests.stats.reports import error_report

pytestmark = pytest.mark.django_db

ROW = {
    "country": "DEU",
    "region": "",
    "title": "Test list",
    "source": "Federal gazette (test)",
    "source_url": "https://example.org/list",
    "valid_from": "2025-01-01",
    "valid_to": "",
    "isco_code": "2221",
    "title_as_published": "Nurses",
    "notes": "",
}


@pytest.fixture(autouse=True)
def occupations():
    for code in ("2221", "3221", "7212"):
        OccupationFactory(code=code)


def write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "lists.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=SHORTAGE_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path: Path, **options):
    return import_job_run(
        job_id=import_job_create(source="shortage-lists", path=path, **options).pk
    )


def test_import_creates_lists_then_reimport_is_a_no_op(tmp_path):
    rows = [ROW, {**ROW, "isco_code": "3221", "title_as_published": ""}]
    rows.append({**ROW, "country": "CAN", "region": "Ontario", "isco_code": "7212"})
    job = run(write(tmp_path, rows))
    assert (job.status, job.created, job.rejected) == ("succeeded", 3, 0), job.error
    germany = ShortageList.objects.get(country__iso3="DEU")
    assert sorted(germany.entries.values_list("occupation__code", flat=True)) == ["2221", "3221"]
    assert germany.entries.get(occupation__code="2221").title_as_published == "Nurses"
    assert ShortageList.objects.get(country__iso3="CAN").region == "Ontario"
    again = run(write(tmp_path, rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_the_file_is_the_list_as_published(tmp_path):
    run(write(tmp_path, [ROW, {**ROW, "isco_code": "3221"}]))
    job = run(write(tmp_path, [{**ROW, "notes": "Only in cities"}]))
    assert (job.created, job.updated) == (0, 2)  # one entry changed, one dropped
    entries = ShortageEntry.objects.filter(shortage_list__country__iso3="DEU")
    assert [(e.occupation.code, e.notes) for e in entries] == [("2221", "Only in cities")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"country": "XXZ"}, "unknown ISO 3166-1 alpha-3 code"),
        ({"valid_from": "01/02/2025"}, "expected a date as YYYY-MM-DD"),
        ({"valid_to": "2024-01-01"}, "ends before valid_from"),
        ({"isco_code": "9999"}, "not an ISCO-08 code"),
        ({"source": ""}, "say who publishes the list"),
        ({"source_url": "not a link"}, "not a web address"),
    ],
)
def test_bad_rows_fail_clearly_and_write_nothing(tmp_path, change, message):
    job = run(write(tmp_path, [{**ROW, "isco_code": "3221"}, {**ROW, **change}]))
    assert job.status == "failed"
    assert message in job.error and "line 3" in job.error
    assert not ShortageList.objects.exists()


def test_an_occupation_twice_in_one_list_is_refused(tmp_path):
    job = run(write(tmp_path, [ROW, ROW]))
    assert job.status == "failed" and "listed twice in the same list" in job.error
    assert not ShortageList.objects.exists()


ONTARIO = {**ROW, "country": "CAN", "region": "Ontario", "title": "Ontario list"}
MIXED = [
    {**ROW, "notes": "Only in cities"},  # line 2: valid, but its list has an invalid row
    {**ROW, "isco_code": "3221", "valid_to": "2024-01-01"},  # line 3
    {**ONTARIO, "isco_code": "7212"},
    {**ONTARIO, "isco_code": "2221"},
    {**ROW, "country": "XXZ"},  # line 6: no list of the portal
]


@pytest.fixture
def german_list(tmp_path):
    job = run(write(tmp_path, [ROW, {**ROW, "isco_code": "3221"}]))
    assert (job.status, job.created) == ("succeeded", 2)
    return ShortageList.objects.get()


def entries(shortage_list) -> list[tuple[str, str]]:
    return sorted(shortage_list.entries.values_list("occupation__code", "notes"))


def test_skip_invalid_rejects_a_list_whole_and_loads_the_others(tmp_path, german_list):
    job = run(write(tmp_path, MIXED), skip_invalid=True)
    assert job.status == "succeeded", job.error
    assert (job.created, job.updated, job.unchanged, job.rejected) == (2, 0, 0, 3)
    assert job.created + job.rejected == len(MIXED)
    # The German list keeps 3221 and its old notes: the file's version of it was rejected.
    assert entries(german_list) == [("2221", ""), ("3221", "")]
    ontario = ShortageList.objects.get(region="Ontario")
    assert entries(ontario) == [("2221", ""), ("7212", "")]
    assert error_report(job) == [
        (
            "2",
            "title",
            "Test list",
            "line 3 of the same list is invalid, and a list is imported whole or not at all",
        ),
        ("3", "valid_to", "2024-01-01", "ends before valid_from"),
        ("6", "country", "XXZ", "unknown ISO 3166-1 alpha-3 code"),
    ]


def test_without_skip_invalid_no_list_is_written(tmp_path, german_list):
    job = run(write(tmp_path, MIXED))
    assert job.status == "failed"
    assert "2 of the file's 5 records failed validation, nothing was imported" in job.error
    assert "line 3, valid_to: ends before valid_from ('2024-01-01')" in job.error
    assert list(ShortageList.objects.all()) == [german_list]
    assert entries(german_list) == [("2221", ""), ("3221", "")]


def test_dry_run_with_skip_invalid_counts_and_writes_nothing(tmp_path, german_list):
    job = run(write(tmp_path, MIXED), skip_invalid=True, dry_run=True)
    assert (job.status, job.created, job.rejected) == ("succeeded", 2, 3)
    assert list(ShortageList.objects.all()) == [german_list]


def test_pages_show_current_lists_and_past_ones_on_request(client):
    current = ShortageEntryFactory(
        shortage_list__title="Current list", shortage_list__is_sample=True
    ).shortage_list
    ShortageListFactory(
        title="Expired list",
        valid_from=datetime.date(2010, 1, 1),
        valid_to=datetime.date(2011, 1, 1),
    )
    html = client.get("/labour-market/shortage-lists/").content.decode()
    assert "Current list" in html and "Expired list" not in html and "Sample data" in html
    html = client.get("/labour-market/shortage-lists/?include_past=on").content.decode()
    assert "Expired list" in html
    detail = client.get(current.get_absolute_url()).content.decode()
    assert "Occupation group 2221" in detail and "demonstration record" in detail
    assert client.get("/labour-market/shortage-lists/?isco=nurse").status_code == 400
    assert client.get("/labour-market/shortage-lists/999999/").status_code == 404


def test_api_filters_by_country_and_occupation(api_client, django_assert_max_num_queries):
    germany = Country.objects.get(iso3="DEU")
    nurses = ShortageEntryFactory(shortage_list__country=germany, occupation__code="2221")
    for code in ("3221", "7212"):
        ShortageEntryFactory(occupation__code=code)
    body = api_client.get("/api/v1/shortage-lists/", {"country": "DEU"}).json()
    assert [r["id"] for r in body["results"]] == [nurses.shortage_list_id]
    assert body["results"][0]["entries"][0]["isco_code"] == "2221"
    body = api_client.get("/api/v1/shortage-lists/", {"isco": "72"}).json()
    assert [r["entries"][0]["isco_code"] for r in body["results"]] == ["7212"]
    unknown = api_client.get("/api/v1/shortage-lists/", {"country": "ZZZ"})
    assert unknown.status_code == 200 and unknown.json()["results"] == []
    with django_assert_max_num_queries(4):
        api_client.get("/api/v1/shortage-lists/", {"limit": 250})


@pytest.fixture
def focal_admin(client):
    client.force_login(UserFactory(focal_point=True, country=Country.objects.get(iso3="DEU")))
    return client


def test_focal_points_keep_their_own_countrys_lists_only(focal_admin):
    ours = ShortageListFactory(country=Country.objects.get(iso3="DEU"), title="Ours")
    theirs = ShortageListFactory(country=Country.objects.get(iso3="CAN"), title="Theirs")
    html = focal_admin.get("/admin/labour_market/shortagelist/").content.decode()
    assert "Ours" in html and "Theirs" not in html
    assert (
        focal_admin.get(f"/admin/labour_market/shortagelist/{theirs.pk}/change/").status_code == 302
    )
    form = {
        "title": "Renamed",
        "source": "Gazette",
        "valid_from": "2025-01-01",
        "entries-TOTAL_FORMS": "0",
        "entries-INITIAL_FORMS": "0",
    }
    focal_admin.post(
        f"/admin/labour_market/shortagelist/{theirs.pk}/change/",
        {**form, "country": theirs.country_id},
    )
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"
    response = focal_admin.post(
        "/admin/labour_market/shortagelist/add/", {**form, "country": theirs.country_id}
    )
    assert "Select a valid choice" in response.content.decode()
    response = focal_admin.post(
        f"/admin/labour_market/shortagelist/{ours.pk}/change/", {**form, "country": ours.country_id}
    )
    ours.refresh_from_db()
    assert response.status_code == 302 and ours.title == "Renamed"


def test_a_list_cannot_end_before_it_starts_in_the_admin(focal_admin):
    response = focal_admin.post(
        "/admin/labour_market/shortagelist/add/",
        {
            "country": Country.objects.get(iso3="DEU").pk,
            "title": "Backwards",
            "source": "Gazette",
            "valid_from": "2025-01-01",
            "valid_to": "2024-01-01",
            "entries-TOTAL_FORMS": "0",
            "entries-INITIAL_FORMS": "0",
        },
    )
    assert "The list cannot end before it starts." in response.content.decode()
    assert not ShortageList.objects.exists()
