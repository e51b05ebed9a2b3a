"""The registry and twinning lists pick countries by name (issue 22, defect 7)."""

import re

import pytest
from django.urls import reverse

from imdi_portal.core.models import Country
from tests.certification.factories import Certification, EnterpriseFactory, TwinningFactory

pytestmark = pytest.mark.django_db


def select(html: str, name: str) -> str:
    start = html.index(f'<select name="{name}"')
    return html[start : html.index("</select>", start)]


def labelled_in(iso3: str) -> str:
    c = Certification()
    c.enterprise.country = Country.objects.get(iso3=iso3)
    c.enterprise.save()
    c.to("accepted")
    return c.enterprise.legal_name


def test_the_registry_picker_names_labelled_countries_and_filters_on_two(client):
    names = {iso3: labelled_in(iso3) for iso3 in ("GBR", "FRA", "PHL")}
    EnterpriseFactory(country=Country.objects.get(iso3="JPN"))  # no label: not in the picker
    url = reverse("certification:registry")
    html = client.get(url).content.decode()
    picker = select(html, "country")
    assert re.findall(r'<option value="([A-Z]{3})">', picker) == ["FRA", "PHL", "GBR"]
    assert '<option value="GBR">United Kingdom</option>' in picker
    assert "Hold Ctrl (Cmd on a Mac) to choose several." in html
    assert "comma-separated" not in html and "---------" not in html

    chosen = client.get(url + "?country=GBR&country=FRA").content.decode()
    assert {iso3 for iso3, name in names.items() if name in chosen} == {"GBR", "FRA"}
    assert len(re.findall(r"<option value=\"[A-Z]{3}\" selected>", select(chosen, "country"))) == 2
    # The comma form of the API still works on the page.
    commas = client.get(url, {"country": "GBR,PHL"}).content.decode()
    assert {iso3 for iso3, name in names.items() if name in commas} == {"GBR", "PHL"}


def test_the_twinning_list_picks_one_country_by_name(client):
    pakistan, italy = Country.objects.get(iso3="PAK"), Country.objects.get(iso3="ITA")
    ours = TwinningFactory(title="Pakistan and Italy", origin=pakistan, destination=italy)
    theirs = TwinningFactory(title="Two test countries")
    url = reverse("certification:twinnings")
    html = client.get(url).content.decode()
    picker = select(html, "country")
    assert '<option value="" selected>Any country</option>' in picker
    assert '<option value="ITA">Italy</option>' in picker
    assert '<option value="PAK">Pakistan</option>' in picker
    assert '<option value="GBR">' not in picker  # in no twinning
    assert "ISO3 code" not in html and "---------" not in html
    chosen = client.get(url, {"country": "ITA"}).content.decode()
    assert ours.title in chosen and theirs.title not in chosen
    assert '<option value="ITA" selected>Italy</option>' in chosen
