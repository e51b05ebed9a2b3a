"""Sample certification records for a first look (`load_demo`): a principle set, a labelled
enterprise, a twinning template and a twinning with a review. Every record is invented and
flagged is_sample, so the pages label it as sample data. Idempotent."""

from datetime import date, timedelta

from django.db import transaction

from certification.models import (
    Application,
    Benefit,
    Commitment,
    CommitmentRating,
    Enterprise,
    Label,
    LabelStatusChange,
    Principle,
    PrincipleIndicator,
    PrincipleSet,
    TemplateCommitment,
    Twinning,
    TwinningReview,
    TwinningTemplate,
)
from imdi_portal.core.models import Country, Organisation
from labour_market.models import Industry

# The six principles the domain description names; the indicators are demonstration text.
PRINCIPLES = [
    (
        "P1",
        "Respect for laws and fundamental rights",
        [
            "The enterprise holds the licences recruitment requires in each country it works in.",
            "Workers' rights at work are set out in the enterprise's written policies.",
        ],
    ),
    (
        "P2",
        "No recruitment fees or related costs charged to workers",
        [
            "Workers pay no fee or cost for their recruitment: the employer pays.",
            "Contracts with sub-agents forbid charging workers.",
        ],
    ),
    (
        "P3",
        "No retention of passports and freedom of movement",
        [
            "Identity documents stay with the worker.",
            "Workers may leave their accommodation and their job freely.",
        ],
    ),
    (
        "P4",
        "Transparent terms and conditions of employment",
        ["Workers receive a written contract in a language they understand before departure."],
    ),
    (
        "P5",
        "Confidentiality and data protection",
        ["Workers' personal data are kept only as long as needed and protected."],
    ),
    (
        "P6",
        "Access to remedy",
        ["Workers can complain without retaliation, and complaints are answered."],
    ),
]

TEMPLATE = [
    (
        "origin",
        "Irregular migration",
        "Prevent irregular departures and informal recruitment.",
        "Licensing of recruitment agencies enforced",
        "Agencies inspected per year",
    ),
    (
        "origin",
        "Pre-departure orientation",
        "Prepare every worker before departure.",
        "Orientation course for all departing workers",
        "Share of departing workers trained",
    ),
    (
        "origin",
        "Return and readmission",
        "Cooperate on the return of nationals without a right to stay.",
        "Identification requests answered in time",
        "Median days to answer",
    ),
    (
        "destination",
        "Visa facilitation",
        "Process work visas for nationals of the partner country quickly.",
        "Visa decisions within the agreed time",
        "Median processing days",
    ),
]


@transaction.atomic
def load() -> str:
    principle_set = _principle_set()
    _labelled_enterprise(principle_set)
    _twinning(_twinning_template())
    return "Sample certification records: 1 labelled enterprise, 1 twinning (labelled as sample)"


def _principle_set() -> PrincipleSet:
    """The sample principle set, made the current one among sample sets, with its principles
    and their indicators."""
    principle_set, _ = PrincipleSet.objects.update_or_create(
        version="0.1-sample",
        defaults={
            "title": "Guiding principles on ethical recruitment (sample text)",
            "adopted_on": date(2026, 1, 1),
            "is_current": True,
            "is_sample": True,
        },
    )
    PrincipleSet.objects.exclude(pk=principle_set.pk).filter(is_sample=True).update(
        is_current=False
    )
    for code, title, indicators in PRINCIPLES:
        principle, _ = Principle.objects.update_or_create(
            principle_set=principle_set, code=code, defaults={"title": title}
        )
        for n, text in enumerate(indicators, start=1):
            PrincipleIndicator.objects.update_or_create(
                principle=principle, code=f"{code}.{n}", defaults={"text": text}
            )
    return principle_set


def _labelled_enterprise(principle_set: PrincipleSet) -> None:
    """The sample recruitment agency, its accepted application and (once) its active label."""
    organisation = Organisation.objects.get(slug="sample-recruitment-agency")
    enterprise, _ = Enterprise.objects.update_or_create(
        organisation=organisation,
        defaults={
            "legal_name": "Sample Fair Recruitment Agency (demo)",
            "slug": "sample-fair-recruitment-agency",
            "registration_number": "SAMPLE-0001",
            "country": organisation.country,
            "sector": Industry.objects.get(code="N"),
            "kind": Enterprise.Kind.RECRUITER,
            "size": Enterprise.Size.SMALL,
            "is_sample": True,
        },
    )
    application, _ = Application.objects.update_or_create(
        enterprise=enterprise,
        is_sample=True,
        defaults={
            "principle_set": principle_set,
            "state": Application.State.ACCEPTED,
            "scope": "Sample: recruitment of care and construction workers for employers abroad.",
        },
    )
    if Label.objects.filter(application=application).exists():
        return
    label = Label.objects.create(
        number="IMDI-5AMP1-E0000-" + _check("5AMP1E0000"),
        enterprise=enterprise,
        application=application,
        principle_set=principle_set,
        scope=application.scope,
        issued_on=date(2026, 3, 1),
        expires_on=date(2029, 3, 1),
        is_sample=True,
    )
    LabelStatusChange.objects.create(
        label=label, to_state=Label.Status.ACTIVE, action="issue", reason="Sample label."
    )


def _twinning_template() -> TwinningTemplate:
    """The sample template, its commitments replaced by TEMPLATE."""
    template, _ = TwinningTemplate.objects.update_or_create(
        title="Twinning framework (sample template)", defaults={"version": "0.1", "is_sample": True}
    )
    template.commitments.all().delete()
    TemplateCommitment.objects.bulk_create(
        TemplateCommitment(template=template, party=p, area=a, text=t, criteria=c, indicators=i)
        for p, a, t, c, i in TEMPLATE
    )
    return template


def _twinning(template: TwinningTemplate) -> None:
    """The Philippines-Malaysia sample twinning; its commitments, benefit and review are
    written when it is new or has no commitments yet."""
    origin, destination = Country.objects.get(iso3="PHL"), Country.objects.get(iso3="MYS")
    twinning, created = Twinning.objects.update_or_create(
        slug="sample-phl-mys",
        defaults={
            "title": "Sample twinning: Philippines and Malaysia (demo)",
            "origin": origin,
            "destination": destination,
            "template": template,
            "status": Twinning.Status.ACTIVE,
            "signed_on": date(2026, 2, 1),
            "summary": "Sample record: not an agreement between the two countries.",
            "is_sample": True,
        },
    )
    if not created and twinning.commitments.exists():
        return  # already filled in: its review and ratings are kept
    twinning.commitments.all().delete()
    Commitment.objects.bulk_create(
        Commitment(twinning=twinning, party=p, area=a, text=t, criteria=c, indicators=i)
        for p, a, t, c, i in TEMPLATE
    )
    Benefit.objects.create(
        twinning=twinning,
        kind=Benefit.Kind.QUOTA,
        description="Sample: a yearly quota of work permits.",
        quota=500,
    )
    _twinning_review(twinning)


def _twinning_review(twinning: Twinning) -> None:
    """A first review rating every commitment as partly met."""
    review = TwinningReview.objects.create(
        twinning=twinning,
        period_start=date(2026, 2, 1),
        period_end=date(2026, 2, 1) + timedelta(days=180),
        reviewed_on=date(2026, 9, 1),
        summary="Sample review: no real assessment took place.",
        recommendations="Sample: extend the orientation course to all regions.",
    )
    for commitment in twinning.commitments.all():
        CommitmentRating.objects.create(
            review=review,
            commitment=commitment,
            rating=CommitmentRating.Rating.PARTLY,
            evidence="Sample evidence.",
        )


def _check(body: str) -> str:
    from certification.numbers import check_character

    return check_character(body)
