"""The editorial workflow of permit categories: who may move a category from which state to
which, in one table, with predicates that explain a refusal.

    draft     --submit-->   submitted   (focal point of the country, Secretariat)
    returned  --submit-->   submitted   (focal point of the country, Secretariat)
    submitted --publish-->  published   (Secretariat)
    submitted --return-->   returned    (Secretariat; a reason is required)

Drafts and returned drafts are edited by the focal points of their country and by the
Secretariat; the public sees published rows only.
"""

from typing import Any

from django.utils.translation import gettext as _

from imdi_portal.roles import Role, can_edit_country, has_role
from legislation.models import PermitCategory

State = PermitCategory.State

# (from, to): (action, roles allowed; "country" = the focal points of the category's country)
TRANSITIONS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    (State.DRAFT, State.SUBMITTED): ("submit", ("country", Role.SECRETARIAT)),
    (State.RETURNED, State.SUBMITTED): ("submit", ("country", Role.SECRETARIAT)),
    (State.SUBMITTED, State.PUBLISHED): ("publish", (Role.SECRETARIAT,)),
    (State.SUBMITTED, State.RETURNED): ("return", (Role.SECRETARIAT,)),
}
EDITABLE_STATES = (State.DRAFT, State.RETURNED)


def _allowed(user: Any, category: PermitCategory, roles: tuple[str, ...]) -> bool:
    if user.is_superuser:
        return True
    if "country" in roles and can_edit_country(user, category.country)[0]:
        return True
    return any(has_role(user, role) for role in roles if role != "country")


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
    rule = TRANSITIONS.get((category.state, to_state))
    if rule is None:
        return False, _("A category cannot go from “%(from)s” to “%(to)s”.") % {
            "from": category.get_state_display(),
            "to": State(to_state).label,
        }
    if not _allowed(user, category, rule[1]):
        if rule[0] == "submit":
            return False, can_edit_country(user, category.country)[1]
        return False, _("Only the Secretariat publishes or returns categories.")
    return True, ""
