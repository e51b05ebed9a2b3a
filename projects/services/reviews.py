"""The review of a proposal: the eligibility screening and the Technical Advisory Panel
(assignments, conflicts of interest, reviews)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import User
from imdi_portal.core.notifications import notify
from imdi_portal.core.roles import Role
from projects import workflow
from projects.models import Proposal, Review, Screening
from projects.services._shared import _locked
from projects.services.notifications import (
    _secretariat,
    admin_proposal_url,
    admin_review_url,
)

State = Proposal.State


@transaction.atomic
def screening_save(
    *, user: User, proposal: Proposal, checks: dict[str, bool], notes: str = ""
) -> Screening:
    proposal = _locked(proposal)
    if not workflow.is_secretariat(user):
        raise DomainError(_("Only the Secretariat screens proposals."))
    if proposal.state != State.SCREENING:
        raise DomainError(_("Only proposals in screening can be screened."))
    names = {name for name, _label in Screening.CHECKS}
    screening, _created = Screening.objects.update_or_create(
        proposal=proposal,
        version=proposal.version,
        defaults={
            **{name: bool(checks.get(name)) for name in names},
            "notes": notes,
            "screened_by": user,
        },
    )
    return screening


@transaction.atomic
def reviewer_assign(*, user: User, proposal: Proposal, reviewer: User) -> Review:
    proposal = _locked(proposal)
    if not workflow.is_secretariat(user):
        raise DomainError(_("Only the Secretariat assigns TAP members."))
    if proposal.state not in (State.SCREENING, State.TAP_REVIEW):
        raise DomainError(_("TAP members are assigned during screening or TAP review."))
    if not reviewer.is_active or not reviewer.groups.filter(name=Role.TAP_MEMBER).exists():
        raise DomainError(_("%(user)s is not a member of the TAP.") % {"user": reviewer})
    conflict = workflow.conflict_reason(reviewer, proposal)
    if conflict:
        raise DomainError(
            _("%(user)s cannot review: %(reason)s") % {"user": reviewer, "reason": conflict}
        )
    review, created = Review.objects.get_or_create(
        proposal=proposal,
        version=proposal.version,
        reviewer=reviewer,
        defaults={"assigned_by": user},
    )
    if created:
        notify(
            [reviewer],
            _("Review requested: %(ref)s") % {"ref": proposal.reference},
            _("You have been asked to review “%(title)s” for the Technical Advisory Panel.")
            % {"title": proposal.title},
            admin_review_url(review),
            about=proposal,
        )
    return review


@transaction.atomic
def review_declare_conflict(*, user: User, review: Review, statement: str) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.reviewer_id != user.pk:
        raise DomainError(_("Only the assigned member declares their own conflict."))
    if not statement.strip():
        raise DomainError(_("Describe the conflict of interest."))
    review.conflict_declared = True
    review.conflict_statement = statement
    review.submitted_at = None
    review.save()
    notify(
        _secretariat(),
        _("Conflict of interest declared on %(ref)s") % {"ref": review.proposal.reference},
        _("%(user)s declared a conflict of interest and will not review: %(statement)s")
        % {"user": user, "statement": statement},
        admin_proposal_url(review.proposal),
        about=review.proposal,
    )
    return review


@transaction.atomic
def review_submit(
    *, user: User, review: Review, scores: dict[str, int], recommendation: str, comment: str = ""
) -> Review:
    review = Review.objects.select_for_update().select_related("proposal").get(pk=review.pk)
    if review.reviewer_id != user.pk:
        raise DomainError(_("Only the assigned member submits this review."))
    if review.proposal.state != State.TAP_REVIEW or review.version != review.proposal.version:
        raise DomainError(_("This proposal is not under TAP review any more."))
    conflict = workflow.conflict_reason(user, review.proposal)
    if conflict:
        raise DomainError(conflict)
    for name, label in Review.CRITERIA:
        value = scores.get(name)
        if value is None or not 0 <= int(value) <= 5:
            raise DomainError(_("Score “%(criterion)s” from 0 to 5.") % {"criterion": label})
        setattr(review, name, int(value))
    if recommendation not in Review.Recommendation.values:
        raise DomainError(_("Choose a recommendation."))
    review.recommendation = recommendation
    review.comment = comment
    review.submitted_at = timezone.now()
    review.save()
    return review
