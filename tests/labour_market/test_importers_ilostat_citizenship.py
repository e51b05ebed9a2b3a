"""ILOSTAT's labels download by citizenship (MST_XWAP_SEX_AGE_CCT_NB_A, SOURCES.md 8.4), in a
small file written here in that layout: citizenship is a breakdown, Kosovo an area."""

from pathlib import Path

import pytest

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

HEADER = (
    '"ref_area.label","source.label","indicator.label","sex.label","classif1.label",'
    '"classif2.label","time","obs_value","obs_status.label","note_classif.label",'
    '"note_indicator.label","note_source.label"'
)
LABEL = (
    '"LFS - Labour Force Survey","Working-age population by sex, age and citizenship (thousands)"'
)
ROWS = [
    f'"Kosovo",{LABEL},"Male","Age (Aggregate bands): 15-24","Citizenship: National citizens",'
    '"2024",133.322,,,,""',
    f'"Kosovo",{LABEL},"Male","Age (Aggregate bands): 15-24","Citizenship: Foreign citizens",'
    '"2024",,"Unreliable",,,""',
    f'"Italy",{LABEL},"Female","Age (Aggregate bands): 25-54","Citizenship: Foreign citizens",'
    '"2024",1620.5,"Unreliable",,,""',
]


def test_citizenship_rows_and_kosovo_load(tmp_path: Path):
    path = tmp_path / "MST_XWAP_SEX_AGE_CCT_NB_A-filtered-2025-10-31.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    job = import_job_run(job_id=import_job_create(source="ilostat", path=path).pk)
    assert (job.status, job.created, job.rejected) == ("succeeded", 2, 0), job.error
    kosovo = Observation.objects.get(area_code="XKX")
    assert (kosovo.value, kosovo.sex, kosovo.area.code, kosovo.country_id) == (
        133.322,
        "M",
        "XKX",
        None,
    )
    assert kosovo.classification == "CCT_NATIONALCITIZENS"
    assert kosovo.age == "AGE_AGGREGATE_Y15-24"
    italy = Observation.objects.get(area_code="ITA")
    assert (italy.value, italy.sex, italy.status) == (1620.5, "F", "U")
    assert italy.classification == "CCT_FOREIGNCITIZENS"
