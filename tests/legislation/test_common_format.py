"""The common format: template, export, import as drafts, round trip, bad files."""

import csv
import io
import json

import pytest

from imdi_portal.core.models import Country
from legislation.common_format import COLUMNS, dump, record_of
from legislation.models import Law, PermitCategory
from legislation.services import category_snapshot
from tests.imdi_portal.hostile import HOSTILE, neutralised
from tests.legislation.factories import PermitCategoryFactory
from tests.stats.reports import error_report

pytestmark = pytest.mark.django_db
State = PermitCategory.State


def run_import(tmp_path, content: bytes, name: str = "file.json", **options):
    from imdi_portal.stats.services import import_job_create, import_job_run

    path = tmp_path / name
    path.write_bytes(content)
    return import_job_run(job_id=import_job_create(source="legislation", path=path, **options).pk)


@pytest.fixture
def published():
    category = PermitCategoryFactory(
        published=True,
        with_elements=True,
        slug="employment",
        name_en="Employment visa",
        dependants_allowed=True,
    )
    category.laws.add(
        Law.objects.create(
            country=category.country, title="Labour Code", year=1974, source="gazette"
        )
    )
    return category


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_then_import_changes_nothing(client, tmp_path, published, fmt):
    exported = client.get(f"/legislation/PHL/export.{fmt}")
    assert exported.status_code == 200
    job = run_import(tmp_path, exported.content, f"export.{fmt}")
    assert (job.status, job.created, job.updated, job.unchanged) == ("succeeded", 0, 0, 1), (
        job.error
    )
    assert PermitCategory.objects.count() == 1


def test_a_changed_record_becomes_a_revision_draft_for_review(tmp_path, published):
    record = record_of(published)
    record["processing_days_typical"] = 99
    record["fees"][0]["amount"] = "150.00"
    job = run_import(tmp_path, dump([record], "json"))
    assert (job.status, job.created) == ("succeeded", 1), job.error
    draft = PermitCategory.objects.get(public=published)
    assert draft.state == State.DRAFT and draft.processing_days_typical == 99
    assert str(draft.fees.get().amount) == "150.00"
    assert [law.title for law in draft.laws.all()] == ["Labour Code"]
    published.refresh_from_db()
    assert published.processing_days_typical == 30  # the public entry waits for review
    assert draft.state_changes.get().reason == "imported from file.json"
    again = run_import(tmp_path, dump([record], "json"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_a_new_record_becomes_a_new_draft_and_its_laws_are_created(tmp_path):
    record = {
        "country": "SEN",
        "slug": "seasonal",
        "name_en": "Seasonal permit",
        "kind": "seasonal",
        "renewable": "false",
        "requirements": [{"text": "An offer"}],
        "laws": [{"title": "Code du travail", "year": 1997, "source": "gazette"}],
    }
    job = run_import(tmp_path, json.dumps({"categories": [record]}).encode())
    assert (job.status, job.created) == ("succeeded", 1), job.error
    draft = PermitCategory.objects.get(slug="seasonal")
    assert (draft.state, draft.country.iso3, draft.public) == (State.DRAFT, "SEN", None)
    assert draft.laws.get().title == "Code du travail"
    assert not PermitCategory.objects.published().exists()


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"country": "ZZZ", "slug": "x", "name_en": "X", "kind": "seasonal"},
            "record 2, field 'country': unknown ISO3 code 'ZZZ'",
        ),
        (
            {"country": "SEN", "slug": "Not a slug", "name_en": "X", "kind": "seasonal"},
            "field 'slug'",
        ),
        (
            {"country": "SEN", "slug": "x", "name_en": "X", "kind": "astronaut"},
            "field 'kind': Select a valid choice",
        ),
        (
            {
                "country": "SEN",
                "slug": "x",
                "name_en": "X",
                "kind": "seasonal",
                "fees": [{"label": "Fee", "amount": "-1", "currency": "XOF", "payer": "applicant"}],
            },
            "field 'fees', item 1, amount: Ensure this value is greater than or equal to 0.",
        ),
        (
            {
                "country": "SEN",
                "slug": "x",
                "name_en": "X",
                "kind": "seasonal",
                "processing_days_typical": 60,
                "processing_days_max": 30,
            },
            "field 'processing_days_max': The maximum cannot be shorter",
        ),
        (
            {
                "country": "SEN",
                "slug": "x",
                "name_en": "X",
                "kind": "seasonal",
                "laws": [{"year": 2000}],
            },
            "field 'laws', item 1: a law needs a title",
        ),
    ],
)
def test_invalid_records_name_the_record_and_field_and_write_nothing(tmp_path, record, message):
    good = {"country": "PHL", "slug": "fine", "name_en": "Fine", "kind": "seasonal"}
    job = run_import(tmp_path, json.dumps([good, record]).encode())
    assert job.status == "failed"
    assert message in job.error
    assert not PermitCategory.objects.exists() and not Law.objects.exists()


def test_bad_files_are_refused(tmp_path):
    job = run_import(tmp_path, b'{"categories": [', "broken.json")
    assert job.status == "failed" and "not valid JSON" in job.error and "line 1" in job.error
    job = run_import(tmp_path, b"country,slug,name\nPHL,x,y\n", "wrong.csv")
    assert job.status == "failed" and "missing: name_en" in job.error
    assert "unknown: name" in job.error
    header = ",".join(COLUMNS).encode()
    job = run_import(
        tmp_path, header + b"\n" + b"PHL,x," + b"," * (len(COLUMNS) - 3) + b"\n", "nokind.csv"
    )
    assert job.status == "failed" and "field 'kind'" in job.error


def mixed_records(published) -> bytes:
    seasonal = {"country": "SEN", "slug": "seasonal", "name_en": "Seasonal", "kind": "seasonal"}
    return json.dumps(
        [
            seasonal,  # created
            {"country": "ZZZ", "slug": "x", "name_en": "X", "kind": "seasonal"},
            record_of(published),  # unchanged
            {**seasonal, "name_en": "Seasonal again"},  # the same country and slug
            {"country": "SEN", "slug": "study", "name_en": "Study", "kind": "astronaut"},
        ],
        default=str,
    ).encode()


def test_skip_invalid_imports_the_valid_categories_and_reports_the_rest(tmp_path, published):
    job = run_import(tmp_path, mixed_records(published), skip_invalid=True)
    assert job.status == "succeeded", job.error
    assert (job.created, job.updated, job.unchanged, job.rejected) == (1, 0, 1, 3)
    assert job.created + job.updated + job.unchanged + job.rejected == 5  # the file's records
    draft = PermitCategory.objects.get(country__iso3="SEN")
    assert (draft.slug, draft.name_en, draft.state) == ("seasonal", "Seasonal", State.DRAFT)
    assert PermitCategory.objects.count() == 2
    report = error_report(job)
    assert [row[:3] for row in report] == [
        ("2", "field 'country'", ""),
        ("4", "field 'slug'", ""),
        ("5", "field 'kind'", ""),
    ]
    assert report[0][3] == "unknown ISO3 code 'ZZZ'"
    assert report[1][3] == (
        "the same country and slug (SEN/seasonal) appear twice, first in record 1"
    )
    assert report[2][3].startswith("Select a valid choice")


def test_without_skip_invalid_one_invalid_category_stops_the_file(tmp_path, published):
    job = run_import(tmp_path, mixed_records(published))
    assert job.status == "failed"
    assert "3 of the file's 5 records failed validation, nothing was imported" in job.error
    assert "record 2, field 'country': unknown ISO3 code 'ZZZ'; record 4, field 'slug'" in (
        job.error
    )
    assert list(PermitCategory.objects.all()) == [published]
    assert len(error_report(job)) == 3


def test_dry_run_with_skip_invalid_counts_the_categories_and_writes_nothing(tmp_path, published):
    job = run_import(tmp_path, mixed_records(published), skip_invalid=True, dry_run=True)
    assert (job.status, job.created, job.unchanged, job.rejected) == ("succeeded", 1, 1, 3)
    assert list(PermitCategory.objects.all()) == [published]
    assert not Law.objects.exclude(pk__in=published.laws.all()).exists()


def test_api_upload_with_skip_invalid_imports_the_valid_categories(
    api_client, django_capture_on_commit_callbacks, published
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.imdi_portal.factories import UserFactory

    api_client.force_authenticate(UserFactory(secretariat=True))
    upload = SimpleUploadedFile("categories.json", mixed_records(published), "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/imports/",
            {"source": "legislation", "file": upload, "skip_invalid": "true"},
            format="multipart",
        )
    job = api_client.get(response.json()["url"]).json()
    assert (job["status"], job["created"], job["unchanged"], job["rejected"]) == (
        "succeeded",
        1,
        1,
        3,
    )
    assert [e["line"] for e in job["errors"]] == [2, 4, 5]
    assert PermitCategory.objects.filter(country__iso3="SEN", slug="seasonal").exists()


def test_template_documents_every_column(client):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/legislation/format/template.xlsx").content)
    )
    assert [c.value for c in workbook["categories"][1]] == COLUMNS
    documented = [row[0].value for row in workbook["fields"].iter_rows(min_row=2)]
    assert documented == COLUMNS
    html = client.get("/legislation/format/").content.decode()
    assert all(f"<code>{c}</code>" in html for c in COLUMNS)


def test_snapshot_and_format_agree_on_scalar_values(published):
    snapshot, record = category_snapshot(published), record_of(published)
    assert all(
        snapshot[key] == record[key]
        for key in record
        if key
        not in (
            "country",
            "fees",
            "laws",
            "requirements",
            "documents",
            "professional_bodies",
            "contact_points",
        )
    )
    assert Country.objects.get(iso3=record["country"]) == published.country


def test_json_template_documents_every_field(client):
    document = json.loads(client.get("/legislation/format/template.json").content)
    assert [f["name"] for f in document["fields"]] == COLUMNS
    assert all(f["type"] and f["meaning"] for f in document["fields"])
    assert document["categories"] == []


# --- cells that would run as formulas (#21) --------------------------------------------


@pytest.fixture
def hostile_categories():
    return [
        PermitCategoryFactory(published=True, slug=f"hostile-{n}", name_en=text)
        for n, text in enumerate(HOSTILE)
    ]


def test_the_xlsx_export_writes_formula_like_names_as_text(client, hostile_categories):
    import openpyxl

    response = client.get("/legislation/PHL/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["categories"]
    header = [cell.value for cell in sheet[1]]
    by_slug = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    for n, text in enumerate(HOSTILE):
        name = by_slug[f"hostile-{n}"][header.index("name_en")]
        assert (name.value, name.data_type) == (neutralised(text), "s")
        days = by_slug[f"hostile-{n}"][header.index("processing_days_typical")]
        assert (days.value, days.data_type) == (30, "n")  # a number stays a number


def test_the_csv_export_writes_formula_like_names_behind_a_quote(client, hostile_categories):
    response = client.get("/legislation/PHL/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row["slug"]: row["name_en"] for row in rows}
    assert names == {f"hostile-{n}": neutralised(text) for n, text in enumerate(HOSTILE)}


def test_a_negative_number_stays_a_number_in_the_xlsx():
    import openpyxl

    content = dump([{"country": "PHL", "slug": "x", "processing_days_typical": -0.215}], "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content))["categories"]
    cell = sheet.cell(row=2, column=COLUMNS.index("processing_days_typical") + 1)
    assert (cell.value, cell.data_type) == (-0.215, "n")
