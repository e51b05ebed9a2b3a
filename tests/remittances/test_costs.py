"""Cost averages and SDG 10.c figures, checked against calculations made here from the raw
file and from hand-built services (never from the code under test)."""

import csv
from decimal import Decimal
from pathlib import Path
from statistics import mean

import pytest

from imdi_portal.stats.services import import_job_create, import_job_run, indicators_recompute
from remittances.costs import cost_averages_recompute
from remittances.indicators import COST_AVERAGES
from remittances.models import CostAverage
from tests.imdi_portal.factories import CountryFactory
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

CORRIDORS = (
    Path(__file__).resolve().parents[2]
    / "remittances/data/rpw/rpw_corridors_databank_2011Q1-2020Q3_subset.csv"
)
Scope, Basis = CostAverage.Scope, CostAverage.Basis


def published(column: str) -> list[float]:
    """The corridor averages of one quarter, straight from the DataBank export."""
    with CORRIDORS.open(encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        return [
            float(row[column])
            for row in reader
            # Kosovo (KSV) counts, as in RPW's own averages; the former Netherlands Antilles
            # has no statistical area in the portal.
            if row["Sending Countries Code"]
            and "ANT" not in {row["Sending Countries Code"], row["Receiving Countries  Code"]}
            and row[column] not in ("..", None, "")
        ]


@pytest.mark.parametrize(
    ("quarter", "column"),
    [("2020-Q3", "2020Q3 [YR2020Q3]"), ("2016-Q3", "2016Q3 [YR2016Q3]")],
)
def test_global_average_of_the_real_file_matches_an_independent_calculation(
    quarter, column, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_run(job_id=import_job_create(source="rpw", path=CORRIDORS).pk)
    assert job.status == "succeeded", job.error
    values = published(column)
    row = CostAverage.objects.get(
        scope=Scope.GLOBAL, period=quarter, amount=200, basis=Basis.CORRIDOR
    )
    assert row.value == pytest.approx(mean(values), abs=1e-9)
    assert row.corridors == len(values)
    assert row.corridors_above_5 == sum(v > 5 for v in values)
    assert row.gap_to_target == pytest.approx(mean(values) - 3)
    # The World Bank's published Global Average for Q3 2016 is 7.42 % (RPW issue 19); this
    # subset of 24 sending countries, averaged by corridor, gives a different figure, as
    # remittances.costs documents.
    if quarter == "2016-Q3":
        assert round(row.value, 2) != 7.42


def test_the_sdg_headline_states_its_sample(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_job_run(job_id=import_job_create(source="rpw", path=CORRIDORS).pk)
    with CORRIDORS.open(encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Sending Countries Code"]]
    column = "2020Q3 [YR2020Q3]"
    corridors = sum(1 for r in rows if r[column] not in ("..", None, ""))
    senders = {r["Sending Countries Code"] for r in rows if r[column] not in ("..", None, "")}
    page = client.get("/remittances/sdg-10c/").content.decode()
    headline = page.split('id="headline"')[1].split("</div>")[0]
    assert f"2020-Q3: {corridors} corridors from {len(senders)} sending countries." in headline


def test_non_transparent_and_incomplete_services_are_left_out():
    sending, receiving = CountryFactory(), CountryFactory()
    corridor = {"sending": sending, "receiving": receiving}
    RemittanceServiceFactory(**corridor, fee_200=Decimal("1"), fx_margin_200=Decimal("1"))
    RemittanceServiceFactory(**corridor, fee_200=Decimal("3"), fx_margin_200=Decimal("1"))
    # Cheapest on paper, but the exchange rate is not disclosed: excluded.
    RemittanceServiceFactory(
        **corridor, fee_200=Decimal("0.5"), fx_margin_200=None, transparent=False
    )
    # Transparent but incomplete (no margin, so no total cost): excluded.
    RemittanceServiceFactory(**corridor, fee_200=Decimal("0.1"), fx_margin_200=None)
    cost_averages_recompute()
    row = CostAverage.objects.get(scope=Scope.CORRIDOR, amount=200, basis=Basis.PROVIDER)
    assert row.value == pytest.approx((2 + 4) / 2)
    assert row.services == 2
    assert row.key == f"{sending.iso3}-{receiving.iso3}"


def test_global_weighted_average_uses_the_bilateral_flows():
    a, b, c = CountryFactory(), CountryFactory(), CountryFactory()
    RemittanceServiceFactory(sending=a, receiving=b, fee_200=Decimal("1"))  # corridor 2 %
    RemittanceServiceFactory(sending=a, receiving=c, fee_200=Decimal("9"))  # corridor 10 %
    flows = IndicatorFactory(code="KNOMAD.BILATERAL")
    ObservationFactory(indicator=flows, country=a, counterpart=b, year=2017, value=300.0)
    ObservationFactory(indicator=flows, country=a, counterpart=c, year=2017, value=100.0)
    indicators_recompute(only=[COST_AVERAGES])
    simple = CostAverage.objects.get(scope=Scope.GLOBAL, amount=200, basis=Basis.PROVIDER)
    weighted = CostAverage.objects.get(
        scope=Scope.GLOBAL_WEIGHTED, amount=200, basis=Basis.PROVIDER
    )
    assert simple.value == pytest.approx((2 + 10) / 2)
    assert weighted.value == pytest.approx((2 * 300 + 10 * 100) / 400)
    assert (simple.corridors, simple.corridors_above_5) == (2, 1)
    assert simple.share_above_5 == pytest.approx(50)


def test_averages_by_provider_type_instrument_and_country():
    a, b, c = CountryFactory(), CountryFactory(), CountryFactory()
    RemittanceServiceFactory(sending=a, receiving=b, firm_type="bank", fee_200=Decimal("7"))
    RemittanceServiceFactory(sending=a, receiving=b, firm_type="mto", fee_200=Decimal("1"))
    RemittanceServiceFactory(
        sending=a, receiving=c, firm_type="mto", fee_200=Decimal("3"), payment_instrument="Online"
    )
    cost_averages_recompute()

    def value(scope, key):
        return CostAverage.objects.get(scope=scope, key=key, amount=200).value

    assert value(Scope.FIRM_TYPE, "bank") == pytest.approx(8)
    assert value(Scope.FIRM_TYPE, "mto") == pytest.approx((2 + 4) / 2)
    assert value(Scope.INSTRUMENT, "Online") == pytest.approx(4)
    assert value(Scope.INSTRUMENT, "Cash") == pytest.approx((8 + 2) / 2)
    # By sending country: every service of the country, as the World Bank defines it.
    assert value(Scope.SENDING, a.iso3) == pytest.approx((8 + 2 + 4) / 3)
    assert value(Scope.RECEIVING, b.iso3) == pytest.approx((8 + 2) / 2)
    # USD 500 is averaged on its own column.
    assert CostAverage.objects.get(
        scope=Scope.RECEIVING, key=c.iso3, amount=500
    ).value == pytest.approx(2.5)


def test_recompute_replaces_everything():
    RemittanceServiceFactory()
    first = cost_averages_recompute()
    assert cost_averages_recompute() == first == CostAverage.objects.count()
