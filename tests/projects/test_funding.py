"""Contributions, allocations and disbursements: balances can never be overdrawn."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Component
from projects import selectors, services
from projects.models import Allocation, Contribution, Proposal
from projects.selectors import funding_total_list, pool_balance_list
from tests.imdi_portal.factories import CountryFactory, UserFactory
from tests.projects.factories import ContributionFactory, Journey

pytestmark = pytest.mark.django_db


def test_allocation_covering_the_approved_amount_funds_the_project():
    j = Journey()
    project = j.to("approved")
    contribution = ContributionFactory(amount=Decimal("200000"))
    services.allocation_create(
        user=j.secretariat, contribution=contribution, project=project, amount=Decimal("50000")
    )
    assert j.refresh().state == Proposal.State.APPROVED
    services.allocation_create(
        user=j.secretariat, contribution=contribution, project=j.refresh(), amount=Decimal("40000")
    )
    project = j.refresh()
    assert project.state == Proposal.State.FUNDED
    assert project.allocated_sum == Decimal("90000")
    assert selectors.contribution_balance_get(contribution) == Decimal("110000")


@pytest.mark.parametrize(
    "contribution_kwargs, amount, message",
    [
        ({"amount": Decimal("1000")}, "1000.01", r"Only 1000\.00 USD of this contribution"),
        ({"status": "pledged", "received_on": None}, "10", "not pledges"),
        ({"currency": "EUR"}, "10", "allocate in one currency"),
        ({}, "90000.01", r"needs only 90000\.00 USD more"),
        ({}, "0", "must be positive"),
    ],
)
def test_refused_allocations_write_nothing(contribution_kwargs, amount, message):
    j = Journey()
    project = j.to("approved")
    contribution = ContributionFactory(**contribution_kwargs)
    with pytest.raises(DomainError, match=message):
        services.allocation_create(
            user=j.secretariat, contribution=contribution, project=project, amount=Decimal(amount)
        )
    assert not Allocation.objects.exists()


def test_earmarked_money_goes_only_where_it_is_earmarked():
    j = Journey()
    project = j.to("approved")
    elsewhere = ContributionFactory(earmark="country", country=CountryFactory())
    with pytest.raises(DomainError, match="earmarked"):
        services.allocation_create(
            user=j.secretariat, contribution=elsewhere, project=project, amount=Decimal("10")
        )
    other_component = ContributionFactory(
        earmark="component", component=Component.objects.get(code="II")
    )
    with pytest.raises(DomainError, match="earmarked"):
        services.allocation_create(
            user=j.secretariat, contribution=other_component, project=project, amount=Decimal("10")
        )
    for_country = ContributionFactory(earmark="country", country=j.countries[0])
    services.allocation_create(
        user=j.secretariat, contribution=for_country, project=project, amount=Decimal("10")
    )
    assert project.allocations.count() == 1


def test_only_approved_projects_receive_funds_and_only_the_secretariat_allocates():
    j = Journey()
    proposal = j.to("tap_review")
    contribution = ContributionFactory()
    with pytest.raises(DomainError, match="approved projects only"):
        services.allocation_create(
            user=j.secretariat, contribution=contribution, project=proposal, amount=Decimal("10")
        )
    with pytest.raises(DomainError, match="Only the Secretariat"):
        services.allocation_create(
            user=j.submitter, contribution=contribution, project=proposal, amount=Decimal("10")
        )


def test_disbursements_never_exceed_the_allocation():
    j = Journey()
    project = j.to("funded")
    allocation = project.allocations.get()
    services.disbursement_create(
        user=j.secretariat,
        allocation=allocation,
        amount=Decimal("60000"),
        paid_on=date(2027, 1, 5),
        recipient=j.agency,
    )
    with pytest.raises(DomainError, match=r"Only 30000\.00 of this allocation"):
        services.disbursement_create(
            user=j.secretariat,
            allocation=allocation,
            amount=Decimal("30000.01"),
            paid_on=date(2027, 2, 5),
            recipient=j.agency,
        )
    assert j.refresh().disbursed_sum == Decimal("60000")


def test_pool_balances_and_totals_per_currency():
    j = Journey()
    project = j.to("approved")
    core = ContributionFactory(amount=Decimal("100000"))
    ContributionFactory(amount=Decimal("5000"), status="pledged", received_on=None)
    services.allocation_create(
        user=j.secretariat, contribution=core, project=project, amount=Decimal("30000")
    )
    balances = pool_balance_list()
    assert [(b["pool"], b["received"], b["allocated"], b["available"]) for b in balances] == [
        ("Core (pooled)", Decimal("100000"), Decimal("30000"), Decimal("70000"))
    ]
    (usd,) = funding_total_list()
    assert (usd["pledged"], usd["received"], usd["allocated"]) == (
        Decimal("105000"),
        Decimal("100000"),
        Decimal("30000"),
    )


def test_a_received_contribution_needs_its_date():
    j = Journey()
    with pytest.raises(DomainError, match="date it was received"):
        services.contribution_record(
            user=j.secretariat,
            donor=j.agency,
            status="received",
            amount=Decimal("5"),
            currency="USD",
            pledged_on=date(2026, 1, 1),
            earmark="core",
        )
    with pytest.raises(DomainError, match="ISO 4217"):
        services.contribution_record(
            user=j.secretariat,
            donor=j.agency,
            status="pledged",
            amount=Decimal("5"),
            currency="XYZ",
            pledged_on=date(2026, 1, 1),
            earmark="core",
        )
    assert not Contribution.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")  # an earlier transactional test may have flushed it
def test_two_allocations_at_the_same_moment_never_overdraw_a_contribution():
    first, second = Journey().to("approved"), Journey()
    second_project = second.to("approved")
    contribution = ContributionFactory(amount=Decimal("100000"))
    secretariat = UserFactory(secretariat=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def allocate(project):
        try:
            barrier.wait(timeout=10)
            services.allocation_create(
                user=secretariat,
                contribution=contribution,
                project=project,
                amount=Decimal("60000"),
            )
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(p,)) for p in (first, second_project)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes)[0] == "Only 40000.00 USD of this contribution is left to allocate."
    assert outcomes.count("ok") == 1
    assert Allocation.objects.filter(contribution=contribution).count() == 1
    assert selectors.contribution_balance_get(contribution) == Decimal("40000.00")
