"""Derived indicators are recomputed set-based, idempotently, after imports and on demand."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from imdi_portal.stats.indicators import affected_by
from imdi_portal.stats.models import Indicator, Observation
from imdi_portal.stats.services import import_job_create, import_job_run, indicators_recompute
from tests.stats.wdi_files import write_wdi

pytestmark = pytest.mark.django_db

PAID = "BM.TRF.PWKR.CD.DT"
POP = "SP.POP.TOTL"


@pytest.fixture
def inputs(tmp_path, django_capture_on_commit_callbacks):
    """Test values (not statistics) for remittances paid and population."""
    with django_capture_on_commit_callbacks(execute=True):
        for name, indicator, rows in [
            (
                "pop.csv",
                POP,
                {
                    "SEN": {"2017": "15000000", "2018": "16000000", "2019": "0"},
                    "KEN": {"2018": "50000000"},
                },
            ),
            (
                "paid.csv",
                PAID,
                {
                    "SEN": {"2017": "300000000", "2018": "480000000", "2019": "96000000"},
                    "KEN": {"2017": "", "2018": "1000000"},
                    "WLD": {"2017": "100", "2018": "150"},
                },
            ),
        ]:
            job = import_job_create(
                source="wdi", path=write_wdi(tmp_path / name, rows, indicator=indicator)
            )
            assert import_job_run(job_id=job.pk).status == "succeeded"


def values(code: str) -> dict[tuple[str, str], float]:
    return {
        (o.area_code, o.period): o.value for o in Observation.objects.filter(indicator__code=code)
    }


def test_per_capita_is_the_ratio_of_the_inputs(inputs):
    per_capita = values("IMDI.BM.TRF.PWKR.PC")
    assert per_capita == {("SEN", "2017"): 20.0, ("SEN", "2018"): 30.0, ("KEN", "2018"): 0.02}
    # 2019: population 0 gives no value, not an error and not a zero


def test_growth_needs_the_previous_year(inputs):
    growth = values("IMDI.BM.TRF.PWKR.GR")
    assert growth[("SEN", "2018")] == pytest.approx(60.0)  # 300 -> 480 million
    assert growth[("SEN", "2019")] == pytest.approx(-80.0)  # 480 -> 96 million
    assert growth[("WLD", "2018")] == pytest.approx(50.0)
    assert ("SEN", "2017") not in growth and ("KEN", "2018") not in growth


def test_derived_indicators_are_flagged_in_the_catalogue(inputs):
    indicator = Indicator.objects.get(code="IMDI.BM.TRF.PWKR.PC")
    assert indicator.is_derived and indicator.name_fr.startswith("Envois de fonds")
    assert Observation.objects.filter(indicator=indicator).first().source == "IMDI (derived)"
    # Cited with the day it was computed, not "undated".
    assert indicator.vintage == f"computed {timezone.localdate():%Y-%m-%d}"


def test_recompute_is_idempotent(inputs):
    before = sorted(values("IMDI.BM.TRF.PWKR.GR").items())
    first = indicators_recompute()
    second = indicators_recompute()
    assert first == second
    assert sorted(values("IMDI.BM.TRF.PWKR.GR").items()) == before
    assert first["IMDI.BM.TRF.PWKR.PC"] == 3


def test_recompute_follows_a_new_vintage(inputs, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            source="wdi",
            path=write_wdi(tmp_path / "pop2.csv", {"SEN": {"2017": "30000000"}}, indicator=POP),
            accept_revisions=True,  # it revises the published population: an accepted revision
        )
        import_job_run(job_id=job.pk)
    assert values("IMDI.BM.TRF.PWKR.PC")[("SEN", "2017")] == 10.0


def test_command_recomputes_only_what_is_named(inputs, capsys):
    Observation.objects.filter(indicator__code="IMDI.BM.TRF.PWKR.PC").delete()
    call_command("recompute_indicators", "--only", "IMDI.BM.TRF.PWKR.PC")
    assert "IMDI.BM.TRF.PWKR.PC: 3 values" in capsys.readouterr().out
    with pytest.raises(CommandError, match="unknown derived indicator"):
        call_command("recompute_indicators", "--only", "NOPE")


def test_registry_knows_which_indicators_an_import_affects():
    assert affected_by({POP}) == {
        "IMDI.BM.TRF.PWKR.PC",
        "IMDI.BX.TRF.PWKR.PC",
        "IMDI.SM.POP.NETM.PT",
        "IMDI.MIGSTOCK.IMM.PT",
        "IMDI.MIGSTOCK.EMI.PT",
    }
    # Derived tables are affected like indicators: the bilateral matrix weights cost averages.
    assert affected_by({"KNOMAD.BILATERAL"}) == {
        "IMDI.KNOMAD.RECEIVED",
        "IMDI.KNOMAD.SENT",
        "IMDI.RPW.COST-AVERAGES",
    }
    # Through a derived indicator: the stock changes nationals abroad, which changes its share.
    assert {"IMDI.MIGSTOCK.ABROAD", "IMDI.MIGSTOCK.EMI.PT", "IMDI.MIGSTOCK.ABROAD.GR10"} <= (
        affected_by({"UNDESA.MIGSTOCK"})
    )
    assert affected_by({"XYZ"}) == set()


def test_nightly_recompute_and_stale_sweep_are_scheduled():
    nightly = PeriodicTask.objects.get(task="imdi_portal.recompute_indicators")
    assert (nightly.crontab.hour, nightly.queue) == ("4", "indicators")
    sweep = PeriodicTask.objects.get(task="imdi_portal.fail_stale_imports")
    assert (sweep.interval.every, sweep.interval.period) == (5, "minutes")
