"""RPW corridors to and from Kosovo (issue 20, defect 3): never dropped without a word."""

from pathlib import Path

import pytest
from django.core.management import call_command

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

HEADER = (
    "Sending Countries Name,Sending Countries Code,Series Name,Series Code,"
    "Receiving Countries  Name,Receiving Countries  Code,"
    "2019Q3 [YR2019Q3],2020Q1 [YR2020Q1],2020Q3 [YR2020Q3]"
)
SERIES = "Average Total Cost to remit in corridor,ATCR.CORR"
# Germany and Switzerland -> Kosovo are surveyed corridors; Kosovo -> Albania is written
# here to show the sending side. The footer follows the first all-empty row, as in DataBank.
ROWS = [
    f"Germany,DEU,{SERIES},Kosovo,KSV,6.1,5.9,..",
    f"Switzerland,CHE,{SERIES},Kosovo,KSV,7.25,..,6.5",
    f"Germany,DEU,{SERIES},Serbia,SRB,8.0,7.5,7.0",
    f"Kosovo,KSV,{SERIES},Albania,ALB,..,4.2,..",
    ",,,,,,,,",
    "Data from database: Remittance Prices Worldwide (Corridors),,,,,,,,",
]


def write(tmp_path: Path) -> Path:
    path = tmp_path / "rpw_corridors.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_corridors_to_kosovo_are_counted_as_skipped_with_their_reason(tmp_path):
    job = import_job_run(job_id=import_job_create(source="rpw", path=write(tmp_path)).pk)
    assert job.status == "succeeded", job.error
    # 2 + 2 published values to Kosovo; 3 to Serbia and 1 from Kosovo are stored.
    assert (job.created, job.rejected, job.skipped) == (4, 0, 4)
    assert job.skipped_reasons == {"counterpart outside ISO 3166": 4}
    assert not Observation.objects.filter(counterpart_code__in=["KSV", "XKX"]).exists()


def test_kosovo_as_sender_is_kept_against_its_statistical_area(tmp_path):
    import_job_run(job_id=import_job_create(source="rpw", path=write(tmp_path)).pk)
    obs = Observation.objects.get(area_code="XKX", counterpart_code="ALB", period="2020-Q1")
    assert obs.value == pytest.approx(4.2)
    assert (obs.country_id, obs.area.code) == (None, "XKX")


def test_the_last_line_says_how_many_were_left_out_and_why(tmp_path, capsys):
    call_command("import_data", "rpw", str(write(tmp_path)))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "created=4 updated=0 unchanged=0 rejected=0 skipped=4"
    assert lines[-2] == "left out: 4 counterpart outside ISO 3166"


SERVICES = (
    "period,source_code,destination_code,firm,firm_type,product,payment instrument,"
    "access point,speed_actual,cc1 fee %,cc1 fx margin,cc1 total cost %,transparent,sample\n"
    "2020_3Q,DEU,SRB,Sample Firm A,Bank,P,Cash,Cash pick-up,Next day,2.0,1.0,3.0,yes,yes\n"
    "2020_3Q,DEU,KSV,Sample Firm A,Bank,P,Cash,Cash pick-up,Next day,2.0,1.5,3.5,yes,yes\n"
    "2020_3Q,CHE,XKX,Sample Firm B,Money Transfer Operator,P,Cash,Cash,Same day,3.0,1.0,4.0,"
    "no,yes\n"
)


def test_provider_rows_to_kosovo_are_counted_as_skipped(tmp_path):
    path = tmp_path / "rpw_services_SAMPLE.csv"
    path.write_text(SERVICES, encoding="utf-8")
    job = import_job_run(job_id=import_job_create(source="rpw", path=path).pk)
    assert job.status == "succeeded", job.error
    assert (job.created, job.skipped) == (1, 2)
    assert job.skipped_reasons == {"corridor outside ISO 3166": 2}
