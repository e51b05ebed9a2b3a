"""Remittance pages: corridor, comparator, SDG dashboard, flows, profile section, CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from imdi_portal.core.models import Country
from remittances.costs import cost_averages_recompute
from tests.imdi_portal.factories import CountryFactory
from tests.imdi_portal.hostile import HOSTILE, neutralised
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def services(html: str) -> str:
    """The services table of a corridor page."""
    return html[html.index('id="services"') :]


@pytest.fixture
def corridor():
    sending, receiving = CountryFactory(name_en="Sendland"), CountryFactory(name_en="Receiveland")
    pair = {"sending": sending, "receiving": receiving}
    RemittanceServiceFactory(**pair, firm="Dear Bank", firm_type="bank", fee_200=Decimal("10"))
    RemittanceServiceFactory(**pair, firm="Quick Transfer", fee_200=Decimal("2"), speed="1")
    RemittanceServiceFactory(**pair, firm="Cheap Slow", fee_200=Decimal("1.5"), speed="5")
    RemittanceServiceFactory(
        **pair, firm="Hidden Rate", fee_200=Decimal("0.2"), fx_margin_200=None, transparent=False
    )
    RemittanceServiceFactory(**pair, firm="Older", period="2020-Q2", fee_200=Decimal("5"))
    flows = IndicatorFactory(code="KNOMAD.BILATERAL")
    ObservationFactory(
        indicator=flows, country=sending, counterpart=receiving, year=2017, value=42.5
    )
    cost_averages_recompute()
    return sending, receiving


def test_corridor_page_highlights_the_cheapest_transparent_service(client, corridor):
    sending, receiving = corridor
    url = reverse("remittances:corridor", args=[sending.iso3, receiving.iso3])
    page = client.get(url).content.decode()
    assert "42.5" in page  # the bilateral flow estimate
    html = services(page)
    rows = html.split('<tr class="best">')
    assert len(rows) == 2 and rows[1].split("</tr>")[0].count("Cheap Slow") == 1
    # Latest quarter by default, cheapest first, the undisclosed rate last and labelled.
    assert html.index("Cheap Slow") < html.index("Quick Transfer") < html.index("Dear Bank")
    assert html.index("Dear Bank") < html.index("Hidden Rate")
    assert "Exchange rate not disclosed" in html
    assert "Older" not in html
    assert "USD 195.00" in html  # 200 - 2.5 % of Cheap Slow
    # Sorting by speed puts the fastest first; an older quarter can be chosen.
    html = services(client.get(url, {"sort": "speed"}).content.decode())
    assert html.index("Quick Transfer") < html.index("Cheap Slow")
    assert "Older" in services(client.get(url, {"period": "2020-Q2"}).content.decode())


def test_corridor_csv_downloads(client, corridor):
    sending, receiving = corridor
    url = reverse("remittances:corridor", args=[sending.iso3, receiving.iso3])
    response = client.get(url, {"format": "csv", "table": "services"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["provider"] for r in rows][:3] == ["Cheap Slow", "Quick Transfer", "Dear Bank"]
    assert rows[0]["received_of_200_usd"] == "195"  # whole values without ".0" (figures.csv_cell)
    trend = client.get(url, {"format": "csv"})
    lines = b"".join(trend.streaming_content).decode().splitlines()
    # Two quarters x two amounts from the provider-level data.
    assert len(lines) == 1 + 4
    assert "2020-Q2,200,provider,6.00,1,False" in lines


def test_unknown_corridor_country_is_a_404_and_lower_case_redirects(client, corridor):
    sending, receiving = corridor
    assert client.get("/remittances/corridors/QQQ/PAK/").status_code == 404
    response = client.get(f"/remittances/corridors/{sending.iso3.lower()}/{receiving.iso3}/")
    assert response.status_code == 302


def test_comparator_lists_what_the_recipient_gets(client, corridor):
    sending, receiving = corridor
    url = reverse("remittances:compare")
    html = client.get(
        url, {"sending": sending.iso3, "receiving": receiving.iso3, "amount": 500}
    ).content.decode()
    # USD 500: every service costs fee 1.5 % + margin 1 %, the recipient gets 487.50.
    assert "Recipient gets USD 487.50" in html
    assert "Hidden Rate" in html and "do not disclose" not in html.split("Hidden Rate")[0][-5:]
    html = client.get(
        url, {"sending": sending.iso3, "receiving": receiving.iso3, "amount": 200}
    ).content.decode()
    first = html.index('class="quote best"')
    assert html.index("Cheap Slow") > first and "USD 195.00" in html


def test_comparator_lists_the_services_of_an_amount_without_an_average(client, corridor):
    # The World Bank publishes corridor averages for USD 200 only; at USD 500 the services
    # surveyed must still be listed (they were hidden with the missing average).
    from remittances.models import CostAverage

    sending, receiving = corridor
    CostAverage.objects.filter(amount=500).delete()
    html = client.get(
        reverse("remittances:compare"),
        {"sending": sending.iso3, "receiving": receiving.iso3, "amount": 500},
    ).content.decode()
    assert "Corridor average" not in html
    assert "Recipient gets USD 487.50" in html and "Cheap Slow" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sending": "QQQ", "receiving": "PAK", "amount": 200}, "Choose a sending country"),
        ({"sending": "GBR", "receiving": "GBR", "amount": 200}, "Choose two different countries"),
        ({"sending": "GBR", "receiving": "PAK", "amount": 7}, "Choose USD 200 or USD 500"),
    ],
)
def test_comparator_rejects_bad_input_clearly(client, params, message):
    response = client.get(reverse("remittances:compare"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_comparator_falls_back_to_the_corridor_average(client):
    a, b = CountryFactory(), CountryFactory()
    published = IndicatorFactory(code="ATCR.CORR")
    ObservationFactory(indicator=published, country=a, counterpart=b, period="2020-Q3", value=6.0)
    cost_averages_recompute()
    html = client.get(
        reverse("remittances:compare"), {"sending": a.iso3, "receiving": b.iso3, "amount": 200}
    ).content.decode()
    assert "the recipient got USD 188.00 of 200 sent" in html
    assert "corridor average is shown instead" in html


def test_sdg_dashboard_shows_the_target_and_corridors_above_5(client, corridor):
    html = client.get(reverse("remittances:sdg"), {"basis": "provider"}).content.decode()
    # One corridor: 2020-Q3 average of 11, 3 and 2.5 = 5.50 %, above the 5 % ceiling.
    assert "5.50 %" in html and "2.50 percentage points above the 3 % target" in html
    assert "1 / 1" in html
    assert "Sendland → Receiveland" in html
    assert "Sample data" not in html
    response = client.get(reverse("remittances:sdg"), {"basis": "provider", "format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[1].startswith("2020-Q2,6.00,6.00,1,1,100.00,3.00")


def test_flows_page_ranks_corridors(client):
    flows = IndicatorFactory(code="KNOMAD.BILATERAL")
    a, b, c = CountryFactory(name_en="Alpha"), CountryFactory(name_en="Beta"), CountryFactory()
    ObservationFactory(indicator=flows, country=a, counterpart=b, year=2017, value=10.0)
    ObservationFactory(indicator=flows, country=c, counterpart=b, year=2017, value=99.0)
    html = client.get(reverse("remittances:flows")).content.decode()
    assert html.index(c.name_en) < html.index("Alpha")
    assert 'role="img"' in html  # the flow diagram, with the table as its alternative


def test_country_profile_shows_remittances(client, corridor):
    sending, receiving = corridor
    paid = IndicatorFactory(code="BM.TRF.PWKR.CD.DT")
    for year, value in ((2019, 1.5e9), (2020, 2.5e9)):
        ObservationFactory(indicator=paid, country=sending, year=year, value=value)
    html = client.get(sending.get_absolute_url()).content.decode()
    section = (
        html.split('id="section-remittances"')[1] if 'id="section-remittances"' in html else html
    )
    # One figure per concept, at one scale, with its year, source and page; the table keeps
    # every dollar.
    assert "US$ 2.5 billion" in section and "Personal remittances paid in 2020." in section
    assert "2,500,000,000" in section
    assert 'href="/data/indicators/BM.TRF.PWKR.CD.DT/"' in section
    assert "Receiveland" in section  # top corridor out, from the matrix
    html = client.get(receiving.get_absolute_url()).content.decode()
    assert "Cost of sending USD 200 here" in html and "5.50 %" in html


def test_profile_says_when_there_is_nothing(client):
    country = CountryFactory()
    html = client.get(country.get_absolute_url()).content.decode()
    assert "No remittance volumes or costs have been loaded for this country yet." in html


def test_corridor_list_filters_and_rejects_bad_codes(client, corridor):
    sending, _ = corridor
    html = client.get(
        reverse("remittances:corridor-list"), {"sending": sending.iso3}
    ).content.decode()
    assert "Sendland → Receiveland" in html
    response = client.get(reverse("remittances:corridor-list"), {"sending": "G!"})
    assert response.status_code == 400
    assert "Give up to 50 country or area codes" in response.content.decode()
    assert Country.objects.count() >= 2


# --- cells that would run as formulas (#21) --------------------------------------------


def test_corridor_services_csv_neutralises_provider_names_and_keeps_negative_costs(client):
    """A provider's name is the source's text; a negative cost is a figure the World Bank
    publishes (-0.215 %), written as a number."""
    sending, receiving = CountryFactory(), CountryFactory()
    for text in HOSTILE:
        RemittanceServiceFactory(sending=sending, receiving=receiving, firm=text)
    RemittanceServiceFactory(
        sending=sending,
        receiving=receiving,
        firm="Negative margin",
        fee_200=Decimal("1.000"),
        fx_margin_200=Decimal("-1.215"),
    )
    url = reverse("remittances:corridor", args=[sending.iso3, receiving.iso3])
    response = client.get(url, {"format": "csv", "table": "services"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    providers = [row["provider"] for row in rows]
    assert sorted(providers) == sorted([*map(neutralised, HOSTILE), "Negative margin"])
    [negative] = [row for row in rows if row["provider"] == "Negative margin"]
    assert float(negative["fx_margin_200_pct"]) == pytest.approx(-1.215, abs=0.01)
    assert float(negative["total_cost_200_pct"]) == pytest.approx(-0.215, abs=0.01)


def test_corridor_list_csv_keeps_a_negative_average_a_number(client):
    sending, receiving = CountryFactory(), CountryFactory()
    RemittanceServiceFactory(
        sending=sending, receiving=receiving, fee_200=Decimal("0"), fx_margin_200=Decimal("-0.215")
    )
    cost_averages_recompute()
    response = client.get(reverse("remittances:corridor-list"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    [row] = [r for r in rows if (r["sending"], r["receiving"]) == (sending.iso3, receiving.iso3)]
    assert float(row["average_total_cost_200_pct"]) == pytest.approx(-0.215, abs=0.01)
