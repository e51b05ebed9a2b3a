"""Every write of the projects app: proposals, their lifecycle, reviews and funding.

Each public function checks who may do it (projects.workflow), runs in one transaction and
records what happened. Pages, admin and API call these and nothing else.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from imdi_portal.exceptions import DomainError
from imdi_portal.models import Component, Country, Organisation, Theme, User
from imdi_portal.roles import Role
from imdi_portal.uploads import check_document
from projects import selectors, workflow
from projects.models import (
    ZERO,
    Allocation,
    Attachment,
    BudgetLine,
    CoFinancing,
    Contribution,
    Disbursement,
    InvolvedCountry,
    Notification,
    Partner,
    Proposal,
    ProposalVersion,
    Report,
    ResultLine,
    Review,
    Screening,
)

State = Proposal.State

# The lists of a proposal that forms and the API replace as a whole, and their fields.
CHILDREN: dict[str, tuple[type, list[str]]] = {
    "countries": (InvolvedCountry, ["country", "role"]),
    "partners": (Partner, ["organisation", "name", "role"]),
    "results": (ResultLine, ["level", "statement", "indicator", "baseline", "target"]),
    "budget_lines": (BudgetLine, ["category", "description", "amount"]),
    "co_financing": (CoFinancing, ["source", "amount", "confirmed"]),
}
FIELDS = [
    "title",
    "title_fr",
    "title_es",
    "summary",
    "summary_fr",
    "summary_es",
    "start_date",
    "duration_months",
    "prsp_statement",
    "prsp_reference",
    "prsp_url",
    "currency",
]


def _valid_currency(code: str) -> str:
    import pycountry

    code = (code or "").upper()
    if pycountry.currencies.get(alpha_3=code) is None:
        raise DomainError(_("“%(code)s” is not an ISO 4217 currency code.") % {"code": code})
    return code


# --- proposals --------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, user: User, title: str, **fields: Any) -> Proposal:
    allowed, reason = workflow.can_submit_for(user)
    if not allowed:
        raise DomainError(reason)
    proposal = Proposal(organisation=user.organisation, created_by=user, title=title)
    proposal.save()
    proposal.reference = f"IMDI-{proposal.created_at:%Y}-{proposal.pk:04d}"
    proposal.save(update_fields=["reference"])
    if fields:
        proposal = proposal_update(user=user, proposal=proposal, **fields)
    return proposal


@transaction.atomic
def proposal_update(
    *,
    user: User,
    proposal: Proposal,
    components: Iterable[Component] | None = None,
    themes: Iterable[Theme] | None = None,
    children: dict[str, list[dict[str, Any]]] | None = None,
    **fields: Any,
) -> Proposal:
    """Change a draft (or a proposal returned for revision): plain fields, components and
    themes, and whole lists of its children (countries, partners, results, budget...)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    allowed, reason = workflow.can_edit(user, proposal)
    if not allowed:
        raise DomainError(reason)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise DomainError(_("Unknown field(s): %(names)s") % {"names": ", ".join(sorted(unknown))})
    if "currency" in fields:
        fields["currency"] = _valid_currency(fields["currency"])
    for name, value in fields.items():
        setattr(proposal, name, value)
    try:
        proposal.full_clean(exclude=["reference", "organisation", "created_by"])
    except ValidationError as exc:
        raise DomainError(_error_text(exc)) from exc
    proposal.save()
    if components is not None:
        proposal.components.set(components)
    if themes is not None:
        proposal.themes.set(themes)
    for name, rows in (children or {}).items():
        _replace_children(proposal, name, rows)
    return proposal


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(
            " ".join(msgs) if field == "__all__" else f"{field}: {' '.join(msgs)}"
            for field, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _replace_children(proposal: Proposal, name: str, rows: list[dict[str, Any]]) -> None:
    if name not in CHILDREN:
        raise DomainError(_("Unknown list “%(name)s”.") % {"name": name})
    model, fields = CHILDREN[name]
    objects = []
    for position, row in enumerate(rows, start=1):
        unknown = set(row) - set(fields)
        if unknown:
            raise DomainError(
                _("Unknown field(s) in %(list)s: %(names)s")
                % {"list": name, "names": ", ".join(sorted(unknown))}
            )
        obj = model(proposal=proposal, **row)
        try:
            obj.full_clean(exclude=["proposal"], validate_unique=False)
        except ValidationError as exc:
            raise DomainError(f"{name} #{position}: {_error_text(exc)}") from exc
        objects.append(obj)
    if name == "countries":
        seen = [obj.country_id for obj in objects]
        if len(seen) != len(set(seen)):
            raise DomainError(_("A country is listed twice."))
    if name == "partners":
        for obj in objects:
            if not obj.organisation_id and not obj.name.strip():
                raise DomainError(_("Each partner needs an organisation from the list or a name."))
    model.objects.filter(proposal=proposal).delete()
    model.objects.bulk_create(objects)


def proposal_snapshot(proposal: Proposal) -> dict[str, Any]:
    """The content of a proposal as JSON-ready data (kept for every submitted version)."""
    data: dict[str, Any] = {name: getattr(proposal, name) for name in FIELDS}
    data["start_date"] = proposal.start_date.isoformat() if proposal.start_date else None
    data["organisation"] = str(proposal.organisation)
    data["components"] = sorted(c.code for c in proposal.components.all())
    data["themes"] = sorted(t.slug for t in proposal.themes.all())
    data["countries"] = [
        {"country": c.country.iso3, "role": c.role} for c in proposal.countries.all()
    ]
    data["partners"] = [{"partner": str(p), "role": p.role} for p in proposal.partners.all()]
    data["results"] = [
        {f: getattr(r, f) for f in CHILDREN["results"][1]} for r in proposal.results.all()
    ]
    data["budget_lines"] = [
        {"category": b.category, "description": b.description, "amount": str(b.amount)}
        for b in proposal.budget_lines.all()
    ]
    data["co_financing"] = [
        {"source": c.source, "amount": str(c.amount), "confirmed": c.confirmed}
        for c in proposal.co_financing.all()
    ]
    data["attachments"] = [a.original_name for a in proposal.attachments.all()]
    return data


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def proposal_submit(*, user: User, proposal: Proposal) -> Proposal:
    """Submit a complete draft: freeze a version and ask every country for its endorsement."""
    proposal = _locked(proposal)
    allowed, reason = workflow.can_act(user, proposal, "submit")
    if not allowed:
        raise DomainError(reason)
    missing = selectors.proposal_gaps_list(proposal)
    if missing:
        raise DomainError(
            _("The proposal is not complete. Missing: %(items)s.") % {"items": "; ".join(missing)}
        )
    proposal.version += 1
    proposal.save(update_fields=["version"])
    ProposalVersion.objects.create(
        proposal=proposal,
        number=proposal.version,
        snapshot=proposal_snapshot(proposal),
        created_by=user,
    )
    workflow.PROPOSALS.move(proposal, "submit", user)
    proposal.countries.update(
        endorsement=InvolvedCountry.Endorsement.PENDING,
        endorsed_by=None,
        endorsed_at=None,
        endorsement_comment="",
    )
    reason = _("Endorsement requested from %(n)d country/countries.") % {
        "n": proposal.countries.count()
    }
    unreached = countries_without_focal_point(proposal)
    if unreached:
        # Nobody would hear of it: say so in the record, which the Secretariat is sent.
        reason += " " + _(
            "No focal point is registered for %(countries)s: the Secretariat contacts them."
        ) % {"countries": ", ".join(c.name for c in unreached)}
    workflow.PROPOSALS.move(proposal, "request_endorsement", user, reason)
    if unreached:
        notify(
            _secretariat(),
            proposal,
            _("%(ref)s: countries without a focal point") % {"ref": proposal.reference},
            reason,
            admin_proposal_url(proposal),
        )
    return proposal


def countries_without_focal_point(proposal: Proposal) -> list[Country]:
    with_focal_point = User.objects.filter(groups__name=Role.FOCAL_POINT, is_active=True).values(
        "country"
    )
    return [
        involved.country
        for involved in proposal.countries.select_related("country").exclude(
            country__in=with_focal_point
        )
    ]


@transaction.atomic
def proposal_endorse(
    *, user: User, proposal: Proposal, country: Country, endorse: bool, comment: str = ""
) -> Proposal:
    """A focal point endorses or declines for their country. The last endorsement sends the
    proposal to screening; a decline sends it back to the submitter."""
    proposal = _locked(proposal)
    allowed, reason = workflow.can_endorse(user, proposal, country)
    if not allowed:
        raise DomainError(reason)
    involved = proposal.countries.filter(country=country).first()
    if involved is None:
        raise DomainError(_("%(country)s is not involved in this proposal.") % {"country": country})
    if involved.endorsement != InvolvedCountry.Endorsement.PENDING:
        raise DomainError(
            _("%(country)s has already answered: %(answer)s.")
            % {"country": country.name, "answer": involved.get_endorsement_display()}
        )
    if not endorse and not comment.strip():
        raise DomainError(_("Say why the country declines: the submitter needs to know."))
    involved.endorsement = (
        InvolvedCountry.Endorsement.ENDORSED if endorse else InvolvedCountry.Endorsement.DECLINED
    )
    involved.endorsed_by = user
    involved.endorsed_at = timezone.now()
    involved.endorsement_comment = comment
    involved.save()
    if not endorse:
        workflow.PROPOSALS.move(
            proposal,
            "declined",
            user,
            _("%(country)s declined: %(comment)s") % {"country": country.name, "comment": comment},
        )
    elif not proposal.countries.exclude(endorsement=InvolvedCountry.Endorsement.ENDORSED).exists():
        workflow.PROPOSALS.move(
            proposal, "endorsed", user, _("Every involved country has endorsed the proposal.")
        )
    return proposal


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
            proposal,
            _("Review requested: %(ref)s") % {"ref": proposal.reference},
            _("You have been asked to review “%(title)s” for the Technical Advisory Panel.")
            % {"title": proposal.title},
            admin_review_url(review),
        )
    return review


def admin_review_url(review: Review) -> str:
    from django.urls import reverse

    return reverse("admin:projects_review_change", args=[review.pk])


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
        review.proposal,
        _("Conflict of interest declared on %(ref)s") % {"ref": review.proposal.reference},
        _("%(user)s declared a conflict of interest and will not review: %(statement)s")
        % {"user": user, "statement": statement},
        admin_proposal_url(review.proposal),
    )
    return review


def admin_proposal_url(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("admin:projects_proposal_change", args=[proposal.pk])


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


@transaction.atomic
def proposal_act(*, user: User, proposal: Proposal, action: str, reason: str = "") -> Proposal:
    """Any hand-taken transition (screening decisions, TAP decisions, start, complete...);
    the table's guards say when the proposal is not ready for it."""
    proposal = _locked(proposal)
    workflow.PROPOSALS.move(proposal, action, user, reason)
    if action in ("reject", "request_revision"):
        proposal.decision_note = reason
        proposal.save(update_fields=["decision_note"])
    return proposal


@transaction.atomic
def proposal_approve(
    *, user: User, proposal: Proposal, amount: Decimal, note: str = ""
) -> Proposal:
    """The TAP decision to approve, with the amount IMDI will fund."""
    proposal = _locked(proposal)
    allowed, why = workflow.can_act(user, proposal, "approve")
    if not allowed:
        raise DomainError(why)
    not_yet = workflow.tap_quorum(proposal)
    if not_yet:
        raise DomainError(not_yet)
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("The approved amount must be positive."))
    requested = proposal.budget_lines.aggregate(s=Sum("amount"))["s"] or ZERO
    if amount > requested:
        raise DomainError(
            _("The approved amount (%(amount)s) is more than the budget requested (%(budget)s).")
            % {"amount": amount, "budget": requested}
        )
    proposal.approved_amount = amount
    proposal.decision_note = note
    proposal.save(update_fields=["approved_amount", "decision_note"])
    workflow.PROPOSALS.move(proposal, "approve", user, note)
    return proposal


# --- attachments ------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, user: User, proposal: Proposal, upload: Any, kind: str) -> Attachment:
    allowed, reason = workflow.can_edit(user, proposal)
    if not allowed:
        raise DomainError(reason)
    if kind not in Attachment.Kind.values:
        raise DomainError(_("Choose what kind of document this is."))
    name, content_type = check_document(upload, settings.PROJECT_ATTACHMENT_MAX_BYTES)
    return Attachment.objects.create(
        proposal=proposal,
        kind=kind,
        file=upload,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )


@transaction.atomic
def attachment_delete(*, user: User, attachment: Attachment) -> None:
    allowed, reason = workflow.can_edit(user, attachment.proposal)
    if not allowed:
        raise DomainError(reason)
    attachment.file.delete(save=False)
    attachment.delete()


# --- funding ----------------------------------------------------------------------------------


def _require_funding_manager(user: User) -> None:
    if not workflow.is_secretariat(user):
        raise DomainError(_("Only the Secretariat records contributions and allocations."))


@transaction.atomic
def contribution_record(*, user: User, **fields: Any) -> Contribution:
    _require_funding_manager(user)
    fields["currency"] = _valid_currency(fields.get("currency", "USD"))
    contribution = Contribution(**fields)
    try:
        contribution.full_clean()
    except ValidationError as exc:
        raise DomainError(_error_text(exc)) from exc
    if contribution.status == Contribution.Status.RECEIVED and not contribution.received_on:
        raise DomainError(_("A received contribution needs the date it was received."))
    contribution.save()
    return contribution


@transaction.atomic
def contribution_receive(
    *, user: User, contribution: Contribution, received_on: date
) -> Contribution:
    _require_funding_manager(user)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status == Contribution.Status.RECEIVED:
        raise DomainError(_("This contribution is already recorded as received."))
    contribution.status = Contribution.Status.RECEIVED
    contribution.received_on = received_on
    contribution.save(update_fields=["status", "received_on"])
    return contribution


def _earmark_fits(contribution: Contribution, project: Proposal) -> bool:
    earmark = contribution.earmark
    if earmark == Contribution.Earmark.PROJECT:
        return contribution.project_id == project.pk
    if earmark == Contribution.Earmark.COMPONENT:
        return project.components.filter(pk=contribution.component_id).exists()
    if earmark == Contribution.Earmark.COUNTRY:
        return project.countries.filter(country=contribution.country_id).exists()
    return True  # core funds may go to any approved project


@transaction.atomic
def allocation_create(
    *,
    user: User,
    contribution: Contribution,
    project: Proposal,
    amount: Decimal,
    note: str = "",
) -> Allocation:
    """Allocate received money to an approved project.

    The project row and then the contribution row are locked (always in this order, so two
    allocations never deadlock) before the balances are read: two allocations at the same
    moment are serialised and the second sees the first.
    """
    _require_funding_manager(user)
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("The amount must be positive."))
    project = _locked(project)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if project.state not in (State.APPROVED, State.FUNDED, State.IMPLEMENTATION):
        raise DomainError(_("Funds are allocated to approved projects only."))
    if contribution.status != Contribution.Status.RECEIVED:
        raise DomainError(_("Only received contributions can be allocated, not pledges."))
    if contribution.currency != project.currency:
        raise DomainError(
            _("The contribution is in %(c)s and the project in %(p)s; allocate in one currency.")
            % {"c": contribution.currency, "p": project.currency}
        )
    if not _earmark_fits(contribution, project):
        raise DomainError(
            _("This contribution is earmarked (%(pool)s) and cannot fund this project.")
            % {"pool": contribution.pool_label}
        )
    available = selectors.contribution_balance_get(contribution)
    if amount > available:
        raise DomainError(
            _("Only %(available)s %(currency)s of this contribution is left to allocate.")
            % {"available": available, "currency": contribution.currency}
        )
    allocated = project.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
    gap = (project.approved_amount or ZERO) - allocated
    if amount > gap:
        raise DomainError(
            _("The project needs only %(gap)s %(currency)s more.")
            % {"gap": gap, "currency": project.currency}
        )
    allocation = Allocation.objects.create(
        contribution=contribution, project=project, amount=amount, allocated_by=user, note=note
    )
    if project.state == State.APPROVED and allocated + amount >= project.approved_amount:
        workflow.PROPOSALS.move(
            project, "funded", user, _("The approved amount is fully allocated.")
        )
    return allocation


@transaction.atomic
def disbursement_create(
    *,
    user: User,
    allocation: Allocation,
    amount: Decimal,
    paid_on: date,
    recipient: Organisation,
    note: str = "",
) -> Disbursement:
    _require_funding_manager(user)
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("The amount must be positive."))
    paid = allocation.disbursements.aggregate(s=Sum("amount"))["s"] or ZERO
    if paid + amount > allocation.amount:
        raise DomainError(
            _("Only %(left)s of this allocation is left to disburse.")
            % {"left": allocation.amount - paid}
        )
    return Disbursement.objects.create(
        allocation=allocation,
        amount=amount,
        paid_on=paid_on,
        recipient=recipient,
        recorded_by=user,
        note=note,
    )


# --- reports ----------------------------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    user: User,
    project: Proposal,
    kind: str,
    period_start: date,
    period_end: date,
    summary: str,
    achieved: dict[int, str] | None = None,
) -> Report:
    """A progress or final report by the executing organisation (or the submitter)."""
    project = _locked(project)
    is_partner = user.organisation_id and project.partners.filter(organisation=user.organisation_id)
    if not (workflow.is_member(user, project) or is_partner or workflow.is_secretariat(user)):
        raise DomainError(_("Only the organisations running the project report on it."))
    if project.state not in (State.FUNDED, State.IMPLEMENTATION):
        raise DomainError(_("Reports are made while a project is funded or in implementation."))
    if period_end < period_start:
        raise DomainError(_("The period ends before it starts."))
    if not summary.strip():
        raise DomainError(_("Write what was done in the period."))
    report = Report.objects.create(
        project=project,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        summary=summary,
        submitted_by=user,
    )
    for result in project.results.filter(pk__in=list(achieved or {})):
        result.achieved = achieved[result.pk][:120]
        result.save(update_fields=["achieved"])
    notify(
        _secretariat(),
        project,
        _("%(kind)s received for %(ref)s")
        % {"kind": report.get_kind_display(), "ref": project.reference},
        summary[:500],
        admin_proposal_url(project),
    )
    return report


# --- notifications ----------------------------------------------------------------------------


def _secretariat(_proposal: Proposal | None = None) -> list[User]:
    return list(User.objects.filter(groups__name=Role.SECRETARIAT, is_active=True).distinct())


def _members(proposal: Proposal) -> list[User]:
    return list(User.objects.filter(organisation=proposal.organisation_id, is_active=True))


def _focal_points(proposal: Proposal) -> list[User]:
    return list(
        User.objects.filter(
            groups__name=Role.FOCAL_POINT,
            is_active=True,
            country__in=proposal.countries.values("country"),
        ).distinct()
    )


# Who hears of each transition.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "submit": ("secretariat",),
    "request_endorsement": ("focal_points", "members"),
    "endorsed": ("secretariat", "members"),
    "declined": ("secretariat", "members"),
    "send_to_tap": ("members",),
    "screen_out": ("members", "focal_points"),
    "return": ("members",),
    "approve": ("members", "focal_points", "secretariat"),
    "reject": ("members", "focal_points", "secretariat"),
    "request_revision": ("members", "secretariat"),
    "funded": ("members", "secretariat"),
    "start": ("members", "focal_points"),
    "complete": ("members", "focal_points"),
    "close": ("members",),
    "terminate": ("members", "focal_points"),
}


def notify_transition(
    proposal: Proposal, action: str, reason: str, *, state: str | None = None
) -> None:
    """Tell who hears of `action` that the proposal is now in `state` (its current state
    when not given; the workflow's after-commit hook gives the state the move led to)."""
    state_label = Proposal.State(state).label if state else proposal.get_state_display()
    finders = {"secretariat": _secretariat, "members": _members, "focal_points": _focal_points}
    users: dict[int, User] = {}
    for audience in AUDIENCES.get(action, ()):
        for user in finders[audience](proposal):
            users[user.pk] = user
    if not users:
        return
    subject = _("%(ref)s: %(state)s") % {"ref": proposal.reference, "state": state_label}
    body = _("“%(title)s” is now: %(state)s.") % {"title": proposal.title, "state": state_label}
    if reason:
        body += "\n\n" + reason
    notify(list(users.values()), proposal, subject, body, proposal_url_for(proposal))


def proposal_url_for(proposal: Proposal) -> str:
    from django.urls import reverse

    return reverse("projects:proposal-detail", kwargs={"pk": proposal.pk})


def notify(
    users: Iterable[User], proposal: Proposal | None, subject: str, body: str, url: str = ""
) -> list[Notification]:
    """An in-portal notification per user, and an e-mail sent by Celery after the commit."""
    from imdi_portal.tasks import enqueue
    from projects.tasks import send_notification_email_task

    created = Notification.objects.bulk_create(
        [
            Notification(user=u, proposal=proposal, subject=subject[:200], body=body, url=url)
            for u in users
        ]
    )
    for notification in created:
        # Without a broker the e-mail is left for later; the in-portal notice is there.
        enqueue(send_notification_email_task, notification.pk, on_unreachable=lambda exc: None)
    return created


def notification_send_email(notification_id: int) -> bool:
    """Send one notification's e-mail (idempotent: never twice). Raises on SMTP errors so
    that the task retries."""
    from django.core.mail import send_mail

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").get(pk=notification_id)
        )
        if notification.emailed_at or not notification.user.email:
            return False
        link = settings.PORTAL_BASE_URL + notification.url if notification.url else ""
        send_mail(
            subject=f"[IMDI] {notification.subject}",
            message=f"{notification.body}\n\n{link}".strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.user.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
