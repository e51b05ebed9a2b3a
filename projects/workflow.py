"""The lifecycle of a project proposal, in one table, and who may see or act on one.

    draft ──submit──▶ submitted ──(automatic)──▶ endorsement ──(all endorsed)──▶ screening
    revision ──submit──▶ submitted                endorsement ──(a country declines)──▶ revision
    screening ──send_to_tap──▶ tap_review         screening ──screen_out──▶ rejected
    screening ──return──▶ revision
    tap_review ──approve──▶ approved   tap_review ──reject──▶ rejected
    tap_review ──request_revision──▶ revision
    approved ──(fully allocated)──▶ funded ──start──▶ implementation ──complete──▶ completed
    completed ──close──▶ closed; approved / funded / implementation ──terminate──▶ closed

Actions marked "system" are taken by the services themselves as a consequence of another
act (a submission, the last endorsement, an allocation); nobody can request them directly.
Guards say what the proposal itself must have for a move (a ticked checklist, a quorum of
reviews, a final report). `PROPOSALS` runs the table on the core's workflow engine
(imdi_portal.workflow): every move is a Transition row, and its notifications go out after
the commit. Pages, admin and API all go through projects.services, which asks this module.
"""

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imdi_portal.core.roles import Role, has_role, is_secretariat
from imdi_portal.core.workflow import SYSTEM, Action, Messages, Workflow
from projects.models import Proposal, Report, Review, Transition

State = Proposal.State

SUBMITTER = "submitter"  # a member of the submitting organisation
SECRETARIAT = "secretariat"
TAP_DECIDER = "tap_decider"  # the Secretariat, or the TAP chair without a conflict


# --- guards: what the proposal itself must have for a move (None when it has it) ------------


def _ready_for_tap(proposal: Proposal) -> str | None:
    screening = proposal.screenings.filter(version=proposal.version).first()
    if screening is None or not screening.passed:
        return _("Every item of the eligibility checklist must be ticked first.")
    assigned = proposal.reviews.filter(version=proposal.version, conflict_declared=False).count()
    if assigned < settings.PROJECT_TAP_QUORUM:
        return _("Assign at least %(n)d TAP members without a conflict of interest first.") % {
            "n": settings.PROJECT_TAP_QUORUM
        }
    return None


def tap_quorum(proposal: Proposal) -> str | None:
    done = proposal.reviews.filter(
        version=proposal.version, submitted_at__isnull=False, conflict_declared=False
    ).count()
    if done < settings.PROJECT_TAP_QUORUM:
        return _("The TAP decides once %(quorum)d reviews are in; %(done)d so far.") % {
            "quorum": settings.PROJECT_TAP_QUORUM,
            "done": done,
        }
    return None


def _approved_amount(proposal: Proposal) -> str | None:
    # The amount is set by services.proposal_approve (the TAP decision) just before the move.
    if proposal.approved_amount is None:
        return _("Approval needs an amount: use the TAP decision.")
    return None


def _final_report(proposal: Proposal) -> str | None:
    if not proposal.reports.filter(kind=Report.Kind.FINAL).exists():
        return _("A project is completed once its final report is in.")
    return None


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "submit",
            gettext_lazy("Submit"),
            (State.DRAFT, State.REVISION),
            State.SUBMITTED,
            SUBMITTER,
        ),
        Action(
            "request_endorsement",
            gettext_lazy("Request endorsements"),
            (State.SUBMITTED,),
            State.ENDORSEMENT,
            SYSTEM,
        ),
        Action(
            "endorsed",
            gettext_lazy("Endorsed by every country"),
            (State.ENDORSEMENT,),
            State.SCREENING,
            SYSTEM,
        ),
        Action(
            "declined",
            gettext_lazy("Declined by a country"),
            (State.ENDORSEMENT,),
            State.REVISION,
            SYSTEM,
            needs_reason=True,
        ),
        Action(
            "send_to_tap",
            gettext_lazy("Send to the TAP"),
            (State.SCREENING,),
            State.TAP_REVIEW,
            SECRETARIAT,
            guards=(_ready_for_tap,),
        ),
        Action(
            "screen_out",
            gettext_lazy("Reject as ineligible"),
            (State.SCREENING,),
            State.REJECTED,
            SECRETARIAT,
            needs_reason=True,
        ),
        Action(
            "return",
            gettext_lazy("Return for revision"),
            (State.SCREENING,),
            State.REVISION,
            SECRETARIAT,
            needs_reason=True,
        ),
        Action(
            "approve",
            gettext_lazy("Approve"),
            (State.TAP_REVIEW,),
            State.APPROVED,
            TAP_DECIDER,
            guards=(_approved_amount, tap_quorum),
        ),
        Action(
            "reject",
            gettext_lazy("Reject"),
            (State.TAP_REVIEW,),
            State.REJECTED,
            TAP_DECIDER,
            needs_reason=True,
            guards=(tap_quorum,),
        ),
        Action(
            "request_revision",
            gettext_lazy("Request revision"),
            (State.TAP_REVIEW,),
            State.REVISION,
            TAP_DECIDER,
            needs_reason=True,
            guards=(tap_quorum,),
        ),
        Action("funded", gettext_lazy("Fully funded"), (State.APPROVED,), State.FUNDED, SYSTEM),
        Action(
            "start",
            gettext_lazy("Start implementation"),
            (State.FUNDED,),
            State.IMPLEMENTATION,
            SECRETARIAT,
        ),
        Action(
            "complete",
            gettext_lazy("Mark completed"),
            (State.IMPLEMENTATION,),
            State.COMPLETED,
            SECRETARIAT,
            guards=(_final_report,),
        ),
        Action("close", gettext_lazy("Close"), (State.COMPLETED,), State.CLOSED, SECRETARIAT),
        Action(
            "terminate",
            gettext_lazy("Terminate early"),
            (State.APPROVED, State.FUNDED, State.IMPLEMENTATION),
            State.CLOSED,
            SECRETARIAT,
            needs_reason=True,
        ),
    )
}


def is_member(user: Any, proposal: Proposal) -> bool:
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.organisation_id == proposal.organisation_id
    )


def conflict_reason(user: Any, proposal: Proposal) -> str:
    """Why this TAP member may not review or decide this proposal ('' when they may)."""
    if user.organisation_id and user.organisation_id == proposal.organisation_id:
        return _("The proposal comes from your own organisation.")
    if user.organisation_id and proposal.partners.filter(organisation=user.organisation_id):
        return _("Your organisation takes part in the project.")
    if user.country_id and proposal.countries.filter(country=user.country_id).exists():
        return _("The project involves your own country.")
    if proposal.reviews.filter(reviewer=user, conflict_declared=True).exists():
        return _("You declared a conflict of interest on this proposal.")
    return ""


def can_submit_for(user: Any) -> tuple[bool, str]:
    """May this user create proposals for their organisation?"""
    if not user.is_authenticated:
        return False, _("Sign in to submit a proposal.")
    if user.organisation is None:
        return False, _("Your account is not attached to an organisation.")
    if not user.organisation.is_approved:
        return False, _("Your organisation is waiting for the Secretariat's approval.")
    if not (user.is_superuser or has_role(user, Role.SUBMITTER)):
        return False, _("Only submitters of an organisation may create proposals.")
    return True, ""


def can_edit(user: Any, proposal: Proposal) -> tuple[bool, str]:
    if not is_member(user, proposal):
        return False, _("Only members of the submitting organisation edit a proposal.")
    allowed, reason = can_submit_for(user)
    if not allowed:
        return False, reason
    if not proposal.is_editable:
        return False, _("Only drafts and proposals returned for revision can be edited.")
    return True, ""


def can_view(user: Any, proposal: Proposal) -> bool:
    """The private view of a proposal (drafts, endorsements, attachments)."""
    if not user.is_authenticated:
        return False
    if is_secretariat(user) or is_member(user, proposal):
        return True
    if proposal.state == State.DRAFT:
        return False
    if (
        has_role(user, Role.FOCAL_POINT)
        and user.country_id
        and proposal.countries.filter(country=user.country_id).exists()
    ):
        return True
    if not has_role(user, Role.TAP_MEMBER):
        return False
    if is_tap_chair(user) and proposal.state in CHAIR_SEES and proposal.reviews.exists():
        return True
    return proposal.reviews.filter(reviewer=user).exists()


# What the TAP chair opens without being assigned: what the panel has reviewed or decided.
CHAIR_SEES = (
    State.TAP_REVIEW,
    State.APPROVED,
    State.REJECTED,
    State.FUNDED,
    State.IMPLEMENTATION,
    State.COMPLETED,
    State.CLOSED,
)


def _secretariat_only(user: Any, proposal: Proposal) -> tuple[bool, str]:
    if not is_secretariat(user):
        return False, _("Only the Secretariat may do this.")
    return True, ""


def is_tap_chair(user: Any) -> bool:
    """The panel's chair: a TAP member whose own account holds projects.chair_tap."""
    return (
        user.is_authenticated
        and has_role(user, Role.TAP_MEMBER)
        and user.user_permissions.filter(
            codename="chair_tap", content_type__app_label="projects"
        ).exists()
    )


def decision_capacity(user: Any) -> str:
    """In what capacity `user` records the TAP decision ('' when they may not)."""
    if is_secretariat(user):
        return Proposal.Capacity.SECRETARIAT
    if is_tap_chair(user):
        return Proposal.Capacity.TAP_CHAIR
    return ""


def _tap_decider(user: Any, proposal: Proposal) -> tuple[bool, str]:
    # A reviewer gives a recommendation; the panel's decision is recorded by its chair or by
    # the Secretariat on its behalf, never by one reviewer alone (issue #22).
    capacity = decision_capacity(user)
    if not capacity:
        return False, _(
            "A TAP member reviews; the decision is recorded by the TAP chair or by the "
            "Secretariat on behalf of the TAP."
        )
    if capacity == Proposal.Capacity.TAP_CHAIR:
        reason = conflict_reason(user, proposal)
        if reason:
            return False, reason
    return True, ""


# The recommendation of a review that agrees with each decision.
AGREEING_RECOMMENDATION = {
    "approve": Review.Recommendation.APPROVE,
    "reject": Review.Recommendation.REJECT,
    "request_revision": Review.Recommendation.REVISE,
}


def majority_recommendation(proposal: Proposal) -> tuple[str, int, int] | None:
    """The recommendation of more than half of the reviews counted for the quorum, with its
    count and the number of reviews; None when no recommendation has a majority."""
    values = list(
        proposal.reviews.filter(
            version=proposal.version, submitted_at__isnull=False, conflict_declared=False
        ).values_list("recommendation", flat=True)
    )
    for value in set(values):
        if values.count(value) * 2 > len(values):
            return value, values.count(value), len(values)
    return None


def _stamp(proposal: Proposal, action: Action, reason: str) -> list[str]:
    proposal.state_changed_at = timezone.now()
    return ["state_changed_at", "updated_at"]


def _notify(proposal: Proposal, transition: Transition) -> None:
    from projects.services.notifications import notify_transition

    notify_transition(proposal, transition.action, transition.reason, state=transition.to_state)


PROPOSALS = Workflow(
    model=Proposal,
    log_model=Transition,
    log_object="proposal",
    actions=tuple(ACTIONS.values()),
    actors={SUBMITTER: can_edit, SECRETARIAT: _secretariat_only, TAP_DECIDER: _tap_decider},
    messages=Messages(
        wrong_state=gettext_lazy(
            "A proposal in the state “%(state)s” cannot be moved by “%(action)s”."
        ),
        needs_reason=gettext_lazy("Give a reason: the submitter and the record need it."),
    ),
    on_move=_stamp,
    log_fields=lambda proposal: {"version": proposal.version},
    after_commit=_notify,
)
ALLOWED: set[tuple[str, str]] = PROPOSALS.edges()


def can_act(user: Any, proposal: Proposal, action_name: str) -> tuple[bool, str]:
    """May `user` take `action_name` on `proposal` now? (allowed, reason if not)."""
    return PROPOSALS.can(user, proposal, action_name)


def available_actions(user: Any, proposal: Proposal) -> list[Action]:
    return PROPOSALS.available(user, proposal)


def can_endorse(user: Any, proposal: Proposal, country: Any) -> tuple[bool, str]:
    if proposal.state != State.ENDORSEMENT:
        return False, _("The proposal is not waiting for endorsements.")
    if user.is_superuser:
        return True, ""
    if not has_role(user, Role.FOCAL_POINT) or user.country_id != country.pk:
        return False, _("Only a focal point of %(country)s may endorse for it.") % {
            "country": country.name
        }
    return True, ""


def can_view_attachment(user: Any, proposal: Proposal) -> bool:
    return can_view(user, proposal)
