"""Proposals: their content, attachments and lifecycle (submission, endorsements, the
hand-taken moves and the TAP decision). The moves run on projects.workflow.PROPOSALS."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Component, Country, Theme, User
from imdi_portal.core.notifications import notify
from imdi_portal.core.roles import Role
from imdi_portal.core.uploads import check_document
from projects import selectors, workflow
from projects.models import (
    ZERO,
    Attachment,
    BudgetLine,
    CoFinancing,
    InvolvedCountry,
    Partner,
    Proposal,
    ProposalVersion,
    ResultLine,
    Review,
)
from projects.services._shared import _error_text, _locked, _valid_currency
from projects.services.notifications import _secretariat, admin_proposal_url

# The lists of a proposal that forms and the API replace as a whole, and their fields.
CHILDREN: dict[str, tuple[type[models.Model], list[str]]] = {
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


def _replace_children(proposal: Proposal, name: str, rows: list[dict[str, Any]]) -> None:
    if name not in CHILDREN:
        raise DomainError(_("Unknown list “%(name)s”.") % {"name": name})
    model, fields = CHILDREN[name]
    objects: list[Any] = []  # rows of one of CHILDREN's models
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
    model._default_manager.filter(proposal=proposal).delete()
    model._default_manager.bulk_create(objects)


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
            _("%(ref)s: countries without a focal point") % {"ref": proposal.reference},
            reason,
            admin_proposal_url(proposal),
            about=proposal,
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
    else:
        _endorsed_if_complete(user, proposal)
    return proposal


def _endorsed_if_complete(user: User, proposal: Proposal) -> None:
    """The last endorsement sends the proposal to screening."""
    if not proposal.countries.exclude(endorsement=InvolvedCountry.Endorsement.ENDORSED).exists():
        workflow.PROPOSALS.move(
            proposal, "endorsed", user, _("Every involved country has endorsed the proposal.")
        )


@transaction.atomic
def endorsement_record_received(
    *,
    user: User,
    proposal: Proposal,
    country: Country,
    letter: Any,
    signed_by: str,
    received_on: date,
) -> InvolvedCountry:
    """The Secretariat records a government's endorsement received outside the portal (a
    country without a focal point sends a letter): the letter is kept with the proposal, the
    endorsement counts as the country's, and the history says who signed and when it came."""
    proposal = _locked(proposal)
    if not workflow.is_secretariat(user):
        raise DomainError(_("Only the Secretariat records an endorsement received by letter."))
    if proposal.state != Proposal.State.ENDORSEMENT:
        raise DomainError(_("The proposal is not waiting for endorsements."))
    involved = proposal.countries.select_related("country").filter(country=country).first()
    if involved is None:
        raise DomainError(_("%(country)s is not involved in this proposal.") % {"country": country})
    if involved.endorsement != InvolvedCountry.Endorsement.PENDING:
        raise DomainError(
            _("%(country)s has already answered: %(answer)s.")
            % {"country": country.name, "answer": involved.get_endorsement_display()}
        )
    if not signed_by.strip():
        raise DomainError(_("Say who signed the letter of endorsement."))
    if received_on is None or received_on > timezone.localdate():
        raise DomainError(_("Give the date the letter was received (not in the future)."))
    if letter is None:
        raise DomainError(_("Upload the letter of endorsement."))
    name, content_type = check_document(letter, settings.PROJECT_ATTACHMENT_MAX_BYTES)
    attachment = Attachment.objects.create(
        proposal=proposal,
        kind=Attachment.Kind.LETTER,
        file=letter,
        original_name=name,
        content_type=content_type,
        size=letter.size,
        uploaded_by=user,
    )
    involved.endorsement = InvolvedCountry.Endorsement.ENDORSED
    involved.endorsed_by = user
    involved.endorsed_at = timezone.now()
    involved.letter = attachment
    involved.signed_by = signed_by.strip()
    involved.received_on = received_on
    involved.endorsement_comment = _("Endorsement received outside the portal.")
    involved.save()
    workflow.PROPOSALS.record(
        proposal,
        "endorsement_received",
        user,
        _(
            "Endorsement of %(country)s received outside the portal: letter “%(letter)s” "
            "signed by %(signed_by)s, received on %(date)s, recorded by the Secretariat."
        )
        % {
            "country": country.name,
            "letter": name,
            "signed_by": involved.signed_by,
            "date": received_on.isoformat(),
        },
        from_state=proposal.state,
        to_state=proposal.state,
    )
    _endorsed_if_complete(user, proposal)
    return involved


TAP_DECISIONS = ("approve", "reject", "request_revision")


@transaction.atomic
def proposal_act(
    *, user: User, proposal: Proposal, action: str, reason: str = "", justification: str = ""
) -> Proposal:
    """Any hand-taken transition (screening decisions, TAP decisions, start, complete...);
    the table's guards say when the proposal is not ready for it. A TAP decision also
    records who took it in what capacity (see `_decision_stamp`)."""
    proposal = _locked(proposal)
    if action in ("reject", "request_revision"):
        allowed, why = workflow.can_act(user, proposal, action)
        if not allowed:
            raise DomainError(why)
        if reason.strip():  # otherwise the engine refuses for want of a reason
            proposal.decision_note = reason
            reason = _decision_stamp(user, proposal, action, reason, justification)
    workflow.PROPOSALS.move(proposal, action, user, reason)
    return proposal


def _decision_stamp(
    user: User, proposal: Proposal, action: str, reason: str, justification: str
) -> str:
    """Record on the proposal who decides and as what; refuse a decision against the
    majority recommendation of the reviews without a written justification. Returns the
    history's text: the reasons, the capacity and the justification."""
    not_yet = workflow.tap_quorum(proposal)
    if not_yet:
        raise DomainError(not_yet)
    capacity = workflow.decision_capacity(user)
    majority = workflow.majority_recommendation(proposal)
    against = majority is not None and majority[0] != workflow.AGREEING_RECOMMENDATION[action]
    justification = justification.strip()
    if against and not justification:
        assert majority is not None
        raise DomainError(
            _(
                "%(n)d of %(total)d reviews recommend “%(recommendation)s”: a decision against "
                "the reviews' majority needs a written justification."
            )
            % {
                "n": majority[1],
                "total": majority[2],
                "recommendation": Review.Recommendation(majority[0]).label,
            }
        )
    proposal.decided_by = user
    proposal.decision_capacity = capacity
    proposal.decision_justification = justification if against else ""
    proposal.save(
        update_fields=[
            "decision_note",
            "decided_by",
            "decision_capacity",
            "decision_justification",
        ]
    )
    lines = [reason.strip()] if reason.strip() else []
    lines.append(
        _("Decided by %(user)s as %(capacity)s.")
        % {
            "user": user.get_full_name() or user.username,
            "capacity": Proposal.Capacity(capacity).label,
        }
    )
    if against:
        assert majority is not None
        lines.append(
            _("Against the reviews' majority recommendation (%(recommendation)s): %(text)s")
            % {"recommendation": Review.Recommendation(majority[0]).label, "text": justification}
        )
    return " ".join(lines)


@transaction.atomic
def proposal_approve(
    *, user: User, proposal: Proposal, amount: Decimal, note: str = "", justification: str = ""
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
    proposal.save(update_fields=["approved_amount"])
    reason = _decision_stamp(user, proposal, "approve", note, justification)
    workflow.PROPOSALS.move(proposal, "approve", user, reason)
    return proposal


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
