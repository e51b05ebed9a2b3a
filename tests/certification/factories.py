"""Factories for the certification app and a Certification journey through the services."""

from datetime import date

import factory

from certification import services
from certification.models import (
    Enterprise,
    Principle,
    PrincipleIndicator,
    PrincipleSet,
    Twinning,
    TwinningTemplate,
)
from imdi_portal.core.models import Organisation
from labour_market.models import Industry
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ["code"]

    code = "N"
    level = Industry.Level.SECTION
    title_en = "Administrative and support service activities"


def principle_set(indicators_per_principle: int = 2, principles: int = 2) -> PrincipleSet:
    pset = PrincipleSet.objects.create(
        version="1.0", title="Guiding principles", adopted_on=date(2026, 1, 1), is_current=True
    )
    for p in range(1, principles + 1):
        principle = Principle.objects.create(
            principle_set=pset, code=f"P{p}", title=f"Principle {p}"
        )
        for i in range(1, indicators_per_principle + 1):
            PrincipleIndicator.objects.create(
                principle=principle, code=f"P{p}.{i}", text=f"Indicator {p}.{i}"
            )
    return pset


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.BUSINESS)
    legal_name = factory.Sequence(lambda n: f"Fair Recruiters {n} Ltd")
    slug = factory.Sequence(lambda n: f"fair-recruiters-{n}")
    registration_number = factory.Sequence(lambda n: f"REG-{n:05d}")
    country = factory.SubFactory(CountryFactory)
    sector = factory.SubFactory(SectorFactory)
    kind = Enterprise.Kind.RECRUITER
    size = Enterprise.Size.SMALL


class Certification:
    """An enterprise with a member, a Certification officer and an auditor; `to(state)`
    moves one application there through the services."""

    def __init__(self) -> None:
        self.principles = PrincipleSet.objects.filter(is_current=True).first() or principle_set()
        self.enterprise = EnterpriseFactory()
        self.member = UserFactory(organisation=self.enterprise.organisation)
        self.officer = UserFactory(certification_officer=True)
        self.auditor = UserFactory(auditor=True)
        self.application = services.application_create(
            user=self.member, scope="Recruitment of nurses"
        )

    @property
    def indicators(self):
        return list(PrincipleIndicator.objects.filter(principle__principle_set=self.principles))

    def refresh(self):
        self.application.refresh_from_db()
        return self.application

    def to(self, state: str, rating: str = "conform"):
        order = ["submitted", "audit", "audited", "accepted"]
        for step in order[: order.index(state) + 1]:
            getattr(self, f"_{step}")(rating)
        return self.refresh()

    def _submitted(self, rating):
        services.self_assessment_save(
            user=self.member,
            application=self.application,
            answers={i.pk: ("yes", "") for i in self.indicators},
        )
        services.application_act(user=self.member, application=self.application, action="submit")

    def _audit(self, rating):
        services.application_act(
            user=self.officer,
            application=self.refresh(),
            action="assign_auditor",
            auditor=self.auditor,
        )

    def _audited(self, rating):
        findings = {
            i.pk: {"rating": rating, "corrective_action": "Fix it", "deadline": date(2027, 1, 1)}
            for i in self.indicators
        }
        services.findings_save(user=self.auditor, application=self.refresh(), findings=findings)
        services.application_act(
            user=self.auditor, application=self.refresh(), action="complete_audit"
        )

    def _accepted(self, rating):
        services.application_act(
            user=self.officer,
            application=self.refresh(),
            action="accept",
            reason="Meets every principle",
            today=date(2026, 12, 1),
        )

    @property
    def label(self):
        return self.refresh().label


class TwinningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Twinning

    slug = factory.Sequence(lambda n: f"twinning-{n}")
    title = factory.Sequence(lambda n: f"Twinning {n}")
    origin = factory.SubFactory(CountryFactory)
    destination = factory.SubFactory(CountryFactory)


class TwinningTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TwinningTemplate

    title = "Template framework"
    version = "1"
