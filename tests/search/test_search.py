"""The global search: every kind is indexed from its source, facets narrow the results,
PostgreSQL ranks by full-text relevance in three languages, and bad input gets a message."""

import pytest
from django.urls import reverse

from certification import services as certification_services
from imdi_portal.core.models import Component
from imdi_portal.gateway.models import GoodPractice
from imdi_portal.gateway.services import entry_moderate, entry_submit
from imdi_portal.search.models import SearchDocument
from imdi_portal.search.selectors import search
from imdi_portal.search.services import search_index_rebuild
from projects import services as projects_services
from tests.certification.factories import Certification
from tests.gateway.factories import ActivityFactory
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.legislation.factories import PermitCategoryFactory
from tests.projects.factories import Journey
from tests.stats.factories import IndicatorFactory

# What the portal's search covers (written out, not read from the search registry).
EVERY_KIND = {
    "country",
    "indicator",
    "permit",
    "law",
    "project",
    "enterprise",
    "twinning",
    "activity",
    "practice",
    "occupation",
    "shortage",
    "tool",
    "corridor",
    "principle",
    "contact",
    "organisation",
}

pytestmark = pytest.mark.django_db


def every_kind():
    """One record of each kind, all mentioning 'harvest'."""
    country = CountryFactory(name_en="Harvest Valley")
    PermitCategoryFactory(country=country, published=True, name_en="Seasonal harvest worker")
    IndicatorFactory(code="HARVEST.WORKERS", name_en="Harvest workers employed")
    j = Journey()
    projects_services.proposal_update(
        user=j.submitter, proposal=j.proposal, title="Fair harvest recruitment"
    )
    j.to("approved")
    c = Certification()
    c.enterprise.legal_name = "Harvest Hands Ltd"
    c.enterprise.save()
    c.to("accepted")
    secretariat = UserFactory(secretariat=True)
    certification_services.twinning_create(
        user=secretariat, origin=j.countries[0], destination=country, title="Harvest mobility pact"
    )
    ActivityFactory(title_en="Harvest skills programme", countries=[country])
    practice = entry_submit(
        GoodPractice,
        user=UserFactory(submitter=True, organisation=OrganisationFactory()),
        title_en="Harvest worker welfare visits",
        summary_en="Visits.",
        what_was_done="Visits to farms.",
        results="Fewer complaints.",
        lessons="Go often.",
        components=list(Component.objects.filter(code="II")),
        countries=[j.countries[0]],
    )
    entry_moderate(user=secretariat, entry=practice, publish=True)
    return {"country": country, "journey": j, "certification": c}


def test_every_kind_is_found():
    every_kind()
    counts = search_index_rebuild()
    assert set(counts) >= EVERY_KIND
    results, facets = search("harvest")
    assert {d.kind for d in results} == {
        "country",
        "indicator",
        "permit",
        "project",
        "enterprise",
        "twinning",
        "activity",
        "practice",
    }
    assert facets["kinds"]["permit"] == 1


def test_facets_narrow_by_type_country_and_component():
    data = every_kind()
    search_index_rebuild()
    only_projects, _ = search("harvest", kind="project")
    assert [d.title for d in only_projects] == ["Fair harvest recruitment"]
    in_country, _ = search("harvest", country=data["country"].iso3.lower())
    assert {d.kind for d in in_country} == {"country", "permit", "twinning", "activity"}
    component_three, facets = search("harvest", component="III")
    assert {d.kind for d in component_three} == {"project", "enterprise", "twinning"}
    assert facets["components"] == {"I": 3, "II": 1, "III": 3}


def test_drafts_and_unapproved_proposals_are_not_indexed():
    j = Journey()
    projects_services.proposal_update(
        user=j.submitter, proposal=j.proposal, title="Secret draft about harvest"
    )
    PermitCategoryFactory(name_en="Harvest permit draft")  # a draft, not published
    search_index_rebuild()
    assert not list(search("harvest")[0])


def test_rebuilding_twice_gives_the_same_index():
    every_kind()
    first = search_index_rebuild()
    second = search_index_rebuild()
    assert first == second
    assert SearchDocument.objects.count() == sum(first.values())


@pytest.mark.postgres_only
def test_postgres_ranks_titles_first_and_stems_each_language():
    every_kind()
    search_index_rebuild()
    results = list(search("harvest workers")[0])
    assert results[0].title == "Harvest workers employed"  # both words in the title
    # English stemming: "recruiting" finds "recruitment".
    assert "Fair harvest recruitment" in [d.title for d in search("recruiting harvest")[0]]
    # websearch syntax: a quoted phrase and an exclusion.
    titles = [d.title for d in search('"harvest mobility" -worker')[0]]
    assert titles == ["Harvest mobility pact"]


@pytest.mark.postgres_only
def test_postgres_uses_the_language_of_the_page():
    country = CountryFactory(name_en="Testland")
    PermitCategoryFactory(country=country, published=True, name_en="Travailleurs saisonniers")
    search_index_rebuild(["permit"])
    # French stemming: "saisonnier" (singular) finds "saisonniers".
    assert list(search("saisonnier", language="fr")[0])


def test_search_page_and_api(client, api_client):
    every_kind()
    search_index_rebuild()
    page = client.get(reverse("imdi_portal:search"), {"q": "harvest"}).content.decode()
    assert "Harvest Hands Ltd" in page and "Fair harvest recruitment" in page
    assert "Labelled enterprises</a> (1)" in page
    narrowed = client.get(reverse("imdi_portal:search"), {"q": "harvest", "type": "twinning"})
    assert "Harvest Hands Ltd" not in narrowed.content.decode()
    body = api_client.get(reverse("api-search"), {"q": "harvest", "type": "enterprise"}).json()
    assert [r["title"] for r in body["results"]] == ["Harvest Hands Ltd"]
    assert body["results"][0]["components"] == ["III"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "x", "country": "12"}, "ISO 3166-1 alpha-3"),
        ({"q": "x", "type": "spaceship"}, "Select a valid choice"),
        ({"q": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_search_input_gets_a_message(client, api_client, params, message):
    page = client.get(reverse("imdi_portal:search"), params)
    assert page.status_code == 200 and message in page.content.decode()
    api = api_client.get(reverse("api-search"), params)
    assert api.status_code == 400 and message in api.json()["detail"]


def test_an_empty_query_shows_help_not_everything(client):
    every_kind()
    search_index_rebuild()
    page = client.get(reverse("imdi_portal:search"), {"q": "  "}).content.decode()
    assert "Type one or more words" in page and "Harvest Hands Ltd" not in page


def test_a_change_reaches_the_index_after_commit(django_capture_on_commit_callbacks):
    c = Certification()
    with django_capture_on_commit_callbacks(execute=True):
        c.to("accepted")
    assert [
        d.title for d in search(c.enterprise.legal_name.split()[0])[0] if d.kind == "enterprise"
    ] == [c.enterprise.legal_name]
    with django_capture_on_commit_callbacks(execute=True):
        certification_services.label_change_status(
            user=c.officer, label=c.label, move="withdraw", reason="x"
        )
    assert SearchDocument.objects.filter(kind="enterprise").exists()  # still listed, as withdrawn


def test_no_result_says_so(client):
    search_index_rebuild()
    page = client.get(reverse("imdi_portal:search"), {"q": "zzzqqq"}).content.decode()
    assert "Nothing found" in page and "0 results" in page
    assert "Refine the results" not in page  # no empty facet lists


def test_titles_show_in_the_page_language(client):
    CountryFactory(name_en="Ivory Test Coast", name_fr="Côte d'essai", name_es="Costa de prueba")
    search_index_rebuild(["country"])
    client.post(reverse("set_language"), {"language": "fr"})
    page = client.get(reverse("imdi_portal:search"), {"q": "essai"}).content.decode()
    assert "Côte d&#x27;essai" in page
