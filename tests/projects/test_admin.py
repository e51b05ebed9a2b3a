"""The admin: screening, assignment, TAP reviews and the decision with its confirmation step,
and the funding forms, which refuse what the services refuse."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Allocation, Proposal, Review, Screening
from tests.imdi_portal.factories import UserFactory
from tests.projects.factories import ContributionFactory, Journey, make_tap_chair

pytestmark = pytest.mark.django_db


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:projects_proposal_{name}", args=args)


def test_secretariat_screens_assigns_and_sends_to_the_tap(client):
    j = Journey()
    proposal = j.to("screening")
    client.force_login(j.secretariat)
    page = client.get(admin_url("change", proposal.pk)).content.decode()
    assert "Screening: eligibility checklist" in page
    checks = {name: "on" for name, _label in Screening.CHECKS}
    client.post(admin_url("screen", proposal.pk), {**checks, "notes": "Eligible"})
    for member in j.tap[:2]:
        client.post(admin_url("assign", proposal.pk), {"reviewer": member.pk})
    conflicted = UserFactory(tap_member=True, organisation=j.ngo)
    response = client.post(
        admin_url("assign", proposal.pk), {"reviewer": conflicted.pk}, follow=True
    )
    assert "own organisation" in response.content.decode()
    response = client.post(admin_url("act", proposal.pk, "send_to_tap"), follow=True)
    assert j.refresh().state == Proposal.State.TAP_REVIEW
    # The confirmation names the state the proposal is in now, not the one it left.
    notice = [str(m) for m in response.context["messages"]]
    assert notice == [f"{proposal.reference} is now: {Proposal.State.TAP_REVIEW.label}."]
    assert set(j.proposal.reviews.values_list("reviewer", flat=True)) == {m.pk for m in j.tap[:2]}


def test_tap_member_reviews_in_the_admin_and_sees_only_assigned_work(client):
    j = Journey()
    proposal = j.to("tap_review")
    other = Journey()
    other.to("tap_review")
    member = j.tap[0]
    review = proposal.reviews.get(reviewer=member)
    client.force_login(member)
    listing = client.get(reverse("admin:projects_proposal_changelist")).content.decode()
    assert proposal.reference in listing and other.proposal.reference not in listing
    assert client.get(admin_url("change", other.proposal.pk)).status_code in (302, 403, 404)
    url = reverse("admin:projects_review_change", args=[review.pk])
    data = {
        "relevance": 5,
        "feasibility": 4,
        "development_impact": 4,
        "cost_effectiveness": 3,
        "sustainability": 3,
        "recommendation": "approve",
        "comment": "Solid",
    }
    bad = client.post(url, {**data, "recommendation": ""})
    assert "Choose a recommendation." in bad.content.decode()
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.total == 19 and review.submitted_at is not None
    # Someone else's review cannot be changed.
    theirs = proposal.reviews.get(reviewer=j.tap[1])
    response = client.post(reverse("admin:projects_review_change", args=[theirs.pk]), data)
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.submitted_at is None


def test_the_tap_decision_shows_the_scores_and_asks_for_confirmation(client):
    j = Journey()
    proposal = j.to("tap_review")
    j.review(j.tap[0], score=4)
    j.review(j.tap[1], score=2, recommendation="revise")
    chair = make_tap_chair(j.tap[2])  # the chair records the panel's decision
    client.force_login(chair)
    decision = {"decision": "approve", "amount": "75000.00", "reason": "Good value"}
    confirm = client.post(admin_url("decide", proposal.pk), decision)
    text = confirm.content.decode()
    assert "Confirm the TAP decision" in text
    assert "15.0 / 25" in text  # mean of 20 and 10
    assert j.refresh().state == Proposal.State.TAP_REVIEW  # nothing happens before confirming
    client.post(admin_url("decide", proposal.pk), {**decision, "confirmed": "yes"})
    project = j.refresh()
    assert project.state == Proposal.State.APPROVED
    assert project.approved_amount == Decimal("75000.00")
    assert project.transitions.last().by == chair
    assert project.decided_by == chair
    assert project.decision_capacity == Proposal.Capacity.TAP_CHAIR


def test_a_conflicted_member_cannot_decide(client):
    j = Journey()
    proposal = j.to("tap_review")
    j.review(j.tap[0])
    j.review(j.tap[1])
    conflicted = make_tap_chair(UserFactory(tap_member=True, is_staff=True, country=j.countries[0]))
    Review.objects.create(
        proposal=proposal,
        version=proposal.version,
        reviewer=conflicted,
        assigned_by=j.secretariat,
        conflict_declared=True,
    )
    client.force_login(conflicted)
    response = client.post(
        admin_url("decide", proposal.pk),
        {"decision": "approve", "amount": "1000", "confirmed": "yes"},
        follow=True,
    )
    assert "involves your own country" in response.content.decode()
    assert j.refresh().state == Proposal.State.TAP_REVIEW


def test_allocation_form_refuses_overdrawing_and_writes_nothing(client):
    j = Journey()
    project = j.to("approved")
    contribution = ContributionFactory(amount=Decimal("1000"))
    client.force_login(j.secretariat)
    url = reverse("admin:projects_allocation_add")
    data = {"contribution": contribution.pk, "project": project.pk, "amount": "1500", "note": ""}
    response = client.post(url, data)
    assert "Only 1000.00 USD of this contribution is left" in response.content.decode()
    assert not Allocation.objects.exists()
    assert client.post(url, {**data, "amount": "1000"}).status_code == 302
    assert Allocation.objects.get().allocated_by == j.secretariat


def test_tap_members_and_submitters_cannot_allocate(client):
    j = Journey()
    project = j.to("approved")
    contribution = ContributionFactory()
    for user in (j.tap[0], j.submitter):
        client.force_login(user)
        response = client.post(
            reverse("admin:projects_allocation_add"),
            {"contribution": contribution.pk, "project": project.pk, "amount": "10"},
        )
        assert response.status_code in (302, 403)
    assert not Allocation.objects.exists()
