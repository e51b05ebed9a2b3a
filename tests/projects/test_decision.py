"""The TAP decision is tied to the reviews: it needs the quorum, is recorded by the chair or
by the Secretariat on the panel's behalf (never by one reviewer), says in what capacity, and
a decision against the reviews' majority recommendation needs a justification (issue #22)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from imdi_portal.core.exceptions import DomainError
from projects import services, workflow
from projects.models import Proposal
from tests.projects.factories import Journey, make_tap_chair

pytestmark = pytest.mark.django_db
State = Proposal.State


def reviewed(*recommendations: str) -> Journey:
    j = Journey()
    j.to("tap_review")
    for member, recommendation in zip(j.tap, recommendations, strict=False):
        j.review(member, recommendation=recommendation)
    return j


def test_a_reviewer_cannot_decide_alone():
    j = reviewed("approve", "approve")
    allowed, why = workflow.can_act(j.tap[0], j.refresh(), "approve")
    assert not allowed and "TAP chair" in why
    with pytest.raises(DomainError, match="recorded by the TAP chair or by the Secretariat"):
        services.proposal_approve(user=j.tap[0], proposal=j.refresh(), amount=Decimal("1000"))
    with pytest.raises(DomainError, match="recorded by the TAP chair"):
        services.proposal_act(user=j.tap[1], proposal=j.refresh(), action="reject", reason="No")
    assert j.refresh().state == State.TAP_REVIEW
    assert j.refresh().decided_by is None


def test_even_the_chair_waits_for_the_quorum_of_reviews():
    j = reviewed("approve")
    chair = make_tap_chair(j.tap[2])
    with pytest.raises(DomainError, match="1 so far"):
        services.proposal_approve(user=chair, proposal=j.refresh(), amount=Decimal("1000"))
    with pytest.raises(DomainError, match="1 so far"):
        services.proposal_act(user=chair, proposal=j.refresh(), action="reject", reason="No")
    assert j.refresh().state == State.TAP_REVIEW


def test_the_decision_records_who_decided_and_in_what_capacity():
    j = reviewed("reject", "reject")
    chair = make_tap_chair(j.tap[2])
    services.proposal_act(user=chair, proposal=j.refresh(), action="reject", reason="Too costly")
    proposal = j.refresh()
    assert proposal.state == State.REJECTED
    assert proposal.decided_by == chair
    assert proposal.decision_capacity == Proposal.Capacity.TAP_CHAIR
    assert proposal.decision_justification == ""  # in line with the reviews
    last = proposal.transitions.last()
    assert last.by == chair
    assert "Too costly" in last.reason and "as TAP chair" in last.reason


def test_approving_against_the_reviews_needs_a_justification():
    j = reviewed("reject", "reject")
    with pytest.raises(DomainError, match="2 of 2 reviews recommend “Reject”"):
        services.proposal_approve(user=j.secretariat, proposal=j.refresh(), amount=Decimal("9000"))
    with pytest.raises(DomainError, match="needs a written justification"):
        services.proposal_approve(
            user=j.secretariat, proposal=j.refresh(), amount=Decimal("9000"), justification="  "
        )
    proposal = j.refresh()
    assert proposal.state == State.TAP_REVIEW
    assert proposal.approved_amount is None and proposal.decided_by is None
    services.proposal_approve(
        user=j.secretariat,
        proposal=proposal,
        amount=Decimal("9000"),
        note="A reduced pilot",
        justification="The reviewers' concern (scale) is met by a smaller pilot.",
    )
    proposal = j.refresh()
    assert proposal.state == State.APPROVED
    assert proposal.decision_capacity == Proposal.Capacity.SECRETARIAT
    assert proposal.decision_justification.startswith("The reviewers' concern")
    reason = proposal.transitions.last().reason
    assert "Secretariat on behalf of the TAP" in reason
    assert "Against the reviews' majority recommendation (Reject)" in reason
    assert "smaller pilot" in reason


def test_requesting_revision_against_a_majority_for_approval_needs_a_justification():
    j = reviewed("approve", "approve")
    with pytest.raises(DomainError, match="justification"):
        services.proposal_act(
            user=j.secretariat, proposal=j.refresh(), action="request_revision", reason="Budget"
        )
    assert j.refresh().state == State.TAP_REVIEW


def test_without_a_majority_no_justification_is_needed():
    j = reviewed("approve", "reject")
    services.proposal_act(user=j.secretariat, proposal=j.refresh(), action="reject", reason="No")
    assert j.refresh().state == State.REJECTED


def test_the_justification_is_shown_in_the_history(client):
    j = reviewed("reject", "reject")
    client.force_login(make_tap_chair(j.tap[2]))
    url = reverse("admin:projects_proposal_decide", args=[j.proposal.pk])
    decision = {"decision": "approve", "amount": "9000.00", "reason": "Pilot"}
    refused = client.post(url, {**decision, "confirmed": "yes"}, follow=True).content.decode()
    assert "needs a written justification" in refused
    assert j.refresh().state == State.TAP_REVIEW
    confirm = client.post(url, {**decision, "justification": "Scale reduced"}).content.decode()
    assert "TAP chair" in confirm and "Scale reduced" in confirm
    client.post(url, {**decision, "justification": "Scale reduced", "confirmed": "yes"})
    assert j.refresh().state == State.APPROVED
    client.force_login(j.submitter)
    page = client.get(reverse("projects:proposal-detail", args=[j.proposal.pk])).content.decode()
    assert "Scale reduced" in page and "as TAP chair" in page


def test_a_reviewer_sees_no_decision_form(client):
    j = reviewed("approve", "approve")
    j.tap[0].is_staff = True
    j.tap[0].save()
    client.force_login(j.tap[0])
    page = client.get(reverse("admin:projects_proposal_change", args=[j.proposal.pk]))
    text = page.content.decode()
    assert "Continue to confirmation" not in text
    assert "recorded by the TAP chair or by the Secretariat" in text
