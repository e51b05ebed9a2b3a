"""The proposal lifecycle: every allowed move, the refused ones, and what each records."""

from decimal import Decimal

import pytest
from django.core import mail

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Notification
from imdi_portal.core.notifications import notification_send_email
from projects import services, workflow
from projects.models import InvolvedCountry, Proposal, ProposalVersion, Screening
from tests.imdi_portal.factories import UserFactory
from tests.projects.factories import Journey, make_tap_chair

pytestmark = pytest.mark.django_db
State = Proposal.State


def test_every_transition_is_declared_once_with_a_known_target():
    targets = {a.target for a in workflow.ACTIONS.values()}
    assert targets <= set(State.values)
    assert (State.DRAFT, State.APPROVED) not in workflow.ALLOWED
    assert (State.TAP_REVIEW, State.APPROVED) in workflow.ALLOWED


def test_the_whole_journey_records_who_when_and_why():
    j = Journey()
    project = j.to("funded")
    assert project.state == State.FUNDED
    moves = list(project.transitions.values_list("from_state", "to_state", "by"))
    assert [m[:2] for m in moves] == [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.ENDORSEMENT),
        (State.ENDORSEMENT, State.SCREENING),
        (State.SCREENING, State.TAP_REVIEW),
        (State.TAP_REVIEW, State.APPROVED),
        (State.APPROVED, State.FUNDED),
    ]
    assert moves[0][2] == j.submitter.pk
    assert moves[2][2] == j.focal_points[1].pk  # the last endorsement moved it
    assert moves[4][2] == j.secretariat.pk
    assert project.approved_amount == Decimal("90000")


def test_submission_freezes_a_version_and_asks_each_country(django_capture_on_commit_callbacks):
    j = Journey()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = j.to("endorsement")
    assert proposal.version == 1
    snapshot = ProposalVersion.objects.get(proposal=proposal, number=1).snapshot
    assert snapshot["title"] == "Fair recruitment corridor"
    assert [c["country"] for c in snapshot["countries"]] == [c.iso3 for c in j.countries]
    assert set(proposal.countries.values_list("endorsement", flat=True)) == {"pending"}
    # Both focal points are told, in the portal and by e-mail.
    for fp in j.focal_points:
        assert Notification.objects.filter(user=fp, proposal=proposal).exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {fp.email for fp in j.focal_points} <= recipients


def test_an_incomplete_draft_cannot_be_submitted():
    j = Journey()
    services.proposal_update(user=j.submitter, proposal=j.proposal, children={"budget_lines": []})
    with pytest.raises(DomainError, match="a budget"):
        services.proposal_submit(user=j.submitter, proposal=j.refresh())
    assert j.refresh().state == State.DRAFT


def test_one_endorsement_is_not_enough_and_a_focal_point_answers_only_for_their_country():
    j = Journey()
    proposal = j.to("endorsement")
    with pytest.raises(DomainError, match="Only a focal point of"):
        services.proposal_endorse(
            user=j.focal_points[0], proposal=proposal, country=j.countries[1], endorse=True
        )
    services.proposal_endorse(
        user=j.focal_points[0], proposal=proposal, country=j.countries[0], endorse=True
    )
    assert j.refresh().state == State.ENDORSEMENT
    with pytest.raises(DomainError, match="already answered"):
        services.proposal_endorse(
            user=j.focal_points[0], proposal=j.refresh(), country=j.countries[0], endorse=True
        )


def test_a_decline_sends_it_back_and_a_resubmission_is_a_new_version():
    j = Journey()
    proposal = j.to("endorsement")
    with pytest.raises(DomainError, match="Say why"):
        services.proposal_endorse(
            user=j.focal_points[1], proposal=proposal, country=j.countries[1], endorse=False
        )
    services.proposal_endorse(
        user=j.focal_points[1],
        proposal=proposal,
        country=j.countries[1],
        endorse=False,
        comment="Not in our plan",
    )
    proposal = j.refresh()
    assert proposal.state == State.REVISION
    assert "Not in our plan" in proposal.transitions.last().reason
    services.proposal_update(user=j.submitter, proposal=proposal, title="Revised title")
    services.proposal_submit(user=j.submitter, proposal=j.refresh())
    proposal = j.refresh()
    assert proposal.version == 2
    assert list(proposal.versions.values_list("number", "snapshot__title")) == [
        (1, "Fair recruitment corridor"),
        (2, "Revised title"),
    ]
    # Every country is asked again for the new version.
    assert set(proposal.countries.values_list("endorsement", flat=True)) == {
        InvolvedCountry.Endorsement.PENDING
    }


def test_screening_needs_a_full_checklist_and_a_quorum_of_members():
    j = Journey()
    proposal = j.to("screening")
    with pytest.raises(DomainError, match="checklist"):
        services.proposal_act(user=j.secretariat, proposal=proposal, action="send_to_tap")
    checks = {name: True for name, _label in Screening.CHECKS}
    services.screening_save(user=j.secretariat, proposal=proposal, checks=checks)
    services.reviewer_assign(user=j.secretariat, proposal=proposal, reviewer=j.tap[0])
    with pytest.raises(DomainError, match="at least 2"):
        services.proposal_act(user=j.secretariat, proposal=j.refresh(), action="send_to_tap")
    assert j.refresh().state == State.SCREENING


def test_members_with_a_conflict_of_interest_cannot_review():
    j = Journey()
    proposal = j.to("screening")
    own_org = UserFactory(tap_member=True, organisation=j.ngo)
    own_country = UserFactory(tap_member=True, country=j.countries[0])
    partner = UserFactory(tap_member=True, organisation=j.agency)
    for member, reason in [
        (own_org, "own organisation"),
        (own_country, "your own country"),
        (partner, "takes part"),
    ]:
        with pytest.raises(DomainError, match=reason):
            services.reviewer_assign(user=j.secretariat, proposal=proposal, reviewer=member)
    not_tap = UserFactory(secretariat=True)
    with pytest.raises(DomainError, match="not a member of the TAP"):
        services.reviewer_assign(user=j.secretariat, proposal=proposal, reviewer=not_tap)


def test_a_declared_conflict_stops_the_review_and_the_decision():
    j = Journey()
    proposal = j.to("tap_review")
    review = proposal.reviews.get(reviewer=j.tap[0])
    services.review_declare_conflict(user=j.tap[0], review=review, statement="Former employer")
    make_tap_chair(j.tap[0])  # even the chair does not decide on a proposal they conflict with
    with pytest.raises(DomainError, match="declared a conflict"):
        services.review_submit(
            user=j.tap[0],
            review=review,
            scores=dict.fromkeys([n for n, _l in review.CRITERIA], 5),
            recommendation="approve",
        )
    assert workflow.can_act(j.tap[0], j.refresh(), "approve") == (
        False,
        "You declared a conflict of interest on this proposal.",
    )


def test_scores_must_be_0_to_5_and_only_the_assigned_member_reviews():
    j = Journey()
    proposal = j.to("tap_review")
    review = proposal.reviews.get(reviewer=j.tap[0])
    names = [n for n, _l in review.CRITERIA]
    with pytest.raises(DomainError, match="from 0 to 5"):
        services.review_submit(
            user=j.tap[0],
            review=review,
            scores={**dict.fromkeys(names, 3), "feasibility": 6},
            recommendation="approve",
        )
    with pytest.raises(DomainError, match="Only the assigned member"):
        services.review_submit(
            user=j.tap[1], review=review, scores=dict.fromkeys(names, 3), recommendation="approve"
        )


def test_the_tap_decides_only_with_a_quorum_and_an_amount_within_the_budget():
    j = Journey()
    proposal = j.to("tap_review")
    j.review(j.tap[0])
    with pytest.raises(DomainError, match="1 so far"):
        services.proposal_approve(user=j.secretariat, proposal=proposal, amount=Decimal("1000"))
    j.review(j.tap[1], recommendation="revise")
    with pytest.raises(DomainError, match="more than the budget"):
        services.proposal_approve(
            user=j.secretariat, proposal=j.refresh(), amount=Decimal("100000.01")
        )
    # A reviewer does not record the panel's decision alone; the chair does.
    with pytest.raises(DomainError, match="recorded by the TAP chair or by the Secretariat"):
        services.proposal_act(user=j.tap[0], proposal=j.refresh(), action="reject", reason="x")
    services.proposal_act(
        user=make_tap_chair(j.tap[2]),
        proposal=j.refresh(),
        action="request_revision",
        reason="Clarify the budget",
    )
    proposal = j.refresh()
    assert proposal.state == State.REVISION
    assert proposal.decision_note == "Clarify the budget"


@pytest.mark.parametrize(
    "state, action",
    [
        ("endorsement", "approve"),
        ("endorsement", "send_to_tap"),
        ("screening", "submit"),
        ("tap_review", "start"),
        ("approved", "complete"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(state, action):
    j = Journey()
    proposal = j.to(state)
    count = proposal.transitions.count()
    with pytest.raises(DomainError):
        services.proposal_act(user=j.secretariat, proposal=proposal, action=action)
    assert j.refresh().state == state
    assert j.proposal.transitions.count() == count


def test_automatic_steps_cannot_be_requested_by_hand():
    j = Journey()
    proposal = j.to("endorsement")
    allowed, reason = workflow.can_act(j.secretariat, proposal, "endorsed")
    assert not allowed
    assert "automatically" in reason


def test_only_the_submitting_organisation_edits_and_only_drafts():
    j = Journey()
    other = UserFactory(submitter=True, organisation=j.agency)
    with pytest.raises(DomainError, match="Only members of the submitting organisation"):
        services.proposal_update(user=other, proposal=j.proposal, title="Hijacked")
    j.to("endorsement")
    with pytest.raises(DomainError, match="Only drafts"):
        services.proposal_update(user=j.submitter, proposal=j.refresh(), title="Late change")
    assert j.refresh().title == "Fair recruitment corridor"


def test_implementation_completes_only_with_a_final_report():
    from datetime import date

    j = Journey()
    project = j.to("funded")
    services.proposal_act(user=j.secretariat, proposal=project, action="start")
    with pytest.raises(DomainError, match="final report"):
        services.proposal_act(user=j.secretariat, proposal=j.refresh(), action="complete")
    services.report_submit(
        user=j.submitter,
        project=j.refresh(),
        kind="final",
        period_start=date(2027, 1, 1),
        period_end=date(2028, 6, 30),
        summary="Done",
        achieved={},
    )
    services.proposal_act(user=j.secretariat, proposal=j.refresh(), action="complete")
    services.proposal_act(user=j.secretariat, proposal=j.refresh(), action="close")
    assert j.refresh().state == State.CLOSED


def test_notification_emails_are_sent_once(django_capture_on_commit_callbacks):
    j = Journey()
    with django_capture_on_commit_callbacks(execute=True):
        j.to("endorsement")
    notification = Notification.objects.filter(user=j.focal_points[0]).first()
    sent = len(mail.outbox)
    assert notification_send_email(notification.pk) is False  # already sent
    assert len(mail.outbox) == sent


def test_countries_without_a_focal_point_are_flagged_to_the_secretariat():
    j = Journey()
    j.focal_points[1].groups.clear()
    proposal = j.to("endorsement")
    reason = proposal.transitions.get(action="request_endorsement").reason
    assert f"No focal point is registered for {j.countries[1].name}" in reason
    assert j.countries[0].name not in reason
    assert Notification.objects.filter(
        user=j.secretariat, subject__contains="without a focal point"
    ).exists()


def test_each_notice_names_the_state_its_own_move_led_to(django_capture_on_commit_callbacks):
    # Submission moves twice in one transaction; the notices go out after the commit and
    # must not all say where the proposal ended up.
    j = Journey()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = j.to("endorsement")
        assert not Notification.objects.filter(proposal=proposal).exists()  # not before
    subject = f"{proposal.reference}: {State.SUBMITTED.label}"
    assert Notification.objects.filter(user=j.secretariat, subject=subject).exists()
    subject = f"{proposal.reference}: {State.ENDORSEMENT.label}"
    assert Notification.objects.filter(user=j.focal_points[0], subject=subject).exists()
    assert not Notification.objects.filter(user=j.secretariat, subject=subject).exists()


def test_a_move_that_rolls_back_notifies_nobody(django_capture_on_commit_callbacks):
    from django.db import transaction

    j = Journey()
    proposal = j.to("screening")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.proposal_act(
            user=j.secretariat, proposal=proposal, action="return", reason="Clarify the budget"
        )
        raise RuntimeError("what came after the move failed")
    assert not Notification.objects.filter(proposal=proposal).exists()
    assert j.refresh().state == State.SCREENING
