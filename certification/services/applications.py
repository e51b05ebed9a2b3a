"""Enterprises and their label applications: the self-assessment, evidence, the audit
and its findings, and the moves of an application (certification.workflow.APPLICATIONS)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import workflow
from certification.models import (
    Application,
    ApplicationTransition,
    AuditFinding,
    Enterprise,
    Evidence,
    PrincipleIndicator,
    PrincipleSet,
    SelfAssessment,
)
from certification.services._shared import _clean, _mail_enterprise
from certification.services.labels import label_issue
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import User
from imdi_portal.core.slugs import unique_slug
from imdi_portal.core.uploads import check_document

State = Application.State


@transaction.atomic
def enterprise_save(*, user: User, **fields: Any) -> Enterprise:
    """Create or update the enterprise of the user's organisation."""
    allowed, reason = workflow.can_apply(user)
    if not allowed:
        raise DomainError(reason)
    enterprise = Enterprise.objects.filter(organisation=user.organisation).first()
    if enterprise is None:
        enterprise = Enterprise(
            organisation=user.organisation,
            slug=unique_slug(Enterprise, fields["legal_name"], fallback="item"),
        )
    elif enterprise.labels.exists() and fields.get("legal_name") != enterprise.legal_name:
        raise DomainError(_("A labelled enterprise changes its legal name through a new audit."))
    for name, value in fields.items():
        setattr(enterprise, name, value)
    _clean(enterprise)
    enterprise.save()
    return enterprise


@transaction.atomic
def application_create(*, user: User, scope: str) -> Application:
    allowed, reason = workflow.can_apply(user)
    if not allowed:
        raise DomainError(reason)
    enterprise = Enterprise.objects.filter(organisation=user.organisation).first()
    if enterprise is None:
        raise DomainError(_("Describe the enterprise first."))
    if enterprise.applications.filter(
        state__in=[State.DRAFT, State.SUBMITTED, State.AUDIT, State.AUDITED, State.DEFERRED]
    ).exists():
        raise DomainError(_("The enterprise already has an application under way."))
    principle_set = PrincipleSet.objects.filter(is_current=True).first()
    if principle_set is None:
        raise DomainError(_("No set of guiding principles is in force yet."))
    if not scope.strip():
        raise DomainError(_("Say what the label would cover."))
    return Application.objects.create(
        enterprise=enterprise, principle_set=principle_set, scope=scope, created_by=user
    )


@transaction.atomic
def self_assessment_save(
    *, user: User, application: Application, answers: dict[int, tuple[str, str]]
) -> int:
    """answers: indicator id → (answer, comment). Replaces the answers given."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not workflow.is_member(user, application) or application.state != State.DRAFT:
        raise DomainError(_("Only the enterprise changes its own draft application."))
    valid = {i.pk for i in workflow.indicators_of(application)}
    unknown = set(answers) - valid
    if unknown:
        raise DomainError(_("Unknown indicator(s): %(ids)s") % {"ids": sorted(unknown)})
    for indicator_id, (answer, comment) in answers.items():
        if answer not in SelfAssessment.Answer.values:
            raise DomainError(_("Answer each indicator with yes, partly or no."))
        SelfAssessment.objects.update_or_create(
            application=application,
            indicator_id=indicator_id,
            defaults={"answer": answer, "comment": comment},
        )
    return len(answers)


@transaction.atomic
def evidence_add(
    *, user: User, application: Application, upload: Any, indicator: PrincipleIndicator | None
) -> Evidence:
    if not workflow.is_member(user, application) or application.state not in (
        State.DRAFT,
        State.DEFERRED,
    ):
        raise DomainError(
            _("Evidence is added by the enterprise to a draft or deferred application.")
        )
    name, content_type = check_document(upload, settings.PROJECT_ATTACHMENT_MAX_BYTES)
    return Evidence.objects.create(
        application=application,
        indicator=indicator,
        file=upload,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )


application_missing = workflow.application_missing


audit_round = workflow.audit_round


def notify_transition(application: Application, transition: ApplicationTransition) -> None:
    """E-mail the enterprise that its application has moved (after the commit)."""
    _mail_enterprise(
        application,
        _("[IMDI] Your label application: %(state)s")
        % {"state": transition.get_to_state_display()},
        transition.reason,
    )


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("enterprise").get(pk=application.pk)
    )


@transaction.atomic
def application_act(
    *, user: User, application: Application, action: str, reason: str = "", **extra: Any
) -> Application:
    """Every hand-taken move of an application; the table's guards say when the application
    is not ready for it. `auditor` (assign_auditor, reaudit) and `today` (accept) may be
    given in `extra`."""
    application = _locked(application)
    if action in ("assign_auditor", "reaudit"):
        application.auditor = extra.get("auditor") or application.auditor
        if not reason and application.auditor is not None:
            name = application.auditor.get_full_name() or application.auditor
            reason = _("Auditor: %(name)s") % {"name": name}
    workflow.APPLICATIONS.move(application, action, user, reason)
    if action == "submit":
        application.submitted_at = timezone.now()
        application.save(update_fields=["submitted_at"])
    elif action in ("assign_auditor", "reaudit"):
        application.save(update_fields=["auditor"])
    elif action in ("accept", "defer", "reject"):
        application.decision_reason = reason
        application.save(update_fields=["decision_reason"])
        if action == "accept":
            label_issue(application=application, user=user, today=extra.get("today"))
    return application


@transaction.atomic
def findings_save(
    *, user: User, application: Application, findings: dict[int, dict[str, Any]]
) -> int:
    """The auditor's ratings for this round: indicator id → rating, finding, corrective
    action, deadline. A non-conformity needs a corrective action and a deadline."""
    application = _locked(application)
    if application.state != State.AUDIT or application.auditor_id != user.pk:
        raise DomainError(_("Only the assigned auditor records findings, during the audit."))
    valid = {i.pk: i for i in workflow.indicators_of(application)}
    round_ = workflow.audit_round(application)
    for indicator_id, data in findings.items():
        if indicator_id not in valid:
            raise DomainError(_("Unknown indicator."))
        rating = data.get("rating")
        if rating not in AuditFinding.Rating.values:
            raise DomainError(_("Rate %(code)s.") % {"code": valid[indicator_id].code})
        if rating != AuditFinding.Rating.CONFORM and not (
            (data.get("corrective_action") or "").strip() and data.get("deadline")
        ):
            raise DomainError(
                _("%(code)s: a non-conformity needs a corrective action and a deadline.")
                % {"code": valid[indicator_id].code}
            )
        AuditFinding.objects.update_or_create(
            application=application,
            round=round_,
            indicator_id=indicator_id,
            defaults={
                "rating": rating,
                "finding": data.get("finding") or "",
                "corrective_action": data.get("corrective_action") or "",
                "deadline": data.get("deadline"),
                "recorded_by": user,
            },
        )
    return len(findings)
