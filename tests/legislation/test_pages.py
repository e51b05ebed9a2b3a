"""Public pages of the regulatory-framework database show published categories only."""

import datetime

import pytest
from django.utils import timezone

from imdi_portal.core.models import Country
from legislation.models import Agreement, PermitCategory, PermitCategoryVersion
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    category = PermitCategoryFactory(
        published=True,
        with_elements=True,
        name_en="Employment permit",
        slug="employment",
        last_verified_on=timezone.localdate(),
        dependants_allowed=True,
    )
    PermitCategoryVersion.objects.create(
        category=category, number=1, data={"processing_days_typical": 30}
    )
    PermitCategoryVersion.objects.create(
        category=category, number=2, data={"processing_days_typical": 45}
    )
    return category


def test_category_page_lays_out_the_twelve_elements(client, published):
    html = client.get("/legislation/PHL/employment/").content.decode()
    assert "<h1>Employment permit</h1>" in html
    for heading in (
        "Requirements",
        "Documents required",
        "How to apply",
        "Processing time and fees",
        "Length and conditions of stay",
        "Extensions",
        "Accompanying dependants",
        "Review and appeal",
        "Economic needs test and quotas",
        "Recognition of qualifications",
        "Contact points",
        "Laws",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "A job offer" in html and "100.00 PHP" in html
    assert "may be out of date" not in html and "Sample data" not in html


def test_drafts_are_never_shown_to_the_public(client):
    PermitCategoryFactory(name_en="Secret draft", slug="secret")
    PermitCategoryFactory(name_en="Waiting", slug="waiting", submitted=True)
    assert client.get("/legislation/PHL/secret/").status_code == 404
    assert client.get("/legislation/PHL/waiting/").status_code == 404
    html = client.get("/legislation/PHL/").content.decode()
    assert "Secret draft" not in html and "Waiting" not in html
    assert "Secret draft" not in client.get("/countries/PHL/").content.decode()


def test_unverified_and_sample_categories_are_flagged(client):
    PermitCategoryFactory(
        published=True,
        slug="old",
        is_sample=True,
        last_verified_on=timezone.localdate() - datetime.timedelta(days=500),
    )
    html = client.get("/legislation/PHL/old/").content.decode()
    assert "may be out of date" in html
    assert "It is not legal information" in html


def test_profile_lists_laws_and_agreements_newest_first_with_the_other_parties(client):
    from legislation.models import Law

    phl, sen, deu = (Country.objects.get(iso3=c) for c in ("PHL", "SEN", "DEU"))
    Law.objects.create(country=phl, title="Labour Code", year=1974)
    Law.objects.create(country=phl, title="Migrant Workers Act", year=1995, is_sample=True)
    Law.objects.create(country=sen, title="Not a Philippine law", year=2000)
    old = Agreement.objects.create(title="Old accord", kind=Agreement.Kind.MOU, signed_year=1990)
    old.countries.set([phl, sen])
    new = Agreement.objects.create(title="New accord", kind=Agreement.Kind.LABOUR, signed_year=2020)
    new.countries.set([phl, sen, deu])
    html = client.get("/countries/PHL/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    section = html.split('id="permits"')[1].split("</section>")[0]
    assert section.index("Migrant Workers Act") < section.index("Labour Code")
    assert "Not a Philippine law" not in section
    assert section.index("New accord") < section.index("Old accord")
    new_parties = section.split("New accord")[1].split("</li>")[0]
    assert ">Allemagne</a>" in new_parties and ">Sénégal</a>" in new_parties
    assert "Philippines" not in new_parties  # the country itself is not its own partner
    assert section.count("badge-sample") == 1  # the sample law


def test_what_changed_lists_the_differences(client, published):
    html = client.get("/legislation/PHL/employment/changes/").content.decode()
    assert "Version 2" in html and "<code>" not in html
    assert '<th scope="row">Typical processing time (days)</th>' in html
    assert "<td>30</td><td>45</td>" in html


def test_country_profile_lists_published_categories_and_agreements(client, published):
    senegal = Country.objects.get(iso3="SEN")
    agreement = Agreement.objects.create(title="Labour accord", kind=Agreement.Kind.LABOUR)
    agreement.countries.set([published.country, senegal])
    html = client.get("/countries/PHL/").content.decode()
    assert 'href="/legislation/PHL/employment/"' in html
    assert "Labour accord" in html and ">Senegal</a>" in html
    assert "No permit categories or migration laws have been published" not in html
    # shown on both parties' pages
    assert "Labour accord" in client.get("/countries/SEN/").content.decode()


def test_category_list_filters_and_rejects_bad_values(client, published):
    PermitCategoryFactory(
        published=True,
        slug="seasonal",
        name_en="Harvest permit",
        kind="seasonal",
        dependants_allowed=False,
        country=Country.objects.get(iso3="SEN"),
    )
    html = client.get("/legislation/", {"dependants_allowed": "true"}).content.decode()
    assert "Employment permit" in html and "Harvest permit" not in html
    html = client.get("/legislation/", {"country": "SEN"}).content.decode()
    assert "Harvest permit" in html and "Employment permit" not in html
    response = client.get("/legislation/", {"kind": "astronaut"})
    assert response.status_code == 400 and "valid choice" in response.content.decode()


def test_unknown_country_and_category_are_404(client):
    assert client.get("/legislation/ZZZ/").status_code == 404
    assert client.get("/legislation/PHL/" + "x" * 100 + "/").status_code == 404


def test_profile_query_budget_with_permits(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/countries/PHL/")


def test_state_is_published_for_listed_rows(published):
    assert PermitCategory.objects.published().get() == published


def test_country_page_shows_the_regime_and_its_laws(client):
    from legislation.models import CountryRegime, Law

    philippines = Country.objects.get(iso3="PHL")
    CountryRegime.objects.create(
        country=philippines,
        overview_en="Work permits are issued.",
        overview_fr="Des permis de travail sont délivrés.",
    )
    Law.objects.create(country=philippines, title="Labour Code", year=1974)
    html = client.get("/countries/PHL/").content.decode()
    assert "Work permits are issued." in html and "Labour Code (1974)" in html
    html = client.get("/legislation/PHL/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Des permis de travail sont délivrés." in html
