"""The quality-label application lifecycle, in one table, and who may act.

    draft ──submit──▶ submitted ──assign_auditor──▶ audit ──complete_audit──▶ audited
    audited ──accept──▶ accepted (a label is issued)
    audited ──defer──▶ deferred ──reaudit──▶ audit
    audited ──reject──▶ rejected
    draft / submitted / deferred ──withdraw──▶ withdrawn

Labels: active ⇄ suspended (suspend / reinstate), active / suspended ──withdraw──▶ withdrawn,
active ──expire──▶ expired (the daily task, when the expiry date has passed).

Two workflows of the core's engine (imdi_portal.workflow) run these tables: `APPLICATIONS`
(logged as ApplicationTransition, the enterprise e-mailed after each move) and `LABELS`
(logged as LabelStatusChange). Guards say what the application itself must have for a move:
every indicator answered, a suitable auditor, every indicator rated, no major
non-conformity left open.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.models import (
    Application,
    ApplicationTransition,
    AuditFinding,
    Label,
    LabelStatusChange,
    PrincipleIndicator,
)
from imdi_portal.core.roles import Role, has_role
from imdi_portal.core.roles import is_certification_officer as is_officer
from imdi_portal.core.workflow import SYSTEM, Action, Messages, Workflow

State = Application.State
APPLICANT = "applicant"  # a member of the enterprise's organisation
OFFICER = "officer"  # Certification officer
AUDITOR = "auditor"  # the auditor assigned to the application


# --- what the guards read ----------------------------------------------------------------------


def indicators_of(application: Application) -> QuerySet[PrincipleIndicator]:
    return PrincipleIndicator.objects.filter(
        principle__principle_set=application.principle_set_id
    ).select_related("principle")


def application_missing(application: Application) -> list[str]:
    """The indicators the self-assessment has not answered yet, as "code text"."""
    answered = set(application.self_assessments.values_list("indicator_id", flat=True))
    missing = [i for i in indicators_of(application) if i.pk not in answered]
    return [f"{i.code} {i.text}" for i in missing]


def audit_round(application: Application) -> int:
    """1 for the first audit, 2 after a deferral and re-audit, and so on."""
    return 1 + application.transitions.filter(action="reaudit").count()


def current_findings(application: Application) -> QuerySet[AuditFinding]:
    return application.findings.filter(round=audit_round(application))


# --- guards (None when the application is ready for the move) ----------------------------------


def _every_indicator_answered(application: Application) -> str | None:
    missing = application_missing(application)
    if missing:
        return _("Answer every indicator first. Missing: %(items)s") % {"items": "; ".join(missing)}
    return None


def _suitable_auditor(application: Application) -> str | None:
    # services.application_act sets the auditor chosen for this move before moving.
    auditor = application.auditor
    if auditor is None or not auditor.groups.filter(name=Role.AUDITOR).exists():
        return _("Choose an auditor.")
    if (
        auditor.organisation_id
        and auditor.organisation_id == application.enterprise.organisation_id
    ):
        return _("An auditor cannot audit their own organisation.")
    return None


def _every_indicator_rated(application: Application) -> str | None:
    rated = set(current_findings(application).values_list("indicator_id", flat=True))
    missing = [i.code for i in indicators_of(application) if i.pk not in rated]
    if missing:
        return _("Rate every indicator before completing the audit. Missing: %(codes)s") % {
            "codes": ", ".join(missing)
        }
    return None


def _no_major_open(application: Application) -> str | None:
    if current_findings(application).filter(rating=AuditFinding.Rating.MAJOR).exists():
        return _("A label cannot be issued with a major non-conformity open: defer instead.")
    return None


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "submit",
            gettext_lazy("Submit the application"),
            (State.DRAFT,),
            State.SUBMITTED,
            APPLICANT,
            guards=(_every_indicator_answered,),
        ),
        Action(
            "assign_auditor",
            gettext_lazy("Assign an auditor"),
            (State.SUBMITTED,),
            State.AUDIT,
            OFFICER,
            guards=(_suitable_auditor,),
        ),
        Action(
            "complete_audit",
            gettext_lazy("Complete the audit"),
            (State.AUDIT,),
            State.AUDITED,
            AUDITOR,
            guards=(_every_indicator_rated,),
        ),
        Action(
            "accept",
            gettext_lazy("Accept and issue the label"),
            (State.AUDITED,),
            State.ACCEPTED,
            OFFICER,
            needs_reason=True,
            guards=(_no_major_open,),
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
        Action(
            "reaudit",
            gettext_lazy("Audit again"),
            (State.DEFERRED,),
            State.AUDIT,
            OFFICER,
            guards=(_suitable_auditor,),
        ),
        Action(
            "withdraw",
            gettext_lazy("Withdraw the application"),
            (State.DRAFT, State.SUBMITTED, State.DEFERRED),
            State.WITHDRAWN,
            APPLICANT,
        ),
    )
}

Status = Label.Status
# The labels are those of the officer's form (forms.LabelStatusForm); "expire" is the daily
# task's, shown nowhere.
LABEL_ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "suspend",
            gettext_lazy("Suspend"),
            (Status.ACTIVE,),
            Status.SUSPENDED,
            OFFICER,
            needs_reason=True,
        ),
        Action(
            "reinstate",
            gettext_lazy("Reinstate"),
            (Status.SUSPENDED,),
            Status.ACTIVE,
            OFFICER,
            needs_reason=True,
        ),
        Action(
            "withdraw",
            gettext_lazy("Withdraw"),
            (Status.ACTIVE, Status.SUSPENDED),
            Status.WITHDRAWN,
            OFFICER,
            needs_reason=True,
        ),
        Action(
            "expire",
            gettext_lazy("Expired"),
            (Status.ACTIVE, Status.SUSPENDED),
            Status.EXPIRED,
            SYSTEM,
        ),
    )
}


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


def _applicant(user: Any, application: Application) -> tuple[bool, str]:
    if not is_member(user, application):
        return False, _("Only the enterprise itself does this.")
    return True, ""


def _officer(user: Any, application: Application) -> tuple[bool, str]:
    if not is_officer(user):
        return False, _("Only a Certification officer does this.")
    return True, ""


def _assigned_auditor(user: Any, application: Application) -> tuple[bool, str]:
    if not (application.auditor_id == user.pk and has_role(user, Role.AUDITOR)):
        return False, _("Only the auditor assigned to this application does this.")
    return True, ""


def _notify(application: Application, transition: ApplicationTransition) -> None:
    from certification.services.applications import notify_transition

    notify_transition(application, transition)


APPLICATIONS = Workflow(
    model=Application,
    log_model=ApplicationTransition,
    log_object="application",
    actions=tuple(ACTIONS.values()),
    actors={APPLICANT: _applicant, OFFICER: _officer, AUDITOR: _assigned_auditor},
    messages=Messages(
        wrong_state=gettext_lazy(
            "An application in the state “%(state)s” cannot be moved by “%(action)s”."
        ),
        needs_reason=gettext_lazy("Give the reasons: the enterprise and the record need them."),
    ),
    after_commit=_notify,
)


def _label_officer(user: Any, label: Label) -> tuple[bool, str]:
    if not is_officer(user):
        return False, _("Only a Certification officer changes a label's status.")
    return True, ""


def _label_stamp(label: Label, action: Action, reason: str) -> list[str]:
    label.status_reason = reason
    label.status_changed_at = timezone.now()
    return ["status_reason", "status_changed_at"]


LABELS = Workflow(
    model=Label,
    log_model=LabelStatusChange,
    log_object="label",
    state_field="status",
    actions=tuple(LABEL_ACTIONS.values()),
    actors={OFFICER: _label_officer},
    messages=Messages(
        wrong_state=gettext_lazy("A label that is “%(status)s” cannot be changed that way."),
        needs_reason=gettext_lazy("Give the reason: it is shown in the registry."),
        unknown=gettext_lazy("Unknown change."),
        system=gettext_lazy("Unknown change."),
    ),
    on_move=_label_stamp,
)


def can_act(user: Any, application: Application, name: str) -> tuple[bool, str]:
    return APPLICATIONS.can(user, application, name)


def available_actions(user: Any, application: Application) -> list[Action]:
    return APPLICATIONS.available(user, application)
