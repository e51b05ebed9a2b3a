"""The quality-label application lifecycle, in one table, and who may act.

    draft ──submit──▶ submitted ──assign_auditor──▶ audit ──complete_audit──▶ audited
    audited ──accept──▶ accepted (a label is issued)
    audited ──defer──▶ deferred ──reaudit──▶ audit
    audited ──reject──▶ rejected
    draft / submitted / deferred ──withdraw──▶ withdrawn

Labels: active ⇄ suspended (suspend / reinstate), active / suspended ──withdraw──▶ withdrawn,
active ──expire──▶ expired (the daily task, when the expiry date has passed).
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.models import Application, Label
from imdi_portal.roles import Role, has_role
from imdi_portal.workflow import Action

State = Application.State
APPLICANT = "applicant"  # a member of the enterprise's organisation
OFFICER = "officer"  # Certification officer
AUDITOR = "auditor"  # the auditor assigned to the application


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "submit",
            gettext_lazy("Submit the application"),
            (State.DRAFT,),
            State.SUBMITTED,
            APPLICANT,
        ),
        Action(
            "assign_auditor",
            gettext_lazy("Assign an auditor"),
            (State.SUBMITTED,),
            State.AUDIT,
            OFFICER,
        ),
        Action(
            "complete_audit",
            gettext_lazy("Complete the audit"),
            (State.AUDIT,),
            State.AUDITED,
            AUDITOR,
        ),
        Action(
            "accept",
            gettext_lazy("Accept and issue the label"),
            (State.AUDITED,),
            State.ACCEPTED,
            OFFICER,
            needs_reason=True,
        ),
        Action(
            "defer",
            gettext_lazy("Defer: corrective actions"),
            (State.AUDITED,),
            State.DEFERRED,
            OFFICER,
            needs_reason=True,
        ),
        Action(
            "reject",
            gettext_lazy("Reject"),
            (State.AUDITED,),
            State.REJECTED,
            OFFICER,
            needs_reason=True,
        ),
        Action("reaudit", gettext_lazy("Audit again"), (State.DEFERRED,), State.AUDIT, OFFICER),
        Action(
            "withdraw",
            gettext_lazy("Withdraw the application"),
            (State.DRAFT, State.SUBMITTED, State.DEFERRED),
            State.WITHDRAWN,
            APPLICANT,
        ),
    )
}

LABEL_MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    "suspend": ((Label.Status.ACTIVE,), Label.Status.SUSPENDED),
    "reinstate": ((Label.Status.SUSPENDED,), Label.Status.ACTIVE),
    "withdraw": ((Label.Status.ACTIVE, Label.Status.SUSPENDED), Label.Status.WITHDRAWN),
    "expire": ((Label.Status.ACTIVE, Label.Status.SUSPENDED), Label.Status.EXPIRED),
}


def is_officer(user: Any) -> bool:
    return user.is_authenticated and (
        user.is_superuser or has_role(user, Role.CERTIFICATION_OFFICER)
    )


def is_member(user: Any, application: Application) -> bool:
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.organisation_id == application.enterprise.organisation_id
    )


def can_apply(user: Any) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Sign in to apply for the label.")
    organisation = user.organisation
    if organisation is None:
        return False, _("Your account is not attached to an organisation.")
    if organisation.kind != organisation.Kind.BUSINESS:
        return False, _("Only enterprises (employers and recruitment agencies) apply.")
    if not organisation.is_approved:
        return False, _("Your organisation is waiting for the Secretariat's approval.")
    return True, ""


def can_view(user: Any, application: Application) -> bool:
    if is_officer(user) or is_member(user, application):
        return True
    return user.is_authenticated and application.auditor_id == user.pk


def can_act(user: Any, application: Application, name: str) -> tuple[bool, str]:
    action = ACTIONS.get(name)
    if action is None:
        return False, _("Unknown action “%(action)s”.") % {"action": name}
    if application.state not in action.sources:
        return False, _(
            "An application in the state “%(state)s” cannot be moved by “%(action)s”."
        ) % {
            "state": application.get_state_display(),
            "action": action.label,
        }
    if action.actor == APPLICANT and not is_member(user, application):
        return False, _("Only the enterprise itself does this.")
    if action.actor == OFFICER and not is_officer(user):
        return False, _("Only a Certification officer does this.")
    if action.actor == AUDITOR and not (
        application.auditor_id == user.pk and has_role(user, Role.AUDITOR)
    ):
        return False, _("Only the auditor assigned to this application does this.")
    return True, ""


def available_actions(user: Any, application: Application) -> list[Action]:
    return [a for a in ACTIONS.values() if can_act(user, application, a.name)[0]]
