"""Complaints from anyone, and their handling by the Certification officers: about an
enterprise holding a label in the registry, or about one that claims the label without
holding it (a false claim: no label to look up, only what the reporter saw)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import workflow
from certification.models import Complaint, Label
from certification.services._shared import _clean
from certification.services.labels import label_change_status
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.mail import mail_send_after_commit
from imdi_portal.core.models import Country, User
from imdi_portal.core.roles import Role

MIN_DESCRIPTION = 20


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
    _check_description(description)
    complaint = Complaint(
        kind=Complaint.Kind.LABEL,
        label=label,
        description=description,
        reporter_name=reporter_name,
        reporter_email=reporter_email,
    )
    _clean(complaint, exclude=["officer"])
    complaint.save()
    _mail_officers(
        _("[IMDI] Complaint about label %(number)s") % {"number": label.number}, description
    )
    return complaint


@transaction.atomic
def complaint_file_false_claim(
    *,
    enterprise_name: str,
    seen_at: str,
    country: Country | None,
    description: str,
    claimed_number: str = "",
    reporter_name: str = "",
    reporter_email: str = "",
) -> Complaint:
    """Anyone reports an enterprise that shows the IMDI label but is not in the registry.
    The number is kept as the reporter saw it: a fake one need not even be well formed."""
    enterprise_name = enterprise_name.strip()
    seen_at = seen_at.strip()
    if not enterprise_name:
        raise DomainError(_("Give the name of the enterprise as it is shown."))
    if not seen_at:
        raise DomainError(
            _("Say where you saw the claim: a web address, or a place such as an office.")
        )
    if looks_like_web_address(seen_at):
        if seen_at.lower().startswith("www."):
            seen_at = f"https://{seen_at}"
        try:
            URLValidator(schemes=["http", "https"])(seen_at)
        except ValidationError:
            raise DomainError(
                _(
                    "This web address is not valid: copy it from the browser (it starts with "
                    "https://), or describe the place instead."
                )
            ) from None
    if country is None:
        raise DomainError(_("Choose the country where the enterprise works."))
    _check_description(description)
    complaint = Complaint(
        kind=Complaint.Kind.FALSE_CLAIM,
        claimed_enterprise_name=enterprise_name,
        claim_seen_at=seen_at,
        claimed_number=claimed_number.strip(),
        claim_country=country,
        description=description,
        reporter_name=reporter_name,
        reporter_email=reporter_email,
    )
    _clean(complaint, exclude=["officer"])
    complaint.save()
    _mail_officers(
        _("[IMDI] False claim of the label: %(name)s") % {"name": enterprise_name},
        "\n\n".join(filter(None, [seen_at, claimed_number.strip(), description])),
    )
    return complaint


def looks_like_web_address(text: str) -> bool:
    """True for what the reporter meant as a link ("https://…", "www.…"), not a description."""
    head = text.strip().lower()
    return head.startswith(("http:", "https:", "www.")) or ("://" in head and " " not in head)


def _check_description(description: str) -> None:
    if len(description.strip()) < MIN_DESCRIPTION:
        raise DomainError(_("Describe what happened in a few sentences (at least 20 characters)."))


def _mail_officers(subject: str, body: str) -> None:
    officers = list(
        User.objects.filter(groups__name=Role.CERTIFICATION_OFFICER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    mail_send_after_commit(subject=subject, body=body, to=officers)


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
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("label")
        .get(pk=complaint.pk)
    )
    if complaint.status == Complaint.Status.CLOSED:
        raise DomainError(_("This complaint is closed already."))
    if outcome not in Complaint.Outcome.values:
        raise DomainError(_("Choose the outcome."))
    if not notes.strip():
        raise DomainError(_("Write down what the investigation found."))
    if complaint.label_id is None and outcome in (
        Complaint.Outcome.SUSPENDED,
        Complaint.Outcome.WITHDRAWN,
    ):
        raise DomainError(
            _("This enterprise holds no label to suspend or withdraw: choose another outcome.")
        )
    label = complaint.label
    if outcome == Complaint.Outcome.SUSPENDED and label is not None:
        label_change_status(
            user=user,
            label=label,
            move="suspend",
            reason=_("Suspended after a complaint was upheld."),
        )
    elif outcome == Complaint.Outcome.WITHDRAWN and label is not None:
        label_change_status(
            user=user,
            label=label,
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
