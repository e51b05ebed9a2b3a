"""The moderation of the information gateway, in one table, and who may act.

    (submitted by an organisation's editor) ──▶ submitted
    submitted, rejected ──publish──▶ published   (Secretariat)
    submitted, published ──reject───▶ rejected   (Secretariat; a reason is required:
                                                  the organisation is told)

Activities and good practices share the states and the table; each kind has its own log
(ActivityTransition, GoodPracticeTransition), hence one workflow of the core's engine
(imdi_portal.workflow) per kind: `WORKFLOWS[model]`. The submission is not a move (the entry
did not exist): `entry_submit` records it as a row from the empty state.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imdi_portal.core.roles import is_secretariat
from imdi_portal.core.workflow import Action, Messages, Workflow
from imdi_portal.gateway.models import (
    Activity,
    ActivityTransition,
    GatewayEntry,
    GoodPractice,
    GoodPracticeTransition,
)

State = GatewayEntry.State
SECRETARIAT = "secretariat"
SUBMIT = "submit"  # the log's name for the submission (a record, not a row of the table)

# The labels are the admin's actions (admin.GatewayEntryAdmin).
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        # A rejected entry may still be published, and a published one withdrawn: the
        # Secretariat could always do both, from the admin's actions.
        Action(
            "publish",
            gettext_lazy("Publish"),
            (State.SUBMITTED, State.REJECTED),
            State.PUBLISHED,
            SECRETARIAT,
        ),
        Action(
            "reject",
            gettext_lazy("Do not publish"),
            (State.SUBMITTED, State.PUBLISHED),
            State.REJECTED,
            SECRETARIAT,
            needs_reason=True,
        ),
    )
}


def may_moderate(user: Any, entry: GatewayEntry | None = None) -> tuple[bool, str]:
    """Only the Secretariat (and superusers: has_role counts them in) moderates."""
    if is_secretariat(user):
        return True, ""
    return False, _("Only the Secretariat moderates the information gateway.")


def _stamp(entry: GatewayEntry, action: Action, reason: str) -> list[str]:
    # The note stays on the entry too: the admin's reject action reads it from there.
    # `reviewed_by` is set by services.entry_moderate, who moves (on_move is not told).
    entry.review_note = reason
    entry.published_at = timezone.now() if action.target == State.PUBLISHED else None
    return ["reviewed_by", "review_note", "published_at"]


MESSAGES = Messages(
    wrong_state=gettext_lazy("An entry that is “%(state)s” cannot be moved that way."),
    stale=gettext_lazy("This entry was moderated by someone else meanwhile; reload the page."),
    needs_reason=gettext_lazy("Say why the entry is not published: its organisation is told."),
)


def _workflow(model: type[GatewayEntry], log_model: type) -> Workflow:
    return Workflow(
        model=model,
        log_model=log_model,
        log_object="entry",
        actions=tuple(ACTIONS.values()),
        actors={SECRETARIAT: may_moderate},
        messages=MESSAGES,
        on_move=_stamp,
    )


WORKFLOWS: dict[type[GatewayEntry], Workflow] = {
    GoodPractice: _workflow(GoodPractice, GoodPracticeTransition),
    Activity: _workflow(Activity, ActivityTransition),
}
