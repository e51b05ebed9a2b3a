"""The editorial workflow of permit categories: who may move a category from which state to
which, in one table, with predicates that explain a refusal.

    draft     --submit-->   submitted   (focal point of the country, Secretariat)
    returned  --submit-->   submitted   (focal point of the country, Secretariat)
    submitted --publish-->  published   (Secretariat)
    submitted --return-->   returned    (Secretariat; a reason is required)

Drafts and returned drafts are edited by the focal points of their country and by the
Secretariat; the public sees published rows only. `CATEGORIES` runs the table on the core's
workflow engine (imdi_portal.workflow); every move, and how each draft came to exist, is a
StateChange row.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imdi_portal.core.roles import Role, can_edit_country, has_role
from imdi_portal.core.workflow import Action, Messages, Workflow
from legislation.models import PermitCategory, StateChange

State = PermitCategory.State

COUNTRY = "country"  # the focal points of the category's country, and the Secretariat
SECRETARIAT = "secretariat"

# The labels are the editor's buttons (templates/legislation/manage_edit.html).
ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "submit",
            gettext_lazy("Submit for review"),
            (State.DRAFT, State.RETURNED),
            State.SUBMITTED,
            COUNTRY,
        ),
        Action(
            "publish", gettext_lazy("Publish"), (State.SUBMITTED,), State.PUBLISHED, SECRETARIAT
        ),
        Action(
            "return",
            gettext_lazy("Return to the focal point"),
            (State.SUBMITTED,),
            State.RETURNED,
            SECRETARIAT,
            needs_reason=True,
        ),
    )
}
EDITABLE_STATES = (State.DRAFT, State.RETURNED)


def _country_or_secretariat(user: Any, category: PermitCategory) -> tuple[bool, str]:
    if user.is_superuser or has_role(user, Role.SECRETARIAT):
        return True, ""
    return can_edit_country(user, category.country)


def _secretariat(user: Any, category: PermitCategory) -> tuple[bool, str]:
    if user.is_superuser or has_role(user, Role.SECRETARIAT):
        return True, ""
    return False, _("Only the Secretariat publishes or returns categories.")


def _review_comment(category: PermitCategory, action: Action, reason: str) -> list[str]:
    # The focal point reads why it came back; any other move clears it.
    category.review_comment = reason if action.target == State.RETURNED else ""
    return ["review_comment"]


CATEGORIES = Workflow(
    model=PermitCategory,
    log_model=StateChange,
    log_object="category",
    actions=tuple(ACTIONS.values()),
    actors={COUNTRY: _country_or_secretariat, SECRETARIAT: _secretariat},
    # Like the services' other refusals, these two were never translated.
    messages=Messages(
        wrong_state=gettext_lazy("A category cannot go from “%(from)s” to “%(to)s”."),
        needs_reason="Say what needs to change: a returned category needs a comment.",
        stale="This category was changed by someone else; reload the page.",
    ),
    on_move=_review_comment,
)


def can_edit(user: Any, category: PermitCategory) -> tuple[bool, str]:
    allowed, reason = can_edit_country(user, category.country)
    if not allowed:
        return False, reason
    if category.state not in EDITABLE_STATES:
        return False, _("Only drafts and returned drafts can be edited.")
    return True, ""


def can_view_draft(user: Any, category: PermitCategory) -> bool:
    """Drafts are seen by the focal points of their country and by the Secretariat only."""
    return can_edit_country(user, category.country)[0]


def can_move(user: Any, category: PermitCategory, to_state: str) -> tuple[bool, str]:
    """May `user` move `category` to `to_state` now? (allowed, why not)."""
    for action in ACTIONS.values():
        if action.target == to_state and category.state in action.sources:
            return CATEGORIES.can(user, category, action.name)
    return False, _("A category cannot go from “%(from)s” to “%(to)s”.") % {
        "from": category.get_state_display(),
        "to": State(to_state).label,
    }
