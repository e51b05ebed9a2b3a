"""The activities gateway: organisation editors share programmes, the Secretariat moderates,
the public filters them, reads them on country profiles and finds them in global search."""

import datetime

import pytest
from django.urls import reverse

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Component
from imdi_portal.gateway.models import Activity
from imdi_portal.gateway.services import entry_moderate, entry_submit
from imdi_portal.search.selectors import search
from imdi_portal.search.services import search_index_rebuild
from tests.gateway.factories import ActivityFactory
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = "/activities/"


def fields(**extra) -> dict:
    return {
        "title_en": "Seasonal agricultural worker scheme",
        "title_es": "Programa de trabajadores agrícolas de temporada",
        "summary_en": "Circular migration of farm workers between two countries.",
        "start_year": 2021,
        "end_year": 2025,
        "status": Activity.Status.ONGOING,
        "components": list(Component.objects.filter(code="I")),
        **extra,
    }


def test_an_activity_is_public_only_once_published(client):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory(acronym="FAO"))
    country = CountryFactory()
    activity = entry_submit(Activity, user=editor, **fields(countries=[country]))
    assert activity.state == Activity.State.SUBMITTED
    assert "Seasonal agricultural" not in client.get(LIST).content.decode()
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert "Seasonal agricultural" not in client.get(f"/countries/{country.iso3}/").content.decode()
    with pytest.raises(DomainError, match="Only the Secretariat"):
        entry_moderate(user=editor, entry=activity, publish=True)
    entry_moderate(user=UserFactory(secretariat=True), entry=activity, publish=True)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Circular migration of farm workers" in page and "2021\u20132025" in page
    profile = client.get(f"/countries/{country.iso3}/").content.decode()
    assert "Seasonal agricultural worker scheme" in profile
    assert f"/activities/?country={country.iso3}" in profile
    feed = client.get(reverse("imdi_portal:activity-feed")).content.decode()
    assert "<feed" in feed and "Seasonal agricultural" in feed
    client.post(reverse("set_language"), {"language": "es"})
    assert "Programa de trabajadores agrícolas" in client.get(LIST).content.decode()


def test_a_global_programme_names_no_country_but_a_practice_must():
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    activity = entry_submit(Activity, user=editor, **fields(countries=[]))
    assert activity.countries.count() == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"end_year": 2019}, "end year comes before the start year"),
        ({"start_year": 1800}, "start year between 1945"),
        ({"status": Activity.Status.COMPLETED, "end_year": 2100}, "cannot end in a future year"),
        ({"components": []}, "at least one IMDI component"),
        ({"title_en": ""}, "cannot be blank"),
    ],
    ids=["end-before-start", "start-too-early", "completed-in-future", "no-component", "no-title"],
)
def test_bad_activities_are_refused_with_a_reason(extra, message):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    with pytest.raises(DomainError, match=message):
        entry_submit(Activity, user=editor, **fields(**extra))
    assert not Activity.objects.exists()


def test_filters_by_organisation_gmg_status_year_and_country(client):
    gmg = OrganisationFactory(is_gmg_member=True, slug="gmg-member")
    ngo = OrganisationFactory(slug="an-ngo")
    here, there = CountryFactory(), CountryFactory()
    ActivityFactory(
        title_en="Old survey",
        organisation=gmg,
        start_year=2010,
        end_year=2012,
        status=Activity.Status.COMPLETED,
        countries=[here],
    )
    ActivityFactory(
        title_en="Open helpdesk",
        organisation=ngo,
        start_year=2022,
        countries=[there],
        components=["II"],
    )

    def titles(**params) -> set[str]:
        html = client.get(LIST, params).content.decode()
        return {t for t in ("Old survey", "Open helpdesk") if t in html}

    assert titles() == {"Old survey", "Open helpdesk"}
    assert titles(gmg="on") == {"Old survey"}
    assert titles(organisation="an-ngo") == {"Open helpdesk"}
    assert titles(status="completed") == {"Old survey"}
    assert titles(year=2011) == {"Old survey"}
    assert titles(year=datetime.date.today().year) == {"Open helpdesk"}
    assert titles(country=here.iso3) == {"Old survey"}
    assert titles(component="II") == {"Open helpdesk"}
    assert titles(q="helpdesk") == {"Open helpdesk"}
    bad = client.get(LIST, {"year": "abc", "country": "!!"})
    assert bad.status_code == 200 and "Enter a number" in bad.content.decode()
    assert titles(year="abc") == set()


def test_global_search_finds_activities(client):
    ActivityFactory(title_en="Diaspora investment forum", summary_en="Matching investors.")
    search_index_rebuild()
    hits, _facets = search("diaspora investment")
    assert [d.kind for d in hits] == ["activity"]
    html = client.get("/search/", {"q": "diaspora investment"}).content.decode()
    assert "Diaspora investment forum" in html and "Programmes and activities" in html


def test_the_form_submits_for_review_and_refuses_bad_input(client):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    client.force_login(editor)
    url = reverse("imdi_portal:activity-new")
    bad = client.post(url, {"title_en": "X", "start_year": "next year", "url": "nope"})
    text = bad.content.decode()
    assert bad.status_code == 200 and "Enter a whole number" in text and "Enter a valid URL" in text
    assert not Activity.objects.exists()
    response = client.post(
        url,
        {
            "title_en": "Return and reintegration desk",
            "summary_en": "Advice to returning workers.",
            "start_year": 2024,
            "status": "ongoing",
            "components": [Component.objects.get(code="III").pk],
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (
        activity.state == Activity.State.SUBMITTED and activity.organisation == editor.organisation
    )
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_only_editors_of_approved_organisations_share(client):
    assert client.get(reverse("imdi_portal:activity-new")).status_code == 302  # to sign in
    outsider = UserFactory(organisation=OrganisationFactory())
    client.force_login(outsider)
    response = client.get(reverse("imdi_portal:activity-new"), follow=True)
    assert "Only the editors of an organisation share entries" in response.content.decode()
    pending = UserFactory(submitter=True, organisation=OrganisationFactory(is_approved=False))
    with pytest.raises(DomainError, match="approved organisation"):
        entry_submit(Activity, user=pending, **fields())


def test_the_api_lists_published_activities_with_the_page_filters(client):
    country = CountryFactory()
    ActivityFactory(title_en="Published one", countries=[country], start_year=2015, end_year=2016)
    ActivityFactory(title_en="Waiting one", countries=[country], state=Activity.State.SUBMITTED)
    body = client.get("/api/v1/activities/", {"country": country.iso3}).json()
    assert [r["title_en"] for r in body["results"]] == ["Published one"]
    assert body["results"][0]["countries"] == [country.iso3]
    assert client.get("/api/v1/activities/", {"year": 2020}).json()["count"] == 0
    bad = client.get("/api/v1/activities/", {"year": "soon"})
    assert bad.status_code == 400 and bad.json()["errors"]["year"] == ["Enter a number."]
