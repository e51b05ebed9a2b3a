"""The good-practices library: editors of approved organisations share, the Secretariat
moderates, the public finds published practices by filters, feed and global search."""

import pytest
from django.urls import reverse

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Component
from imdi_portal.gateway.models import GCMObjective, GoodPractice
from imdi_portal.gateway.services import entry_moderate, entry_submit
from imdi_portal.search.selectors import search
from imdi_portal.search.services import search_index_rebuild
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def fields(country, **extra) -> dict:
    return {
        "title_en": "Mobile consular days for seafarers",
        "title_fr": "Journées consulaires mobiles pour les marins",
        "summary_en": "Consular staff visit ports to renew documents.",
        "what_was_done": "Monthly visits to three ports.",
        "results": "2,000 documents renewed in a year.",
        "lessons": "Announce the visits through crewing agencies.",
        "countries": [country],
        "components": list(Component.objects.filter(code="III")),
        "objectives": list(GCMObjective.objects.filter(number=14)),
        **extra,
    }


def test_the_23_global_compact_objectives_are_loaded():
    assert GCMObjective.objects.count() == 23
    assert GCMObjective.objects.get(number=20).title.startswith(
        "Promote faster, safer and cheaper transfer of remittances"
    )


def test_a_practice_is_public_only_once_published(client):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    secretariat = UserFactory(secretariat=True)
    country = CountryFactory()
    practice = entry_submit(GoodPractice, user=editor, **fields(country))
    assert practice.state == GoodPractice.State.SUBMITTED
    listing = reverse("imdi_portal:practice-list")
    assert "Mobile consular days" not in client.get(listing).content.decode()
    assert client.get(practice.get_absolute_url()).status_code == 404
    with pytest.raises(DomainError, match="Say why"):
        entry_moderate(user=secretariat, entry=practice, publish=False)
    with pytest.raises(DomainError, match="Only the Secretariat"):
        entry_moderate(user=editor, entry=practice, publish=True)
    entry_moderate(user=secretariat, entry=practice, publish=True)
    assert "Mobile consular days" in client.get(listing).content.decode()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "2,000 documents renewed" in page and "Enhance consular protection" in page
    feed = client.get(reverse("imdi_portal:practice-feed")).content.decode()
    assert "<feed" in feed and "Mobile consular days" in feed
    client.post(reverse("set_language"), {"language": "fr"})
    assert "Journées consulaires mobiles" in client.get(listing).content.decode()


def test_filters_and_global_search_find_published_practices(client):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    country = CountryFactory()
    practice = entry_submit(GoodPractice, user=editor, **fields(country))
    entry_moderate(user=UserFactory(secretariat=True), entry=practice, publish=True)
    listing = reverse("imdi_portal:practice-list")
    assert "Mobile consular" in client.get(listing, {"objective": 14}).content.decode()
    assert "Mobile consular" not in client.get(listing, {"objective": 1}).content.decode()
    assert "Mobile consular" in client.get(listing, {"country": country.iso3}).content.decode()
    assert "Mobile consular" not in client.get(listing, {"component": "I"}).content.decode()
    assert "Mobile consular" in client.get(listing, {"q": "seafarers ports"}).content.decode()
    search_index_rebuild()
    assert [d.kind for d in search("seafarers")[0]] == ["practice"]


def test_sharing_needs_an_editor_of_an_approved_organisation(client):
    country = CountryFactory()
    anonymous = client.get(reverse("imdi_portal:practice-new"))
    assert anonymous.status_code == 302
    pending = UserFactory(submitter=True, organisation=OrganisationFactory(is_approved=False))
    with pytest.raises(DomainError, match="approved organisation"):
        entry_submit(GoodPractice, user=pending, **fields(country))
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    with pytest.raises(DomainError, match="at least one country"):
        entry_submit(GoodPractice, user=editor, **fields(country, countries=[]))
    assert not GoodPractice.objects.exists()


def test_the_form_submits_and_refuses_bad_input(client):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    country = CountryFactory()
    client.force_login(editor)
    url = reverse("imdi_portal:practice-new")
    bad = client.post(url, {"title_en": "", "countries": ["ZZZ"], "document_url": "nope"})
    text = bad.content.decode()
    assert "This field is required" in text and "Enter a valid URL" in text
    assert not GoodPractice.objects.exists()
    component = Component.objects.get(code="II")
    client.post(
        url,
        {
            "title_en": "Remittance savings groups",
            "summary_en": "Savings.",
            "what_was_done": "Groups.",
            "results": "Savings rose.",
            "lessons": "Start small.",
            "countries": [country.iso3],
            "components": [component.pk],
        },
    )
    practice = GoodPractice.objects.get()
    assert practice.state == GoodPractice.State.SUBMITTED and practice.submitted_by == editor
