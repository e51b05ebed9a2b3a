"""Twinnings between a country of origin and one of destination: commitments, signature,
periodic reviews and benefits."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import workflow
from certification.models import (
    Benefit,
    Commitment,
    CommitmentRating,
    Twinning,
    TwinningReview,
    TwinningTemplate,
)
from certification.services._shared import _clean
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import User
from imdi_portal.core.roles import is_secretariat
from imdi_portal.core.slugs import unique_slug


def _require_secretariat(user: User) -> None:
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
    is_sample: bool = False,
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
        is_sample=is_sample,
    )
    _clean(twinning)
    twinning.save()
    if template is not None:
        Commitment.objects.bulk_create(
            Commitment(twinning=twinning, **c.copy_fields()) for c in template.commitments.all()
        )
    return twinning


@transaction.atomic
def twinning_update(*, user: User, twinning: Twinning) -> Twinning:
    """Save the edits of a twinning's description (the admin's change form). Its status and
    date of signature move only by signing and reviews, so they are kept as stored."""
    _require_secretariat(user)
    stored = Twinning.objects.select_for_update().get(pk=twinning.pk)
    twinning.status, twinning.signed_on = stored.status, stored.signed_on
    _clean(twinning)
    twinning.save()
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
