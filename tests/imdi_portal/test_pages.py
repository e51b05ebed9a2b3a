"""Public pages: home, country list, country profile, errors, languages."""

import re
from datetime import UTC

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.views.defaults import server_error

from imdi_portal.core.models import Country
from tests.imdi_portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_has_search_box_and_country_picker(client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html and 'name="q"' in html
    assert '<option value="PHL">Philippines</option>' in html
    assert 'href="#main"' in html and '<main id="main"' in html  # skip link + landmark
    assert "International Labour Organization" in html


def test_home_shows_region_counts_from_the_data(client):
    html = client.get("/").content.decode()
    europe = Country.objects.filter(region__slug="europe").count()
    assert f"{europe} countries" in html


def test_switching_to_french_translates_the_page(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="fr"' in html
    assert "Rechercher dans le portail" in html
    assert '<option value="DEU">Allemagne</option>' in html


def test_spanish_is_chosen_from_the_browser_language(client):
    html = client.get("/countries/DEU/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in html
    assert "<h1>Alemania</h1>" in html
    assert "Europa occidental" in html


def test_the_navigations_countries_link_lists_every_country(client):
    # Start where a person starts: the home page's navigation, no query string.
    home = client.get("/").content.decode()
    link = re.search(r'<a href="([^"]+)"[^>]*>Countries</a>', home)
    assert link, "the navigation has a Countries link"
    html = client.get(link.group(1)).content.decode()
    # 249 ISO 3166-1 countries and areas are reference data loaded by the migrations.
    assert "249 countries" in html
    assert ">Philippines<" in html and ">Senegal<" in html


def test_country_list_filters_by_region_and_income_group(client):
    response = client.get("/countries/", {"region": "africa", "income_group": "LMC"})
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Senegal<" in html
    assert ">France<" not in html
    expected = Country.objects.filter(region__slug="africa", income_group="LMC").count()
    assert f"{expected} countries" in html


def test_country_list_sub_region_filter_accepts_intermediate_regions(client):
    html = client.get("/countries/", {"sub_region": "western-africa"}).content.decode()
    assert ">Senegal<" in html and ">Kenya<" not in html


def test_country_list_with_an_unknown_region_lists_no_country(client):
    # An unknown code finds nothing, as in the API (issue 21: the filter sets are shared);
    # a value of the wrong form is still refused with a message.
    response = client.get("/countries/", {"region": "atlantis"})
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Senegal<" not in html and ">France<" not in html


def test_country_list_search_matches_names_in_any_language(client):
    html = client.get("/countries/", {"search": "Allemagne"}).content.decode()
    assert ">Germany<" in html and "1 country" in html


def test_country_picker_redirects_to_the_profile(client):
    response = client.get("/countries/go/", {"country": "SEN"})
    assert response.status_code == 302 and response["Location"] == "/countries/SEN/"


def test_country_picker_without_a_valid_code_falls_back_to_search(client):
    response = client.get("/countries/go/", {"country": "Sene"})
    assert response.status_code == 302 and response["Location"] == "/countries/?search=Sene"


def test_country_profile_shows_facts_and_every_section(client):
    html = client.get("/countries/SEN/").content.decode()
    assert "<h1>Senegal</h1>" in html
    assert "SEN · SN · 686" in html
    assert "Western Africa" in html and "Lower middle income" in html
    for title in (
        "Permits and regulatory framework",
        "Labour market and skills",
        "Remittances",
        "IMDI projects",
        "Labelled enterprises and twinnings",
        "Focal points and contacts",
    ):
        assert title in html
    assert "No permit categories or migration laws have been published" in html


def test_country_profile_lists_organisations_based_there(client):
    html = client.get("/countries/CHE/").content.decode()
    assert "International Labour Organization" in html
    assert "Global Migration Group member" in html


def test_sample_organisations_are_labelled_as_sample_data(client):
    OrganisationFactory(sample=True, name="Demo NGO", country=Country.objects.get(iso3="KEN"))
    html = client.get("/countries/KEN/").content.decode()
    assert "Demo NGO" in html and "Sample data" in html


def test_country_profile_query_budget(client, django_assert_max_num_queries):
    # 12 for the page, and the shared page cache's read of the content versions, which it
    # makes before the view so that another process's publication is seen at once.
    with django_assert_max_num_queries(13):
        client.get("/countries/CHE/")


def test_profile_with_every_section_and_every_cache_cold_stays_in_budget(
    client, django_assert_max_num_queries, monkeypatch
):
    """The worst case: a country with content in every section, right after the cache was
    emptied (a Redis restart), when no section can be read from it. One query above the
    usual 12: a country's laws and its agreements are read by two plain queries, not one
    UNION (issue 19); one more for the shared page cache's read of the content versions
    before the view (issue 24); one more for the job-mobility section's table (issue 23:
    the demo's agencies licensed in the Philippines post vacancies)."""
    from django.core.cache import cache

    call_command("load_demo", "--no-accounts", verbosity=0)
    cache.clear()
    # The page's one query primes the cache versions for VERSION_TTL (1 s); on a loaded test
    # machine this cold page can take longer and read them once more. Count queries, not
    # the machine's speed.
    monkeypatch.setattr("imdi_portal.core.cache.VERSION_TTL", 3600.0)
    with django_assert_max_num_queries(15):
        response = client.get("/countries/PHL/")
    empty = [s["section"].key for s in response.context["sections"] if not s["data"]]
    assert empty == []  # every section had to be computed


def test_lowercase_country_code_redirects_permanently(client):
    response = client.get("/countries/sen/")
    assert response.status_code == 301 and response["Location"] == "/countries/SEN/"


def test_unknown_country_is_a_friendly_404(client):
    response = client.get("/countries/ZZZ/")
    assert response.status_code == 404
    assert "There is no country with the ISO 3166-1 alpha-3 code" in response.content.decode()


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_stylesheet_is_served_locally(client):
    html = client.get("/").content.decode()
    assert 'href="/static/css/portal.css"' in html
    assert "https://" not in html.split("<body")[0]  # no CDN in the head


@pytest.mark.parametrize(
    "path",
    [
        "/countries/A%00B/",
        "/countries/go/?country=A%00B",
        "/countries/?search=a%00b",
        "/countries/%E2%82%AC%E2%82%AC/",
    ],
)
def test_junk_in_urls_never_reaches_the_database(client, path):
    response = client.get(path)
    assert response.status_code in (302, 400, 404)


def test_profile_sections_say_when_they_were_last_updated(client):
    from datetime import datetime

    from legislation.models import PermitCategory
    from tests.legislation.factories import PermitCategoryFactory

    country = Country.objects.get(iso3="PHL")
    category = PermitCategoryFactory(country=country, published=True)
    PermitCategory.objects.filter(pk=category.pk).update(
        updated_at=datetime(2026, 3, 4, 12, tzinfo=UTC)
    )
    html = client.get("/countries/PHL/").content.decode()
    permits = html.split('id="permits"')[1].split("</section>")[0]
    assert "Last updated on 4 March 2026." in permits


def test_server_error_page_renders_even_without_the_static_manifest(settings, tmp_path, caplog):
    """In production static files come from a manifest; a missing entry raises ValueError
    inside {% static %}, which used to raise again inside the 500 handler."""
    from django.test import Client

    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path  # no staticfiles.json
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.ROOT_URLCONF = "tests.imdi_portal.urls_server_error"
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "/static/" not in html
    assert "the 500 page could not be rendered" in caplog.text
