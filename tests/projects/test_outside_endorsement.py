"""An endorsement a government sends outside the portal (no focal point), recorded by the
Secretariat with its letter, signatory and date, counts as the country's (issue #22)."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from imdi_portal.core.exceptions import DomainError
from projects import services
from projects.models import Attachment, InvolvedCountry, Proposal
from tests.imdi_portal.factories import UserFactory
from tests.projects.factories import Journey

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def letter(content: bytes = PDF, name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def journey_without_second_focal_point() -> Journey:
    j = Journey()
    j.focal_points[1].is_active = False  # the second country has no focal point any more
    j.focal_points[1].save()
    j.to("endorsement")
    services.proposal_endorse(
        user=j.focal_points[0], proposal=j.refresh(), country=j.countries[0], endorse=True
    )
    return j


def test_a_letter_recorded_by_the_secretariat_counts_as_the_countrys_endorsement():
    j = journey_without_second_focal_point()
    country = j.countries[1]
    assert services.countries_without_focal_point(j.refresh()) == [country]
    services.endorsement_record_received(
        user=j.secretariat,
        proposal=j.refresh(),
        country=country,
        letter=letter(),
        signed_by="Minister of Labour",
        received_on=date(2026, 11, 2),
    )
    proposal = j.refresh()
    assert proposal.state == Proposal.State.SCREENING
    involved = proposal.countries.get(country=country)
    assert involved.endorsement == InvolvedCountry.Endorsement.ENDORSED
    assert involved.endorsed_by == j.secretariat
    assert involved.signed_by == "Minister of Labour"
    assert involved.received_on == date(2026, 11, 2)
    assert involved.letter.kind == Attachment.Kind.LETTER
    assert involved.letter.content_type == "application/pdf"
    recorded = proposal.transitions.get(action="endorsement_received")
    assert recorded.by == j.secretariat
    assert "signed by Minister of Labour" in recorded.reason
    assert "2026-11-02" in recorded.reason


def test_the_history_on_the_proposal_page_shows_the_letter(client):
    j = journey_without_second_focal_point()
    services.endorsement_record_received(
        user=j.secretariat,
        proposal=j.refresh(),
        country=j.countries[1],
        letter=letter(),
        signed_by="Director of Employment",
        received_on=timezone.localdate(),
    )
    client.force_login(j.submitter)
    page = client.get(reverse("projects:proposal-detail", args=[j.proposal.pk])).content.decode()
    assert "received outside the portal" in page
    assert "Letter signed by Director of Employment" in page


@pytest.mark.parametrize(
    "who, kwargs, message",
    [
        ("focal_point", {}, "Only the Secretariat"),
        ("secretariat", {"letter": letter(b"MZ not a document", "letter.exe")}, "Only PDF"),
        ("secretariat", {"signed_by": " "}, "who signed"),
        ("secretariat", {"received_on": date.today() + timedelta(days=3)}, "not in the future"),
    ],
    ids=["not-the-secretariat", "not-a-document", "no-signatory", "future-date"],
)
def test_it_refuses_and_writes_nothing(who, kwargs, message):
    j = journey_without_second_focal_point()
    user = j.focal_points[0] if who == "focal_point" else j.secretariat
    arguments = {
        "letter": letter(),
        "signed_by": "Minister",
        "received_on": timezone.localdate(),
        **kwargs,
    }
    with pytest.raises(DomainError, match=message):
        services.endorsement_record_received(
            user=user, proposal=j.refresh(), country=j.countries[1], **arguments
        )
    proposal = j.refresh()
    assert proposal.state == Proposal.State.ENDORSEMENT
    assert not proposal.attachments.exists()
    assert not proposal.transitions.filter(action="endorsement_received").exists()
    assert proposal.countries.get(country=j.countries[1]).endorsement == "pending"


def test_an_answered_country_cannot_be_recorded_again():
    j = journey_without_second_focal_point()
    with pytest.raises(DomainError, match="already answered"):
        services.endorsement_record_received(
            user=j.secretariat,
            proposal=j.refresh(),
            country=j.countries[0],
            letter=letter(),
            signed_by="Minister",
            received_on=timezone.localdate(),
        )


def test_the_secretariat_records_it_from_the_admin_page(client):
    j = journey_without_second_focal_point()
    client.force_login(j.secretariat)
    change = reverse("admin:projects_proposal_change", args=[j.proposal.pk])
    page = client.get(change).content.decode()
    assert "Endorsement received outside the portal" in page
    response = client.post(
        reverse("admin:projects_proposal_endorsement", args=[j.proposal.pk]),
        {
            "country": j.countries[1].pk,
            "signed_by": "Minister of Labour",
            "received_on": timezone.localdate().isoformat(),
            "letter": letter(),
        },
        follow=True,
    )
    assert "is recorded" in response.content.decode()
    assert j.refresh().state == Proposal.State.SCREENING


def test_a_tap_member_has_no_such_form(client):
    j = journey_without_second_focal_point()
    member = UserFactory(tap_member=True, is_staff=True)
    client.force_login(member)
    client.post(
        reverse("admin:projects_proposal_endorsement", args=[j.proposal.pk]),
        {"country": j.countries[1].pk, "signed_by": "x", "received_on": "2026-01-01"},
    )
    assert j.refresh().state == Proposal.State.ENDORSEMENT
