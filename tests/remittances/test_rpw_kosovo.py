"""RPW corridors to and from Kosovo (issue 20, defect 3): kept, and counted in the averages."""

from pathlib import Path

import pytest
from django.core.management import call_command

from imdi_portal.stats.models import Indicator, Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from remittances.costs import cost_averages_recompute
from remittances.models import CostAverage

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
    f"Netherlands,NLD,{SERIES},Netherlands Antilles,ANT,..,..,9.9",
    ",,,,,,,,",
    "Data from database: Remittance Prices Worldwide (Corridors),,,,,,,,",
    "Last Updated: 12/07/2020,,,,,,,,",
]


def write(tmp_path: Path) -> Path:
    path = tmp_path / "rpw_corridors.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_corridors_to_kosovo_are_kept_against_its_statistical_area(tmp_path):
    job = import_job_run(job_id=import_job_create(source="rpw", path=write(tmp_path)).pk)
    assert job.status == "succeeded", job.error
    # 2 + 2 values to Kosovo, 3 to Serbia, 1 from Kosovo; 1 to the Netherlands Antilles,
    # which has no statistical area (dissolved in 2010).
    assert (job.created, job.rejected, job.skipped) == (8, 0, 1)
    assert job.skipped_reasons == {"economy outside ISO 3166 without a statistical area": 1}
    obs = Observation.objects.get(area_code="CHE", counterpart_code="XKX", period="2019-Q3")
    assert obs.value == pytest.approx(7.25)
    assert (obs.counterpart_id, obs.counterpart_area.code) == (None, "XKX")
    assert obs.counterpart_name == "Kosovo"


def test_kosovo_as_sender_is_kept_against_its_statistical_area(tmp_path):
    import_job_run(job_id=import_job_create(source="rpw", path=write(tmp_path)).pk)
    obs = Observation.objects.get(area_code="XKX", counterpart_code="ALB", period="2020-Q1")
    assert obs.value == pytest.approx(4.2)
    assert (obs.country_id, obs.area.code) == (None, "XKX")


def test_the_last_line_says_how_many_were_left_out_and_why(tmp_path, capsys):
    call_command("import_data", "rpw", str(write(tmp_path)))
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "created=8 updated=0 unchanged=0 rejected=0 skipped=1"
    assert lines[-2] == "left out: 1 economy outside ISO 3166 without a statistical area"


def average(scope: str, key: str, period: str) -> float:
    return CostAverage.objects.get(
        scope=scope, key=key, period=period, amount=200, basis="corridor"
    ).value


def test_kosovo_corridors_count_in_the_averages_where_the_world_bank_counts_them(tmp_path):
    import_job_run(job_id=import_job_create(source="rpw", path=write(tmp_path)).pk)
    cost_averages_recompute()
    # 2019-Q3 from the rows above: DEU->XKX 6.1, CHE->XKX 7.25, DEU->SRB 8.0 (senders are
    # countries; Kosovo's own sending is not a corridor average of a country).
    assert average("global", "", "2019-Q3") == pytest.approx((6.1 + 7.25 + 8.0) / 3)
    assert average("sending", "DEU", "2019-Q3") == pytest.approx((6.1 + 8.0) / 2)
    assert average("receiving", "XKX", "2019-Q3") == pytest.approx((6.1 + 7.25) / 2)
    # Kosovo and Serbia are both in the World Bank's Europe & Central Asia.
    assert average("wb-region", "Europe & Central Asia", "2019-Q3") == pytest.approx(
        (6.1 + 7.25 + 8.0) / 3
    )
    corridor = CostAverage.objects.get(scope="corridor", key="CHE-XKX", period="2020-Q3")
    assert (corridor.receiving_code, corridor.receiving_name) == ("XKX", "Kosovo")
    assert corridor.get_absolute_url() == ""


def test_pages_name_the_kosovo_corridors(client, tmp_path):
    import_job_run(job_id=import_job_create(source="rpw", path=write(tmp_path)).pk)
    cost_averages_recompute()
    corridors = client.get("/remittances/corridors/").content.decode()
    assert "Switzerland → Kosovo" in corridors
    # In the latest quarter (2020-Q3) CHE->XKX costs 6.5 %, above the SDG's 5 % ceiling.
    sdg = client.get("/remittances/sdg-10c/").content.decode()
    assert "Switzerland → Kosovo" in sdg
    # The comparator offers the countries with services to compare; Kosovo has averages only.
    compare = client.get("/remittances/compare/")
    assert compare.status_code == 200
    assert "Serbia" in compare.content.decode() and "Kosovo" not in compare.content.decode()
    rows = client.get("/api/v1/corridor-costs/", {"limit": 100}).json()["results"]
    assert {"key": "CHE-XKX", "receiving": "XKX", "period": "2020-Q3"}.items() <= next(
        r for r in rows if r["key"] == "CHE-XKX" and r["period"] == "2020-Q3"
    ).items()


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


def test_the_release_date_of_the_databank_footer_is_the_vintage(tmp_path):
    import_job_run(job_id=import_job_create(source="rpw", path=write(tmp_path)).pk)
    # DataBank writes month/day/year: 7 December 2020, the release of RPW's Q3 2020 round.
    obs = Observation.objects.get(area_code="DEU", counterpart_code="SRB", period="2020-Q3")
    assert obs.vintage == "2020-12-07"
    assert Indicator.objects.get(code="ATCR.CORR").vintage == "2020-12-07"
