"""Activities, good practices and the directory pick countries by name (issue 22, defect 7)."""

import re

import pytest
from django.urls import reverse

from imdi_portal.core.models import Country
from imdi_portal.gateway.models import Activity
from tests.gateway.factories import ActivityFactory, ContactFactory

pytestmark = pytest.mark.django_db


def select(html: str, name: str) -> str:
    start = html.index(f'<select name="{name}"')
    return html[start : html.index("</select>", start)]


def test_the_activity_picker_names_countries_of_published_activities_and_filters_on_two(client):
    activities = {
        iso3: ActivityFactory(
            title_en=f"Programme in {iso3}", countries=[Country.objects.get(iso3=iso3)]
        )
        for iso3 in ("GBR", "FRA", "PHL")
    }
    ActivityFactory(
        state=Activity.State.SUBMITTED, countries=[Country.objects.get(iso3="JPN")]
    )  # unpublished: its country is not offered
    url = reverse("imdi_portal:activity-list")
    html = client.get(url).content.decode()
    picker = select(html, "country")
    assert re.findall(r'<option value="([A-Z]{3})">', picker) == ["FRA", "PHL", "GBR"]
    assert '<option value="GBR">United Kingdom</option>' in picker
    assert "Hold Ctrl (Cmd on a Mac) to choose several." in html
    assert "comma-separated" not in html and "---------" not in html
    chosen = client.get(url + "?country=GBR&country=FRA").content.decode()
    assert {i for i, a in activities.items() if a.title_en in chosen} == {"GBR", "FRA"}


def test_the_practice_list_offers_a_country_picker(client):
    html = client.get(reverse("imdi_portal:practice-list")).content.decode()
    assert '<select name="country"' in html and " multiple" in select(html, "country")
    assert "comma-separated" not in html and "---------" not in html


def test_the_directory_picker_names_listed_countries_and_filters_on_two(client):
    contacts = {
        iso3: ContactFactory(country=Country.objects.get(iso3=iso3), function_en=f"Desk {iso3}")
        for iso3 in ("GBR", "FRA", "PHL")
    }
    url = reverse("imdi_portal:directory")
    html = client.get(url).content.decode()
    picker = select(html, "country")
    assert re.findall(r'<option value="([A-Z]{3})">', picker) == ["FRA", "PHL", "GBR"]
    assert "comma-separated" not in html and "---------" not in html
    chosen = client.get(url + "?country=GBR&country=FRA").content.decode()
    assert {i for i, c in contacts.items() if c.function_en in chosen} == {"GBR", "FRA"}
