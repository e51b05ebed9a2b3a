"""The project list picks countries and organisations by name (issue 22, defect 7)."""

import re

import pytest
from django.urls import reverse

from imdi_portal.core.models import Country
from projects.models import InvolvedCountry, Proposal
from tests.projects.factories import Journey, ProposalFactory

pytestmark = pytest.mark.django_db


def public_project(iso3: str) -> Proposal:
    project = ProposalFactory(state=Proposal.State.APPROVED, title=f"Project in {iso3}")
    InvolvedCountry.objects.create(
        proposal=project, country=Country.objects.get(iso3=iso3), role="destination"
    )
    return project


def select(html: str, name: str) -> str:
    start = html.index(f'<select name="{name}"')
    return html[start : html.index("</select>", start)]


def test_the_country_picker_names_involved_countries_and_filters_on_two(client):
    projects = {iso3: public_project(iso3) for iso3 in ("GBR", "FRA", "PHL")}
    draft = ProposalFactory(title="Draft in Japan")
    InvolvedCountry.objects.create(
        proposal=draft, country=Country.objects.get(iso3="JPN"), role="origin"
    )
    url = reverse("projects:project-list")
    html = client.get(url).content.decode()
    picker = select(html, "country")
    assert re.findall(r'<option value="([A-Z]{3})">', picker) == ["FRA", "PHL", "GBR"]
    assert '<option value="GBR">United Kingdom</option>' in picker  # not the draft's Japan
    assert "Hold Ctrl (Cmd on a Mac) to choose several." in html
    assert "comma-separated" not in html and "---------" not in html

    chosen = client.get(url + "?country=GBR&country=FRA").content.decode()
    shown = {iso3 for iso3, project in projects.items() if project.title in chosen}
    assert shown == {"GBR", "FRA"}
    assert re.findall(r'<option value="([A-Z]{3})" selected>', select(chosen, "country")) == [
        "FRA",
        "GBR",
    ]


def test_organisations_are_chosen_by_name_and_filter_by_slug(client):
    j = Journey()
    funded = j.to("funded")
    other = public_project("PHL")
    donor = funded.allocations.get().contribution.donor
    url = reverse("projects:project-list")
    html = client.get(url).content.decode()
    agencies, donors = select(html, "agency"), select(html, "donor")
    assert f'<option value="{j.agency.slug}">{j.agency}</option>' in agencies
    assert f'<option value="{donor.slug}">{donor}</option>' in donors
    assert '<option value="" selected>All organisations</option>' in agencies
    assert '<option value="" selected>All donors</option>' in donors
    assert j.ngo.name not in donors  # only organisations that fund projects
    assert "Slug of" not in html
    for params in ({"agency": j.agency.slug}, {"donor": donor.slug}):
        text = client.get(url, params).content.decode()
        assert funded.title in text and other.title not in text, params
        assert f'<option value="{next(iter(params.values()))}" selected>' in text


def test_the_selects_of_proposal_rows_start_with_words():
    from projects.forms import BudgetRowForm, CountryRowForm, PartnerRowForm, ResultRowForm

    for form_class in (CountryRowForm, PartnerRowForm, ResultRowForm, BudgetRowForm):
        html = "".join(str(field) for field in form_class())
        assert "<select" in html, form_class
        assert "---------" not in html and ">—</option>" not in html, form_class
        assert 'value="">Choose' in html or 'value="" selected>Choose' in html, form_class
