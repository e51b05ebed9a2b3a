"""Every write of the certification app: enterprises, applications, audits, decisions,
labels, complaints, the daily expiry and reminders, and twinnings."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import workflow
from certification.models import (
    Application,
    ApplicationTransition,
    AuditFinding,
    Benefit,
    Commitment,
    CommitmentRating,
    Complaint,
    Enterprise,
    Evidence,
    Label,
    PrincipleIndicator,
    PrincipleSet,
    RenewalReminder,
    SelfAssessment,
    Twinning,
    TwinningReview,
    TwinningTemplate,
)
from certification.numbers import new_number
from imdi_portal.exceptions import DomainError
from imdi_portal.mail import mail_send_after_commit
from imdi_portal.models import User
from imdi_portal.roles import Role
from imdi_portal.slugs import unique_slug
from imdi_portal.uploads import check_document
from imdi_portal.workflow import SYSTEM

State = Application.State


def _clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        messages = getattr(exc, "message_dict", {"": exc.messages})
        raise DomainError(
            "; ".join(
                " ".join(m) if k in ("", "__all__") else f"{k}: {' '.join(m)}"
                for k, m in messages.items()
            )
        ) from exc


# --- enterprises and applications -------------------------------------------------------------


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


def _mail_enterprise(application: Application, subject: str, body: str) -> None:
    addresses = list(
        User.objects.filter(organisation=application.enterprise.organisation_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    mail_send_after_commit(subject=subject, body=body or subject, to=addresses)


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


# --- labels -------------------------------------------------------------------------------------


def label_issue(*, application: Application, user: User | None, today: date | None = None) -> Label:
    """Called by the decision to accept (inside its transaction)."""
    today = today or timezone.localdate()
    years = settings.CERTIFICATION_LABEL_YEARS
    try:
        expires = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        expires = today.replace(year=today.year + years, day=28)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                label = Label.objects.create(
                    number=new_number(),
                    enterprise=application.enterprise,
                    application=application,
                    principle_set=application.principle_set,
                    scope=application.scope,
                    issued_on=today,
                    expires_on=expires,
                    is_sample=application.is_sample,
                )
            break
        except IntegrityError:  # a number drawn twice: 1 in 2^50, draw again
            continue
    else:  # pragma: no cover
        raise DomainError(_("Could not draw a unique label number."))
    workflow.LABELS.record(
        label, "issue", user, _("Label issued."), from_state="", to_state=Label.Status.ACTIVE
    )
    return label


@transaction.atomic
def label_change_status(*, user: User, label: Label, move: str, reason: str) -> Label:
    if not workflow.is_officer(user):
        raise DomainError(_("Only a Certification officer changes a label's status."))
    action = workflow.LABEL_ACTIONS.get(move)
    if action is None or action.actor == SYSTEM:
        raise DomainError(_("Unknown change."))
    if not reason.strip():
        raise DomainError(_("Give the reason: it is shown in the registry."))
    label = Label.objects.select_for_update().get(pk=label.pk)
    workflow.LABELS.move(label, move, user, reason)
    return label


@transaction.atomic
def labels_expire(*, today: date | None = None) -> int:
    """Mark labels past their expiry date as expired (daily; idempotent)."""
    today = today or timezone.localdate()
    count = 0
    for label in Label.objects.select_for_update().filter(
        expires_on__lt=today, status__in=[Label.Status.ACTIVE, Label.Status.SUSPENDED]
    ):
        reason = _("Expired on %(date)s.") % {"date": label.expires_on}
        workflow.LABELS.move(label, "expire", None, reason)
        count += 1
    return count


def labels_remind(*, today: date | None = None) -> int:
    """E-mail the enterprise 90 and 30 days before its label expires, once each."""
    today = today or timezone.localdate()
    sent = 0
    thresholds = sorted(settings.CERTIFICATION_REMINDER_DAYS, reverse=True)
    for days, later in zip(thresholds, [*thresholds[1:], -1], strict=True):
        # The 90-day reminder is for labels 31 to 90 days from expiry, the 30-day one for the
        # last 30: a label issued late in its cycle gets only the reminder that still fits.
        due = Label.objects.filter(
            status=Label.Status.ACTIVE,
            expires_on__lte=today + timedelta(days=days),
            expires_on__gt=today + timedelta(days=later),
        ).exclude(reminders__days_before=days)
        for label in due.select_related("enterprise", "application"):
            with transaction.atomic():
                _reminder, created = RenewalReminder.objects.get_or_create(
                    label=label, days_before=days
                )
                if not created:
                    continue
                _mail_enterprise(
                    label.application,
                    _("[IMDI] Your quality label %(number)s expires on %(date)s")
                    % {"number": label.number, "date": label.expires_on},
                    _(
                        "Apply for renewal in the portal before %(date)s so that the audit can "
                        "take place in time."
                    )
                    % {"date": label.expires_on},
                )
            sent += 1
    return sent


# --- complaints --------------------------------------------------------------------------------


@transaction.atomic
def complaint_file(
    *, number: str, description: str, reporter_name: str = "", reporter_email: str = ""
) -> Complaint:
    """Anyone, also anonymously, reports a labelled enterprise."""
    from certification.numbers import normalise

    canonical = normalise(number)
    label = Label.objects.filter(number=canonical).first() if canonical else None
    if label is None:
        raise DomainError(_("No label has this number: check it on the label or in the registry."))
    if len(description.strip()) < 20:
        raise DomainError(_("Describe what happened in a few sentences (at least 20 characters)."))
    complaint = Complaint(
        label=label,
        description=description,
        reporter_name=reporter_name,
        reporter_email=reporter_email,
    )
    _clean(complaint, exclude=["officer"])
    complaint.save()
    officers = list(
        User.objects.filter(groups__name=Role.CERTIFICATION_OFFICER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    mail_send_after_commit(
        subject=_("[IMDI] Complaint about label %(number)s") % {"number": label.number},
        body=description,
        to=officers,
    )
    return complaint


@transaction.atomic
def complaint_investigate(*, user: User, complaint: Complaint) -> Complaint:
    if not workflow.is_officer(user):
        raise DomainError(_("Only a Certification officer investigates complaints."))
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != Complaint.Status.RECEIVED:
        raise DomainError(_("This complaint is already being handled."))
    complaint.status = Complaint.Status.INVESTIGATING
    complaint.officer = user
    complaint.save(update_fields=["status", "officer"])
    return complaint


@transaction.atomic
def complaint_close(*, user: User, complaint: Complaint, outcome: str, notes: str) -> Complaint:
    """Close with an outcome; a suspension or withdrawal changes the label at once."""
    if not workflow.is_officer(user):
        raise DomainError(_("Only a Certification officer closes complaints."))
    complaint = Complaint.objects.select_for_update().select_related("label").get(pk=complaint.pk)
    if complaint.status == Complaint.Status.CLOSED:
        raise DomainError(_("This complaint is closed already."))
    if outcome not in Complaint.Outcome.values:
        raise DomainError(_("Choose the outcome."))
    if not notes.strip():
        raise DomainError(_("Write down what the investigation found."))
    if outcome == Complaint.Outcome.SUSPENDED:
        label_change_status(
            user=user,
            label=complaint.label,
            move="suspend",
            reason=_("Suspended after a complaint was upheld."),
        )
    elif outcome == Complaint.Outcome.WITHDRAWN:
        label_change_status(
            user=user,
            label=complaint.label,
            move="withdraw",
            reason=_("Withdrawn after a complaint was upheld."),
        )
    complaint.status = Complaint.Status.CLOSED
    complaint.outcome = outcome
    complaint.outcome_notes = notes
    complaint.officer = complaint.officer or user
    complaint.closed_at = timezone.now()
    complaint.save()
    return complaint


# --- twinnings ----------------------------------------------------------------------------------


def _require_secretariat(user: User) -> None:
    from projects.workflow import is_secretariat

    if not (is_secretariat(user) or workflow.is_officer(user)):
        raise DomainError(_("Only the Secretariat manages twinnings."))


@transaction.atomic
def twinning_create(
    *,
    user: User,
    origin,
    destination,
    title: str,
    template: TwinningTemplate | None = None,
    summary: str = "",
) -> Twinning:
    """A twinning between two countries, starting from the template's commitments."""
    _require_secretariat(user)
    twinning = Twinning(
        slug=unique_slug(Twinning, f"{origin.iso3}-{destination.iso3}-{title}", fallback="item"),
        title=title,
        origin=origin,
        destination=destination,
        template=template,
        summary=summary,
    )
    _clean(twinning)
    twinning.save()
    if template is not None:
        Commitment.objects.bulk_create(
            Commitment(twinning=twinning, **c.copy_fields()) for c in template.commitments.all()
        )
    return twinning


@transaction.atomic
def twinning_sign(*, user: User, twinning: Twinning, signed_on: date) -> Twinning:
    _require_secretariat(user)
    twinning = Twinning.objects.select_for_update().get(pk=twinning.pk)
    if twinning.status != Twinning.Status.NEGOTIATION:
        raise DomainError(_("Only a twinning under negotiation is signed."))
    if not twinning.commitments.exists():
        raise DomainError(_("A twinning is signed with its commitments."))
    twinning.status = Twinning.Status.SIGNED
    twinning.signed_on = signed_on
    twinning.save(update_fields=["status", "signed_on", "updated_at"])
    return twinning


@transaction.atomic
def twinning_review(
    *,
    user: User,
    twinning: Twinning,
    period_start: date,
    period_end: date,
    summary: str,
    recommendations: str,
    ratings: dict[int, tuple[str, str, str]],
) -> TwinningReview:
    """A periodic implementation review rating every commitment (rating, evidence,
    recommendation)."""
    _require_secretariat(user)
    twinning = Twinning.objects.select_for_update().get(pk=twinning.pk)
    if twinning.status == Twinning.Status.NEGOTIATION:
        raise DomainError(_("Only a signed twinning is reviewed."))
    if period_end < period_start:
        raise DomainError(_("The period ends before it starts."))
    commitments = {c.pk: c for c in twinning.commitments.all()}
    if set(ratings) != set(commitments):
        raise DomainError(_("Rate every commitment of the twinning."))
    review = TwinningReview.objects.create(
        twinning=twinning,
        period_start=period_start,
        period_end=period_end,
        reviewed_on=timezone.localdate(),
        summary=summary,
        recommendations=recommendations,
    )
    for commitment_id, (rating, evidence, recommendation) in ratings.items():
        if rating not in CommitmentRating.Rating.values:
            raise DomainError(_("Unknown rating “%(rating)s”.") % {"rating": rating})
        CommitmentRating.objects.create(
            review=review,
            commitment=commitments[commitment_id],
            rating=rating,
            evidence=evidence,
            recommendation=recommendation,
        )
    if twinning.status == Twinning.Status.SIGNED:
        twinning.status = Twinning.Status.ACTIVE
        twinning.save(update_fields=["status", "updated_at"])
    return review


def benefit_add(
    *, user: User, twinning: Twinning, kind: str, description: str, quota: int | None = None
) -> Benefit:
    _require_secretariat(user)
    benefit = Benefit(twinning=twinning, kind=kind, description=description, quota=quota)
    _clean(benefit)
    benefit.save()
    return benefit
