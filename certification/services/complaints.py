"""Complaints about a labelled enterprise, from anyone, and their handling by the
Certification officers."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import workflow
from certification.models import Complaint, Label
from certification.services._shared import _clean
from certification.services.labels import label_change_status
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.mail import mail_send_after_commit
from imdi_portal.core.models import User
from imdi_portal.core.roles import Role


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
