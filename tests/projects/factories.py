"""Factories for the projects app, and a Journey that walks a proposal through its lifecycle
with the services (so tests of a later step start from a state reached the real way)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import factory

from imdi_portal.core.models import Component, Organisation
from projects import services
from projects.models import Contribution, Proposal, Screening
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(
        UserFactory, submitter=True, organisation=factory.SelfAttribute("..organisation")
    )
    title = factory.Sequence(lambda n: f"Project {n}")
    reference = factory.Sequence(lambda n: f"IMDI-TEST-{n:04d}")


def make_tap_chair(user):
    """Give a TAP member's account the chair's permission (it records the panel's decision)."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        Permission.objects.get(codename="chair_tap", content_type__app_label="projects")
    )
    return user


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    donor = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.DONOR)
    status = Contribution.Status.RECEIVED
    amount = Decimal("100000.00")
    currency = "USD"
    pledged_on = date(2026, 1, 10)
    received_on = date(2026, 2, 1)
    earmark = Contribution.Earmark.CORE


def complete_fields(countries, lead) -> dict:
    """Everything a proposal needs to be submitted."""
    return {
        "summary": "Train recruiters in ethical recruitment.",
        "duration_months": 18,
        "start_date": date(2027, 1, 1),
        "prsp_statement": "Serves pillar 3 of the national development plan.",
        "components": Component.objects.filter(code__in=["I", "III"]),
        "children": {
            "countries": [
                {"country": c, "role": role}
                for c, role in zip(countries, ["origin", "destination", "transit"], strict=False)
            ],
            "partners": [{"organisation": lead, "role": "lead"}],
            "results": [
                {
                    "level": "objective",
                    "statement": "Fair recruitment",
                    "indicator": "",
                    "baseline": "",
                    "target": "",
                },
                {
                    "level": "output",
                    "statement": "Recruiters trained",
                    "indicator": "Recruiters trained",
                    "baseline": "0",
                    "target": "200",
                },
            ],
            "budget_lines": [
                {"category": "training", "description": "Workshops", "amount": Decimal("60000")},
                {"category": "staff", "description": "Coordinator", "amount": Decimal("40000")},
            ],
        },
    }


@dataclass
class Journey:
    """An NGO, two countries with their focal points, the Secretariat, three TAP members and
    an executing IO; `to(state)` moves one proposal there through the services."""

    ngo: Organisation = field(default_factory=lambda: OrganisationFactory(kind="ngo"))
    agency: Organisation = field(
        default_factory=lambda: OrganisationFactory(kind="international", is_gmg_member=True)
    )

    def __post_init__(self) -> None:
        self.countries = [CountryFactory(), CountryFactory()]
        self.submitter = UserFactory(submitter=True, organisation=self.ngo)
        self.focal_points = [UserFactory(focal_point=True, country=c) for c in self.countries]
        self.secretariat = UserFactory(secretariat=True)
        self.tap = [UserFactory(tap_member=True) for _ in range(3)]
        self.proposal = services.proposal_create(
            user=self.submitter,
            title="Fair recruitment corridor",
            **complete_fields(self.countries, self.agency),
        )

    def refresh(self) -> Proposal:
        self.proposal.refresh_from_db()
        return self.proposal

    def to(self, state: str) -> Proposal:
        order = ["endorsement", "screening", "tap_review", "approved", "funded"]
        for step in order[: order.index(state) + 1]:
            getattr(self, f"_{step}")()
        return self.refresh()

    def _endorsement(self) -> None:
        services.proposal_submit(user=self.submitter, proposal=self.proposal)

    def _screening(self) -> None:
        for fp, country in zip(self.focal_points, self.countries, strict=True):
            services.proposal_endorse(
                user=fp, proposal=self.refresh(), country=country, endorse=True
            )

    def _tap_review(self) -> None:
        checks = {name: True for name, _label in Screening.CHECKS}
        services.screening_save(user=self.secretariat, proposal=self.refresh(), checks=checks)
        for member in self.tap[:2]:
            services.reviewer_assign(
                user=self.secretariat, proposal=self.refresh(), reviewer=member
            )
        services.proposal_act(user=self.secretariat, proposal=self.refresh(), action="send_to_tap")

    def review(self, member, score: int = 4, recommendation: str = "approve") -> None:
        review = self.refresh().reviews.get(reviewer=member, version=self.proposal.version)
        services.review_submit(
            user=member,
            review=review,
            scores={name: score for name, _label in review.CRITERIA},
            recommendation=recommendation,
        )

    def _approved(self) -> None:
        for member in self.tap[:2]:
            self.review(member)
        services.proposal_approve(
            user=self.secretariat, proposal=self.refresh(), amount=Decimal("90000")
        )

    def _funded(self) -> None:
        contribution = ContributionFactory(amount=Decimal("90000"))
        services.allocation_create(
            user=self.secretariat,
            contribution=contribution,
            project=self.refresh(),
            amount=Decimal("90000"),
        )
