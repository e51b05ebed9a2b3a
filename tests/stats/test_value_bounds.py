"""Values that cannot be true for their kind are rejected with the line, not stored: a
negative population or amount, a share above 100 % (issue 20: figures a ministry can cite)."""

import pytest

from imdi_portal.stats.models import Observation
from imdi_portal.stats.services import import_job_create, import_job_run
from tests.stats.wdi_files import write_wdi

pytestmark = pytest.mark.django_db


def run(path, **options):
    return import_job_run(job_id=import_job_create(source="wdi", path=path, **options).pk)


def test_a_negative_population_is_rejected_and_nothing_is_written(tmp_path):
    path = write_wdi(
        tmp_path / "API_SP.POP.TOTL.csv",
        {"SEN": {"2017": "15411614"}, "PHL": {"2017": "-5"}},
        indicator="SP.POP.TOTL",
        name="Population, total",
    )
    job = run(path)
    assert job.status == "failed"
    assert "a count cannot be negative" in job.error and "'-5.0'" in job.error
    assert not Observation.objects.exists()


def test_with_skip_invalid_only_the_impossible_value_is_left_out(tmp_path):
    path = write_wdi(
        tmp_path / "API_SL.UEM.TOTL.ZS.csv",
        {"SEN": {"2017": "6.8"}, "PHL": {"2017": "120.5"}},
        indicator="SL.UEM.TOTL.ZS",
        name="Unemployment, total (% of total labor force)",
    )
    job = run(path, skip_invalid=True)
    assert (job.status, job.created, job.rejected) == ("succeeded", 1, 1)
    assert job.errors[0]["message"] == "a share lies between 0 and 100"
    assert Observation.objects.get().value == 6.8


def test_a_balance_may_be_negative(tmp_path):
    path = write_wdi(tmp_path / "API_SM.POP.NETM.csv", {"SEN": {"2017": "-19999"}})
    job = run(path)
    assert (job.status, job.created) == ("succeeded", 1), job.error
