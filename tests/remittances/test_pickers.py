"""The corridor list picks sending and receiving countries by name (issue 22, defect 7)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from imdi_portal.core.models import Country
from remittances.costs import cost_averages_recompute
from tests.imdi_portal.factories import CountryFactory
from tests.remittances.factories import RemittanceServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corridors():
    """Three corridors from the United Kingdom, France and a test country to Pakistan."""
    pakistan = Country.objects.get(iso3="PAK")
    senders = [Country.objects.get(iso3="GBR"), Country.objects.get(iso3="FRA"), CountryFactory()]
    for sending in senders:
        RemittanceServiceFactory(sending=sending, receiving=pakistan, fee_200=Decimal("4"))
    cost_averages_recompute()
    return senders


def corridor_names(html: str) -> list[str]:
    return re.findall(r"<th scope=\"row\">(?:<a [^>]*>)?([^<→]+?) →", html)


def test_the_picker_names_the_senders_with_data_and_filters_on_two_of_them(client, corridors):
    url = reverse("remittances:corridor-list")
    html = client.get(url).content.decode()
    picker = html[html.index('<select name="sending"') : html.index("</select>")]
    # Only countries that send in a corridor with data, by name; the value is the code.
    assert re.findall(r'<option value="([A-Z]{3})"', picker) == sorted(
        (c.iso3 for c in corridors), key=lambda code: Country.objects.get(iso3=code).name
    )
    assert '<option value="GBR">United Kingdom</option>' in picker
    assert '<label for="id_sending">Sending countries</label>' in html
    assert "Hold Ctrl (Cmd on a Mac) to choose several." in html
    assert "comma-separated" not in html and "---------" not in html

    # What a browser sends for two chosen options: the parameter twice.
    chosen = client.get(url + "?sending=GBR&sending=FRA").content.decode()
    assert sorted(corridor_names(chosen)) == ["France", "United Kingdom"]
    assert '<option value="GBR" selected>United Kingdom</option>' in chosen
    assert '<option value="FRA" selected>France</option>' in chosen
    assert f'<option value="{corridors[2].iso3}">' in chosen
    # The CSV link keeps both choices.
    assert "sending=GBR&amp;sending=FRA" in chosen


def test_the_api_takes_commas_and_repeated_parameters_alike(api_client, corridors):
    url = "/api/v1/corridor-costs/"

    def senders(params) -> set[str]:
        rows = api_client.get(url, params).json()["results"]
        return {row["sending"] for row in rows}

    assert senders({"sending": "GBR,FRA"}) == {"GBR", "FRA"}
    assert senders({"sending": ["GBR", "FRA"]}) == {"GBR", "FRA"}
    assert senders({"sending": ["GBR,FRA", "PAK"]}) == {"GBR", "FRA"}  # PAK sends nothing
    bad = api_client.get(url, {"sending": ["GBR", "G!"]})
    assert bad.status_code == 400
    assert "Give up to 50 country or area codes" in bad.content.decode()
