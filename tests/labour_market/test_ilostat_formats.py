"""ILOSTAT downloads as real users have them (#21, defect 8): the data explorer's XLSX, and
its labels in French and Spanish. Every file here is built by the test; its figures are
test values, not ILOSTAT's."""

import csv
from pathlib import Path

import openpyxl
import pytest

from imdi_portal.core.models import Country
from imdi_portal.stats.models import Indicator, Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from labour_market import ilostat
from tests.imdi_portal.factories import CountryFactory

pytestmark = pytest.mark.django_db

INDICATOR = "EMP_TEST_SEX_AGE_ECO_NB_A"
HEADER = [
    "ref_area.label",
    "indicator.label",
    "sex.label",
    "classif1.label",
    "classif2.label",
    "time",
    "obs_value",
    "obs_status.label",
]


@pytest.fixture
def country():
    found = Country.objects.filter(name_fr__gt="", name_es__gt="").first()
    return found or CountryFactory(name_en="Testland", name_fr="Testlande", name_es="Testlandia")


def run(path: Path, **kwargs):
    return import_job_run(job_id=import_job_create(source="ilostat", path=path, **kwargs).pk)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], above: list[list] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [*above, HEADER, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def stored() -> set[tuple]:
    return set(
        Observation.objects.filter(indicator__code=INDICATOR).values_list(
            "period", "sex", "age", "classification", "status", "value"
        )
    )


SPANISH = [
    [
        "Empleo (valores de prueba)",
        "Hombres",
        "Edad (Tramos agregados): Total",
        "Actividad económica (Agregado): Total",
        "2020",
        "10.5",
        "Poco fiable",
    ],
    [
        "Empleo (valores de prueba)",
        "Mujeres",
        "Edad (Jóvenes, adultos): 15-24",
        "Actividad económica (Agregado): Total",
        "2020",
        "4",
        "Ruptura de serie",
    ],
    [
        "Empleo (valores de prueba)",
        "Total",
        "Edad (Tramos agregados): Total",
        "Actividad económica (Agregado): Total",
        "2021",
        "20",
        "Estimación",
    ],
]
FRENCH = [
    [
        "Emploi (valeurs de test)",
        "Hommes",
        "Âge (Agrégats de tranches): Total",
        "Activité économique (Agrégat): Total",
        "2020",
        "10.5",
        "Peu fiable",
    ],
    [
        "Emploi (valeurs de test)",
        "Femmes",
        "Âge (Jeunes, adultes): 15-24",
        "Activité économique (Agrégat): Total",
        "2020",
        "4",
        "Rupture de série",
    ],
    [
        "Emploi (valeurs de test)",
        "Total",
        "Âge (Agrégats de tranches): Total",
        "Activité économique (Agrégat): Total",
        "2021",
        "20",
        "Estimation",
    ],
]
ENGLISH = [
    [
        "Employment (test values)",
        "Male",
        "Age (Aggregate bands): Total",
        "Economic activity (Aggregate): Total",
        "2020",
        "10.5",
        "Unreliable",
    ],
    [
        "Employment (test values)",
        "Female",
        "Age (Youth, adults): 15-24",
        "Economic activity (Aggregate): Total",
        "2020",
        "4",
        "Break in series",
    ],
    [
        "Employment (test values)",
        "Total",
        "Age (Aggregate bands): Total",
        "Economic activity (Aggregate): Total",
        "2021",
        "20",
        "Estimate",
    ],
]
EXPECTED = {
    ("2020", "M", "AGE_AGGREGATE_TOTAL", "ECO_AGGREGATE_TOTAL", "U", 10.5),
    ("2020", "F", "AGE_YTHADULT_Y15-24", "ECO_AGGREGATE_TOTAL", "B", 4.0),
    ("2021", "T", "AGE_AGGREGATE_TOTAL", "ECO_AGGREGATE_TOTAL", "E", 20.0),
}


def _rows(rows: list[list[str]], name: str) -> list[list[str]]:
    return [[name, *row] for row in rows]


@pytest.mark.parametrize(
    ("language", "rows", "name_field"),
    [("es", SPANISH, "name_es"), ("fr", FRENCH, "name_fr"), ("en", ENGLISH, "name_en")],
)
def test_labels_in_each_language_give_the_same_codes(tmp_path, country, language, rows, name_field):
    area = getattr(country, f"name_{language}")
    path = write_csv(tmp_path / f"{INDICATOR}-{language}-test.csv", _rows(rows, area))
    job = run(path)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert stored() == EXPECTED
    assert set(Observation.objects.values_list("country", flat=True)) == {country.pk}
    indicator = Indicator.objects.get(code=INDICATOR)
    assert getattr(indicator, name_field) == rows[0][0]
    if language != "en":
        assert indicator.name_en != rows[0][0]  # a Spanish or French title is never name_en


def test_the_xlsx_download_reads_like_the_csv(tmp_path, country):
    rows = [[country.name_en, *row[:4], int(row[4]), float(row[5]), row[6]] for row in ENGLISH]
    path = write_xlsx(tmp_path / f"{INDICATOR}-test.xlsx", rows)
    job = run(path)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert stored() == EXPECTED


def test_an_xlsx_with_title_lines_above_the_header_and_spanish_labels(tmp_path, country):
    rows = [[country.name_es, *row[:4], int(row[4]), float(row[5]), row[6]] for row in SPANISH]
    path = write_xlsx(
        tmp_path / f"{INDICATOR}-es-test.xlsx",
        rows,
        above=[["Título de prueba"], []],
    )
    job = run(path)
    assert (job.status, job.rejected) == ("succeeded", 0), job.error
    assert stored() == EXPECTED
    assert Indicator.objects.get(code=INDICATOR).name_es == SPANISH[0][0]


def test_an_xlsx_without_an_ilostat_header_fails(tmp_path):
    path = tmp_path / f"{INDICATOR}.xlsx"
    book = openpyxl.Workbook()
    for _ in range(25):
        book.active.append(["test", "values"])
    book.save(path)
    job = run(path)
    assert job.status == "failed" and "obs_value" in job.error
    assert not Observation.objects.exists()


def test_an_unmapped_classification_label_is_quoted_with_the_accepted_dimensions(tmp_path, country):
    row = [country.name_en, "Test", "Total", "Colour (test): Blue", "", "2020", "1", ""]
    job = run(write_csv(tmp_path / f"{INDICATOR}.csv", [row]))
    assert job.status == "failed"
    assert "cannot map the classification label 'Colour (test): Blue'" in job.error
    assert "Economic activity" in job.error and "Actividad económica" in job.error
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Âge (Agrégats de tranches): Total", "AGE_AGGREGATE_TOTAL"),
        ("Edad (Tramos agregados): Total", "AGE_AGGREGATE_TOTAL"),
        ("Edad (Tramos agregados): 25+", "AGE_AGGREGATE_YGE25"),
        ("Actividad económica (Agregado): Total", "ECO_AGGREGATE_TOTAL"),
        ("Ocupación (CIUO-08): 2. Profesionales", "OCU_ISCO08_2"),
        ("Profession (CITP-08): 2. Professions intellectuelles", "OCU_ISCO08_2"),
        ("Actividad económica (CIIU-Rev.4): A. Agricultura", "ECO_ISIC4_A"),
        ("Activité économique (CITI-Rév.4): A. Agriculture", "ECO_ISIC4_A"),
    ],
)
def test_french_and_spanish_breakdowns_map_to_the_english_codes(label, code):
    assert ilostat.breakdown_code(label, True, 1, "classif1.label") == code


@pytest.mark.parametrize(
    ("label", "sex"),
    [("Hombres", "M"), ("Mujeres", "F"), ("Hommes", "M"), ("Femmes", "F"), ("Sexo: Total", "T")],
)
def test_french_and_spanish_sexes(label, sex):
    assert ilostat.sex(label, True, 1, "sex.label") == sex
