"""Reports of an enterprise that claims the IMDI label without being in the registry: the
form, its checks and limit, the link from a failed verification, and the admin's handling."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from certification import services
from certification.models import Complaint
from imdi_portal.core.exceptions import DomainError
from tests.certification.factories import Certification
from tests.imdi_portal.factories import CountryFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "certification:complaint-false-claim"


def _data(where, **overrides) -> dict:
    return {
        "enterprise_name": "Golden Bridge Manpower",
        "seen_at": "https://golden-bridge.example.org/about",
        "claimed_number": "IMDI-12345-67890-Z",
        "country": where.iso3,
        "description": "Their website shows the IMDI label and they ask 900 USD from each worker.",
        **overrides,
    }


def test_a_false_claim_with_a_number_not_in_the_registry_is_stored(
    client, django_capture_on_commit_callbacks
):
    officer = UserFactory(certification_officer=True, email="officer@example.org")
    country = CountryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL), _data(country))
    assert response.status_code == 200
    assert "Report received" in response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.kind == Complaint.Kind.FALSE_CLAIM
    assert complaint.label is None
    assert complaint.claimed_enterprise_name == "Golden Bridge Manpower"
    assert complaint.claimed_number == "IMDI-12345-67890-Z"  # kept as shown, not checked
    assert complaint.claim_seen_at == "https://golden-bridge.example.org/about"
    assert complaint.claim_country == country
    assert complaint.reporter_name == ""
    assert mail.outbox[0].to == [officer.email]
    assert "Golden Bridge Manpower" in mail.outbox[0].subject


def test_a_place_described_in_words_is_accepted_and_a_www_address_gets_its_scheme():
    country = CountryFactory()
    poster = services.complaint_file_false_claim(
        enterprise_name="Star Jobs",
        seen_at="A poster in their office near the bus station",
        country=country,
        description="The poster shows the IMDI label and promises jobs abroad for a fee.",
    )
    assert poster.claim_seen_at.startswith("A poster") and poster.claim_link == ""
    web = services.complaint_file_false_claim(
        enterprise_name="Star Jobs",
        seen_at="www.star-jobs.example.com",
        country=country,
        description="The website shows the IMDI label and promises jobs abroad for a fee.",
    )
    assert web.claim_link == "https://www.star-jobs.example.com"


def test_a_failed_verification_links_to_a_prefilled_false_claim(client):
    number = "IMDI-00000-00000-0"
    page = client.get(reverse("certification:verify"), {"number": number}).content.decode()
    assert f"{number} is unknown." in page
    link = reverse(URL) + f"?number={number}"
    assert escape(link) in page
    assert "Report a false claim" in page
    form = client.get(link).content.decode()
    assert f'value="{number}"' in form


def test_a_found_label_offers_no_false_claim_link(client):
    label = Certification().to("accepted").label
    page = client.get(reverse("certification:verify"), {"number": label.number}).content.decode()
    assert f"{label.number} is valid." in page
    assert reverse(URL) not in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"enterprise_name": ""}, "Give the name of the enterprise as it is shown."),
        ({"enterprise_name": "   "}, "Give the name of the enterprise as it is shown."),
        ({"seen_at": ""}, "Say where you saw the claim"),
        ({"seen_at": "https://not a site"}, "This web address is not valid"),
        ({"seen_at": "http:/golden-bridge"}, "This web address is not valid"),
        ({"country": ""}, "Choose the country where the enterprise works."),
        ({"country": "QQQ"}, "Select a valid choice"),
        ({"description": "Bad"}, "at least 20 characters"),
        ({"reporter_email": "not-an-address"}, "Enter a valid email address"),
    ],
)
def test_bad_false_claims_are_refused_with_a_message_and_store_nothing(client, overrides, message):
    response = client.post(reverse(URL), _data(CountryFactory(), **overrides))
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_service_refuses_a_missing_name_too():
    with pytest.raises(DomainError, match="name of the enterprise"):
        services.complaint_file_false_claim(
            enterprise_name="",
            seen_at="A poster",
            country=CountryFactory(),
            description="The poster shows the IMDI label and asks for fees.",
        )
    assert not Complaint.objects.exists()


def test_a_complaint_about_a_registered_label_still_needs_a_real_label(client):
    response = client.post(
        reverse("certification:complaint-new"),
        {"number": "IMDI-12345-67890-Z", "description": "They charged a fee of 500 USD to all."},
    )
    page = response.content.decode()
    assert "No label has this number" in page
    assert reverse(URL) in page  # and the page points to the other kind of report
    assert not Complaint.objects.exists()
    label = Certification().to("accepted").label
    client.post(
        reverse("certification:complaint-new"),
        {"number": label.number, "description": "They charged a fee of 500 USD to all."},
    )
    complaint = Complaint.objects.get()
    assert (complaint.kind, complaint.label) == (Complaint.Kind.LABEL, label)


@override_settings(CERTIFICATION_COMPLAINT_LIMIT=2)
def test_reports_are_limited_per_client(client):
    country = CountryFactory()
    for _ in range(2):
        assert client.post(reverse(URL), _data(country)).status_code == 200
    response = client.post(reverse(URL), _data(country))
    assert response.status_code == 429
    assert "Too many reports" in response.content.decode()
    limited = client.post(
        reverse("certification:complaint-new"),
        {"number": "IMDI-12345-67890-Z", "description": "They charged a fee of 500 USD to all."},
    )
    assert limited.status_code == 429  # one limit for both kinds
    assert Complaint.objects.count() == 2


def test_the_secretariat_filters_false_claims_and_cannot_suspend_a_label_that_does_not_exist(
    client,
):
    c = Certification()
    label = c.to("accepted").label
    services.complaint_file(number=label.number, description="They charged a fee of 500 USD.")
    claim = services.complaint_file_false_claim(
        enterprise_name="Golden Bridge Manpower",
        seen_at="https://golden-bridge.example.org/",
        claimed_number="IMDI-1",
        country=CountryFactory(),
        description="Their website shows the IMDI label and they ask fees.",
    )
    client.force_login(c.officer)
    changelist = reverse("admin:certification_complaint_changelist")
    page = client.get(changelist, {"kind__exact": "false_claim"}).content.decode()
    assert "Golden Bridge Manpower" in page and label.number not in page
    page = client.get(changelist, {"kind__exact": "label"}).content.decode()
    assert label.number in page and "Golden Bridge Manpower" not in page
    detail = client.get(reverse("admin:certification_complaint_change", args=[claim.pk]))
    assert "https://golden-bridge.example.org/" in detail.content.decode()
    with pytest.raises(DomainError, match="holds no label"):
        services.complaint_close(
            user=c.officer, complaint=claim, outcome="suspended", notes="Confirmed"
        )
    services.complaint_close(user=c.officer, complaint=claim, outcome="corrected", notes="Removed")
    claim.refresh_from_db()
    assert (claim.status, claim.outcome) == (Complaint.Status.CLOSED, "corrected")
