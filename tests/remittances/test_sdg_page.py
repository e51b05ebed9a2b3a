"""The SDG 10.c page says how its headline is computed and on which sample; corridor and
comparator pages never put a sample service ahead of a real corridor's surveyed ones."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from remittances.costs import cost_averages_recompute
from remittances.models import Speed
from tests.imdi_portal.factories import CountryFactory
from tests.remittances.factories import RemittanceServiceFactory
from tests.stats.factories import IndicatorFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def service(sending, receiving, total, **kwargs):
    """A transparent service whose total cost for USD 200 is `total` % (fee + 1 % margin)."""
    return RemittanceServiceFactory(
        sending=sending, receiving=receiving, fee_200=Decimal(str(total)) - 1, **kwargs
    )


def published(sending, receiving, period, value):
    return ObservationFactory(
        indicator=IndicatorFactory(code="ATCR.CORR"),
        country=sending,
        counterpart=receiving,
        period=period,
        year=int(period[:4]),
        value=value,
    )


def card(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</div>", start)]


@pytest.fixture
def costs():
    """Provider data: a -> b with 2, 4 and 6 % and a -> c with 10 % in 2020-Q3; a -> b
    with 8 % in 2020-Q1. Published averages: d -> e 8 % then 6 %, d -> f 10 % then 7 %,
    d -> g 1 % in 2020-Q3 only."""
    a = CountryFactory()
    b = CountryFactory(wb_region="South Asia", name_en="Southland")
    c = CountryFactory(wb_region="Sub-Saharan Africa", name_en="Savanna")
    for total in (2, 4, 6):
        service(a, b, total)
    service(a, c, 10, speed=Speed.SIX_PLUS)
    service(a, b, 8, period="2020-Q1")
    d, e, f, g = (CountryFactory() for _ in range(4))
    for receiving, first, latest in ((e, 8.0, 6.0), (f, 10.0, 7.0)):
        published(d, receiving, "2020-Q1", first)
        published(d, receiving, "2020-Q3", latest)
    published(d, g, "2020-Q3", 1.0)
    cost_averages_recompute()


def test_headline_states_its_method_and_sample_with_provider_data(client, costs):
    html = client.get(reverse("remittances:sdg"), {"basis": "provider"}).content.decode()
    headline = card(html, "headline")
    # (2 + 4 + 6 + 10) / 4 = 5.50 %, of 4 services in 2 corridors.
    assert "5.50 %" in headline
    assert "2020-Q3: 4 services in 2 corridors from 1 sending country." in headline
    assert "the World Bank&#x27;s definition of the Global Average" in headline
    # Matched trend: only a -> b is in both quarters, 8 % then (2 + 4 + 6) / 3 = 4 %.
    trend = card(html, "trend")
    assert "-4.00" in trend
    assert "on the 1 corridor surveyed in both quarters" in trend
    # SmaRT: a -> b (2 + 4 + 6) / 3 = 4 %; a -> c has no service within 5 days.
    smart = card(html, "smart")
    assert "4.00 %" in smart and "1 corridor has no qualifying service" in smart
    assert "Speed: the money arrives within 5 days" in html
    assert "Not checked, because the provider rows do not carry" in html


def test_headline_with_corridor_averages_says_it_averages_corridors(client, costs):
    html = client.get(reverse("remittances:sdg"), {"basis": "corridor"}).content.decode()
    headline = card(html, "headline")
    # (6 + 7 + 1) / 3 = 4.67 % of 3 corridors.
    assert "4.67 %" in headline
    assert "2020-Q3: 3 corridors from 1 sending country." in headline
    assert "this is an average of corridors" in headline
    # Matched: (6 + 7) / 2 - (8 + 10) / 2 = -2.50 on 2 corridors (d -> g is left out).
    trend = card(html, "trend")
    assert "-2.50" in trend and "on the 2 corridors surveyed in both quarters" in trend
    assert 'id="smart"' not in html  # no SmaRT without provider data


def test_regions_switch_between_world_bank_and_m49_without_javascript(client, costs):
    url = reverse("remittances:sdg")
    html = client.get(url, {"basis": "provider"}).content.decode()
    regions = html[html.index('id="regions"') :]
    # World Bank regions by default: Savanna 10 %, Southland (2 + 4 + 6) / 3 = 4 %.
    assert regions.index("Sub-Saharan Africa") < regions.index("South Asia")
    assert 'href="?basis=provider&amp;regions=m49#regions"' in regions
    html = client.get(url, {"basis": "provider", "regions": "m49"}).content.decode()
    assert 'href="?basis=provider&amp;regions=wb#regions"' in html[html.index('id="regions"') :]
    response = client.get(
        url, {"basis": "provider", "regions": "wb", "format": "csv", "table": "regions"}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["region_wb"], r["average_total_cost_200_pct"], r["services"]) for r in rows] == [
        ("Sub-Saharan Africa", "10.00", "1"),
        ("South Asia", "4.00", "3"),
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [({"basis": "cheap"}, "Unknown basis"), ({"regions": "un"}, "Unknown regional view")],
)
def test_unknown_basis_or_regional_view_is_a_clear_400(client, costs, params, message):
    response = client.get(reverse("remittances:sdg"), {**params, "format": "csv"})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("params", "queries"),
    [({"basis": "provider"}, 3), ({"basis": "corridor", "regions": "m49"}, 4)],
)
def test_sdg_page_queries_stay_bounded(
    client, costs, params, queries, django_assert_max_num_queries
):
    # The quarters' global and regional rows, the corridors of the first and the latest
    # quarter (trend and corridors above 5 %), and the names of the M49 regions; first, the
    # shared page cache reads the content versions (imdi_portal/core/http_cache.py).
    with django_assert_max_num_queries(queries):
        assert client.get(reverse("remittances:sdg"), params).status_code == 200


@pytest.fixture
def real_corridor_with_samples():
    a, b = CountryFactory(name_en="Realland"), CountryFactory(name_en="Surveyland")
    published(a, b, "2020-Q3", 6.0)
    service(a, b, 5, firm="Surveyed Transfer")
    service(a, b, 1, firm="Sample Cheap", is_sample=True)
    cost_averages_recompute()
    return a, b


def test_corridor_page_never_names_a_sample_service_cheapest_on_a_real_corridor(
    client, real_corridor_with_samples
):
    a, b = real_corridor_with_samples
    html = client.get(reverse("remittances:corridor", args=[a.iso3, b.iso3])).content.decode()
    cheapest = card(html, "cheapest")
    assert "Surveyed Transfer" in cheapest and "Sample Cheap" not in cheapest
    best = html.split('<tr class="best">')[1].split("</tr>")[0]
    assert "Surveyed Transfer" in best
    assert "they are left out of its averages and never named the cheapest" in html
    sample_row = html.split("Sample Cheap")[1].split("</th>")[0]
    assert "Sample data" in sample_row


def test_comparator_lists_sample_services_after_the_surveyed_ones(
    client, real_corridor_with_samples
):
    a, b = real_corridor_with_samples
    html = client.get(
        reverse("remittances:compare"), {"sending": a.iso3, "receiving": b.iso3, "amount": 200}
    ).content.decode()
    quotes = html[html.index('class="quote-list"') :]
    assert quotes.index("Surveyed Transfer") < quotes.index("Sample Cheap")
    best = quotes.split('class="quote best"')[1].split("</li>")[0]
    assert "Surveyed Transfer" in best
    assert quotes.count('class="quote best"') == 1


def test_a_corridor_with_only_sample_data_says_so(client):
    a, b = CountryFactory(), CountryFactory()
    service(a, b, 3, firm="Sample Only", is_sample=True)
    cost_averages_recompute()
    html = client.get(reverse("remittances:corridor", args=[a.iso3, b.iso3])).content.decode()
    cheapest = card(html, "cheapest")
    assert "Sample Only" in cheapest and "Sample data" in cheapest
    assert "every figure on this page comes from sample services" in html


def test_overview_card_states_the_sample_of_its_average(client, costs):
    html = client.get(reverse("remittances:index")).content.decode()
    # The overview shows the corridor basis: (6 + 7 + 1) / 3 = 4.67 % in 3 corridors.
    assert "4.67 %" in html and "USD 200 in 3 corridors, 2020-Q3" in html


def test_corridor_page_shows_its_smart(client):
    a, b = CountryFactory(), CountryFactory()
    service(a, b, 2, speed=Speed.SIX_PLUS)  # too slow for SmaRT
    for total in (3, 4, 5, 8):
        service(a, b, total)
    cost_averages_recompute()
    html = client.get(reverse("remittances:corridor", args=[a.iso3, b.iso3])).content.decode()
    smart = card(html, "smart")
    # The three cheapest qualifying: (3 + 4 + 5) / 3 = 4.00 %.
    assert "4.00 %" in smart and "average of the 3 cheapest services" in smart
    cheapest = card(html, "cheapest")
    assert "2.00 %" in cheapest  # the cheapest service counts even when too slow for SmaRT
