"""ISIC Rev.4 from the UN structure file shipped with the app."""

import csv
from pathlib import Path

import pytest

from imdi_portal.stats.services import import_job_create, import_job_run
from labour_market.models import Industry
from tests.stats.reports import error_report

pytestmark = pytest.mark.django_db

FILE = (
    Path(__file__).resolve().parents[2]
    / "labour_market"
    / "data"
    / "isic4"
    / "ISIC_Rev_4_english_structure.txt"
)


def run(path: Path, **options):
    return import_job_run(job_id=import_job_create(source="isic4", path=path, **options).pk)


def levels_in_file() -> dict[int, int]:
    counts = {1: 0, 2: 0, 3: 0, 4: 0}
    with FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            counts[1 if row["Code"].isalpha() else len(row["Code"])] += 1
    return counts


def test_every_level_of_the_un_file_loads_with_its_parents():
    job = run(FILE)
    assert (job.status, job.created, job.rejected) == ("succeeded", 766, 0), job.error
    in_file = levels_in_file()
    # The published structure of ISIC Rev.4: 21 sections, 88 divisions, 238 groups, 419 classes.
    assert in_file == {1: 21, 2: 88, 3: 238, 4: 419}
    for level, count in in_file.items():
        assert Industry.objects.filter(level=level).count() == count
    cls = Industry.objects.get(code="8610")
    assert cls.title_en == "Hospital activities"
    assert [a.code for a in cls.ancestors()] == ["Q", "86", "861"]
    assert cls.section == "Q"
    assert Industry.objects.get(code="01").parent.code == "A"
    assert Industry.objects.get(code="99").parent.code == "U"


def test_reimport_is_a_no_op():
    run(FILE)
    again = run(FILE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 766)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('"Code","Title"\n"A","Agriculture"\n', "expected the header Code,Description"),
        ('"Code","Description"\n"01","Crops"\n', "a division must follow its section"),
        ('"Code","Description"\n"A","Agri"\n"01","Crops"\n"0111","Cereals"\n', "parent group 011"),
        ('"Code","Description"\n"A","Agri"\n"A","Again"\n', "duplicate code"),
        ('"Code","Description"\n"Z1","Nothing"\n', "a section letter or 2 to 4 digits"),
        ('"Code","Description"\n"A",""\n', "the English title is missing"),
    ],
)
def test_malformed_files_fail_clearly_and_write_nothing(tmp_path, content, message):
    path = tmp_path / "isic.csv"
    path.write_text(content, encoding="utf-8")
    job = run(path)
    assert job.status == "failed"
    assert message in job.error
    assert not Industry.objects.exists()


MIXED = (
    '"Code","Description"\n'
    '"A","Agriculture"\n'  # line 2
    '"01","Crops"\n'
    '"B",""\n'  # a section without its title
    '"05","Mining of coal"\n'  # its division: not moved under section A
    '"051","Coal"\n'
    '"C","Manufacturing"\n'
    '"10","Food products"\n'  # line 8
)


def test_skip_invalid_rejects_the_divisions_of_a_rejected_section(tmp_path):
    path = tmp_path / "isic.csv"
    path.write_text(MIXED, encoding="utf-8")
    job = run(path, skip_invalid=True)
    assert job.status == "succeeded", job.error
    assert (job.created, job.updated, job.unchanged, job.rejected) == (4, 0, 0, 3)
    assert job.created + job.rejected == 7  # the file's rows
    assert dict(Industry.objects.values_list("code", "parent__code")) == {
        "A": None,
        "01": "A",
        "C": None,
        "10": "C",
    }
    assert error_report(job) == [
        ("4", "title", "B", "the English title is missing"),
        ("5", "code", "05", "its parent group B was rejected (line 4)"),
        ("6", "code", "051", "its parent group 05 was rejected (line 5)"),
    ]


def test_without_skip_invalid_the_same_file_writes_nothing(tmp_path):
    path = tmp_path / "isic.csv"
    path.write_text(MIXED, encoding="utf-8")
    job = run(path)
    assert job.status == "failed" and "3 of the file's 7 records failed validation" in job.error
    assert not Industry.objects.exists()
    job = run(path, skip_invalid=True, dry_run=True)
    assert (job.status, job.created, job.rejected) == ("succeeded", 4, 3)
    assert not Industry.objects.exists()
