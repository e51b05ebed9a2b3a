"""The directory: official contact details are public; a person's details only while their
consent is recorded, given by them on the portal or recorded by the Secretariat."""

import pytest
from django.urls import reverse

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Theme
from imdi_portal.gateway.directory import contact_give_consent, contact_withdraw_consent
from imdi_portal.gateway.models import Contact
from tests.gateway.factories import ContactFactory
from tests.imdi_portal.factories import CountryFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = "/directory/"


@pytest.fixture
def person():
    return UserFactory(focal_point=True)


@pytest.fixture
def contact(person):
    return ContactFactory(
        kind=Contact.Kind.FOCAL_POINT,
        function_en="National focal point for labour mobility",
        office_email="mobility@example.org",
        person_name="Amina Diallo",
        person_email="amina@example.org",
        user=person,
    )


def test_personal_details_are_shown_only_with_recorded_consent(
    client, contact, person, django_capture_on_commit_callbacks
):
    profile = f"/countries/{contact.country.iso3}/"
    for url in (LIST, profile):
        html = client.get(url).content.decode()
        assert "mobility@example.org" in html and "National focal point for labour" in html
        assert "Amina Diallo" not in html and "amina@example.org" not in html
    # A search must not reveal a name that is not published.
    assert "focal point for labour" not in client.get(LIST, {"q": "Amina"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached profile section too
        contact_give_consent(user=person, contact=contact)
    contact.refresh_from_db()
    assert contact.consent_method == Contact.ConsentMethod.PORTAL
    assert contact.consent_recorded_by == person
    for url in (LIST, profile):
        html = client.get(url).content.decode()
        assert "Amina Diallo" in html and "amina@example.org" in html
    assert "focal point for labour" in client.get(LIST, {"q": "Amina"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        contact_withdraw_consent(user=person, contact=contact)
    for url in (LIST, profile):
        assert "Amina Diallo" not in client.get(url).content.decode()
    # The history keeps when consent was given and withdrawn.
    assert [h.consent_given_at is not None for h in contact.history.order_by("history_date")] == [
        False,
        True,
        False,
    ]


def test_only_the_person_or_the_secretariat_record_consent(contact):
    stranger = UserFactory(focal_point=True)
    with pytest.raises(DomainError, match="Only the person named"):
        contact_give_consent(user=stranger, contact=contact)
    secretariat = UserFactory(secretariat=True)
    contact_give_consent(user=secretariat, contact=contact)
    contact.refresh_from_db()
    assert contact.consent_method == Contact.ConsentMethod.WRITING
    with pytest.raises(DomainError, match="already recorded"):
        contact_give_consent(user=secretariat, contact=contact)
    with pytest.raises(DomainError, match="Only the person named"):
        contact_withdraw_consent(user=stranger, contact=contact)
    assert Contact.objects.get(pk=contact.pk).has_consent


def test_no_consent_for_an_entry_without_personal_details():
    contact = ContactFactory()
    with pytest.raises(DomainError, match="no personal details"):
        contact_give_consent(user=UserFactory(secretariat=True), contact=contact)


def test_the_person_gives_and_withdraws_consent_on_their_page(client, contact, person):
    client.force_login(person)
    url = reverse("imdi_portal:directory-mine")
    page = client.get(url).content.decode()
    assert "National focal point for labour mobility" in page and "I agree" in page
    response = client.post(url, {"contact": contact.pk, "consent": "give"}, follow=True)
    assert "now published" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).has_consent
    response = client.post(url, {"contact": contact.pk, "consent": "withdraw"}, follow=True)
    assert "no longer published" in response.content.decode()
    assert not Contact.objects.get(pk=contact.pk).has_consent
    # Someone else's entry, or nonsense, is not found.
    other = ContactFactory(person_name="Someone Else")
    assert client.post(url, {"contact": other.pk, "consent": "give"}).status_code == 404
    assert client.post(url, {"contact": "x'; --", "consent": "give"}).status_code == 404
    junk = client.post(url, {"contact": contact.pk, "consent": "maybe"}, follow=True)
    assert "Choose to give or to withdraw" in junk.content.decode()
    assert not Contact.objects.get(pk=other.pk).has_consent


def test_directory_filters_by_country_kind_and_topic(client):
    here = CountryFactory()
    topic = Theme.objects.get(slug="remittances")
    focal = ContactFactory(kind=Contact.Kind.FOCAL_POINT, country=here, function_en="Focal A")
    focal.topics.add(topic)
    ContactFactory(kind=Contact.Kind.MINISTRY, function_en="Desk B")
    ContactFactory(function_en="Closed C", is_active=False)

    def functions(**params) -> set[str]:
        html = client.get(LIST, params).content.decode()
        return {f for f in ("Focal A", "Desk B", "Closed C") if f in html}

    assert functions() == {"Focal A", "Desk B"}
    assert functions(country=here.iso3) == {"Focal A"}
    assert functions(kind="ministry") == {"Desk B"}
    assert functions(topic="remittances") == {"Focal A"}
    bad = client.get(LIST, {"kind": "spy", "topic": "nope"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_an_entry_needs_an_official_channel_and_a_focal_point_a_country():
    from django.core.exceptions import ValidationError

    entry = ContactFactory.build(office_email="", organisation=None)
    with pytest.raises(ValidationError, match="at least one official way"):
        entry.clean()
    entry = ContactFactory.build(kind=Contact.Kind.FOCAL_POINT, country=None)
    with pytest.raises(ValidationError, match="serves one country"):
        entry.clean()


def test_profile_with_gateway_and_directory_stays_in_its_query_budget(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from tests.gateway.factories import ActivityFactory
    from tests.imdi_portal.factories import OrganisationFactory

    country = CountryFactory()
    OrganisationFactory(country=country, name="Based Here")
    ActivityFactory(countries=[country], title_en="Programme Here")
    ContactFactory(country=country, function_en="Desk Here")
    url = f"/countries/{country.iso3}/"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):  # the gateway sections go stale
        ContactFactory(country=country, function_en="Second Desk")
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    for text in ("Based Here", "Programme Here", "Desk Here", "Second Desk"):
        assert text in html
    with django_assert_max_num_queries(5):  # every section cached
        client.get(url)


def test_the_api_publishes_a_person_only_with_consent(client, contact, person):
    url = "/api/v1/contacts/"
    body = client.get(url, {"country": contact.country.iso3}).json()
    [row] = body["results"]
    assert row["office_email"] == "mobility@example.org" and row["person"] is None
    assert "Amina" not in client.get(url).content.decode()
    assert "Amina" not in client.get(f"{url}{contact.pk}/").content.decode()
    contact_give_consent(user=person, contact=contact)
    row = client.get(f"{url}{contact.pk}/").json()
    assert row["person"] == {"name": "Amina Diallo", "email": "amina@example.org", "phone": ""}
    bad = client.get(url, {"kind": "spy"})
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
