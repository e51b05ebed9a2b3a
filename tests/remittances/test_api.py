"""Remittances API: filters, errors, and a constant number of queries at any page size."""

from decimal import Decimal

import pytest

from remittances.costs import cost_averages_recompute
from tests.imdi_portal.factories import CountryFactory
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/remittance-flows/",
    "/api/v1/bilateral-remittances/",
    "/api/v1/corridor-costs/",
    "/api/v1/remittance-services/",
    "/api/v1/remittance-cost-indicators/",
]


@pytest.fixture
def data():
    countries = CountryFactory.create_batch(6)
    flows = IndicatorFactory(code="KNOMAD.BILATERAL")
    paid = IndicatorFactory(code="BM.TRF.PWKR.CD.DT")
    for i, sending in enumerate(countries):
        ObservationFactory(indicator=paid, country=sending, year=2020, value=1e6 * (i + 1))
        for receiving in countries:
            if receiving != sending:
                ObservationFactory(
                    indicator=flows, country=sending, counterpart=receiving, year=2017, value=i + 1
                )
                for period in ("2020-Q2", "2020-Q3"):
                    RemittanceServiceFactory(
                        sending=sending,
                        receiving=receiving,
                        period=period,
                        fee_200=Decimal(i + 1),
                    )
    cost_averages_recompute()
    return countries


@pytest.mark.parametrize("url", LISTS)
def test_lists_run_a_constant_number_of_queries(
    api_client, data, url, django_assert_max_num_queries
):
    sizes = []
    for limit in (2, 100):
        with django_assert_max_num_queries(5):
            response = api_client.get(url, {"limit": limit})
        assert response.status_code == 200
        sizes.append(len(response.json()["results"]))
    assert sizes[0] == 2 and sizes[1] > 2


def test_filters(api_client, data):
    a, b = data[0], data[1]
    rows = api_client.get(
        "/api/v1/remittance-services/",
        {"sending": a.iso3, "receiving": b.iso3, "period": "2020-Q3"},
    ).json()["results"]
    assert len(rows) == 1 and rows[0]["total_cost_200"] == "2.000"
    assert rows[0]["received_200"] == 196.0
    costs = api_client.get(
        "/api/v1/corridor-costs/", {"sending": a.iso3, "amount": 200, "period_from": "2020-Q3"}
    ).json()
    assert costs["count"] == 5 and {r["period"] for r in costs["results"]} == {"2020-Q3"}
    flows = api_client.get(
        "/api/v1/bilateral-remittances/", {"receiving": a.iso3, "min_value": 5}
    ).json()
    assert [(r["sending"], r["value"]) for r in flows["results"]] == [
        (data[4].iso3, 5.0),
        (data[5].iso3, 6.0),
    ]
    out = api_client.get(
        "/api/v1/remittance-flows/", {"country": a.iso3, "direction": "out"}
    ).json()
    assert [r["indicator"] for r in out["results"]] == ["BM.TRF.PWKR.CD.DT"]
    glob = api_client.get(
        "/api/v1/remittance-cost-indicators/",
        {"scope": "global", "amount": 200, "period": "2020-Q3"},
    ).json()["results"]
    assert len(glob) == 1 and glob[0]["corridors"] == 30
    # Fees 1..6 % plus a 1 % margin: the 5 corridors of each of the 2 senders at 6 and 7 %.
    assert glob[0]["corridors_above_5"] == 10


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/corridor-costs/", {"period_from": "2020"}, "period_from"),
        ("/api/v1/remittance-cost-indicators/", {"amount": 7}, "amount"),
        ("/api/v1/remittance-services/", {"firm_type": "hawala"}, "firm_type"),
        ("/api/v1/bilateral-remittances/", {"sending": "G!"}, "sending"),
        ("/api/v1/remittance-flows/", {"direction": "sideways"}, "direction"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(api_client, url, params, field):
    response = api_client.get(url, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_csv_format(api_client, data):
    response = api_client.get("/api/v1/corridor-costs/", {"format": "csv", "limit": 3})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("key,sending,receiving,period,amount,basis,value")
    assert len(lines) == 4


def test_writes_are_not_allowed(api_client, data):
    assert api_client.post("/api/v1/remittance-services/", {}).status_code in (401, 403, 405)
