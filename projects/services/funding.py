"""Funding: contributions pledged and received, their allocation to approved projects
and the disbursements made from an allocation."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Organisation, User
from projects import selectors, workflow
from projects.models import ZERO, Allocation, Contribution, Disbursement, Proposal
from projects.services._shared import _error_text, _locked, _valid_currency

State = Proposal.State


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
        return project.components.filter(pk__in=[contribution.component_id]).exists()
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
    approved = project.approved_amount or ZERO
    gap = approved - allocated
    if amount > gap:
        raise DomainError(
            _("The project needs only %(gap)s %(currency)s more.")
            % {"gap": gap, "currency": project.currency}
        )
    allocation = Allocation.objects.create(
        contribution=contribution, project=project, amount=amount, allocated_by=user, note=note
    )
    if project.state == State.APPROVED and allocated + amount >= approved:
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
