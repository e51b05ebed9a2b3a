"""Notifications: who hears of each move of a proposal and the links they carry. The notices
and their e-mails go through the core's one path (imdi_portal.core.notifications.notify)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from imdi_portal.core.models import User
from imdi_portal.core.notifications import notify
from imdi_portal.core.roles import Role, members_of
from projects.models import Proposal, Review


def admin_review_url(review: Review) -> str:
    from django.urls import reverse

    return reverse("admin:projects_review_change", args=[review.pk])


def admin_proposal_url(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("admin:projects_proposal_change", args=[proposal.pk])


def _secretariat(_proposal: Proposal | None = None) -> list[User]:
    return members_of(Role.SECRETARIAT)


def _members(proposal: Proposal) -> list[User]:
    return list(User.objects.filter(organisation=proposal.organisation_id, is_active=True))


def _focal_points(proposal: Proposal) -> list[User]:
    return list(
        User.objects.filter(
            groups__name=Role.FOCAL_POINT,
            is_active=True,
            country__in=proposal.countries.values("country"),
        ).distinct()
    )


# Who hears of each transition.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "submit": ("secretariat",),
    "request_endorsement": ("focal_points", "members"),
    "endorsed": ("secretariat", "members"),
    "declined": ("secretariat", "members"),
    "send_to_tap": ("members",),
    "screen_out": ("members", "focal_points"),
    "return": ("members",),
    "approve": ("members", "focal_points", "secretariat"),
    "reject": ("members", "focal_points", "secretariat"),
    "request_revision": ("members", "secretariat"),
    "funded": ("members", "secretariat"),
    "start": ("members", "focal_points"),
    "complete": ("members", "focal_points"),
    "close": ("members",),
    "terminate": ("members", "focal_points"),
}


def notify_transition(
    proposal: Proposal, action: str, reason: str, *, state: str | None = None
) -> None:
    """Tell who hears of `action` that the proposal is now in `state` (its current state
    when not given; the workflow's after-commit hook gives the state the move led to)."""
    state_label = Proposal.State(state).label if state else proposal.get_state_display()
    finders: dict[str, Callable[[Proposal], list[User]]] = {
        "secretariat": _secretariat,
        "members": _members,
        "focal_points": _focal_points,
    }
    users: dict[int, User] = {}
    for audience in AUDIENCES.get(action, ()):
        for user in finders[audience](proposal):
            users[user.pk] = user
    if not users:
        return
    subject = _("%(ref)s: %(state)s") % {"ref": proposal.reference, "state": state_label}
    body = _("“%(title)s” is now: %(state)s.") % {"title": proposal.title, "state": state_label}
    if reason:
        body += "\n\n" + reason
    notify(list(users.values()), subject, body, proposal_url_for(proposal), about=proposal)


def proposal_url_for(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("projects:proposal-detail", kwargs={"pk": proposal.pk})
