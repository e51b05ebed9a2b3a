"""Sample projects for a first look (`load_demo`). Every record is invented, says "Sample"
in its title and has is_sample=True, so pages label it as sample data. Idempotent."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from imdi_portal.core.models import Component, Country, Organisation, Theme, User
from imdi_portal.core.roles import Role
from projects.models import (
    Allocation,
    BudgetLine,
    Contribution,
    InvolvedCountry,
    Partner,
    Proposal,
    Report,
    ResultLine,
    Transition,
)

AUTHOR = None  # sample records are written by no one

SAMPLES = [
    {
        "reference": "SAMPLE-2026-0001",
        "title": "Sample: pre-departure orientation for care workers (demo)",
        "summary": (
            "Sample record for demonstration. A pre-departure orientation course on rights, "
            "contracts and living conditions for care workers leaving for Italy, run with "
            "the national employment administration."
        ),
        "state": Proposal.State.IMPLEMENTATION,
        "organisation": "sample-ministry-labour-phl",
        "components": ["I", "III"],
        "themes": ["pre-departure", "migrant-rights"],
        "countries": [("PHL", "origin"), ("ITA", "destination")],
        "partners": [("iom", "lead"), ("ilo", "executing")],
        "budget": [
            ("staff", "Trainers and course coordination", "120000"),
            ("training", "Course sessions in three regions", "90000"),
            ("monitoring", "Follow-up survey of participants", "40000"),
        ],
        "approved": "250000",
        "allocated": "250000",
        "results": [
            ("objective", "Care workers leave informed of their rights and contracts", "", "", ""),
            ("output", "Workers complete the orientation course", "Workers trained", "0", "3000"),
        ],
    },
    {
        "reference": "SAMPLE-2026-0002",
        "title": "Sample: cheaper remittance services for families (demo)",
        "summary": (
            "Sample record for demonstration. Publishes comparable price information on "
            "remittance services and trains families in choosing a transparent service."
        ),
        "state": Proposal.State.APPROVED,
        "organisation": "sample-migrant-rights-ngo",
        "components": ["II"],
        "themes": ["remittances"],
        "countries": [("SEN", "beneficiary"), ("FRA", "destination")],
        "partners": [("world-bank", "lead")],
        "budget": [
            ("contracts", "Price survey and comparison website", "80000"),
            ("training", "Financial education sessions", "45000"),
        ],
        "approved": "120000",
        "allocated": "60000",
        "results": [
            ("objective", "Families pay less to receive money from abroad", "", "", ""),
            ("outcome", "Average cost paid by participating families", "Cost in %", "9", "5"),
        ],
    },
]


@transaction.atomic
def load() -> str:
    donor = Organisation.objects.get(slug="sample-donor-foundation")
    components = {c.code: c for c in Component.objects.all()}
    lookups = {
        "orgs": {o.slug: o for o in Organisation.objects.all()},
        "countries": {c.iso3: c for c in Country.objects.all()},
        "components": components,
        "themes": {t.slug: t for t in Theme.objects.all()},
    }
    core = _contributions(donor, components)
    for spec in SAMPLES:
        project = _project(spec, lookups)
        _project_parts(project, spec, lookups)
        _project_history(project, spec, core)
    return f"Sample projects: {len(SAMPLES)} (labelled as sample data)"


def _contributions(donor: Organisation, components: dict[str, Component]) -> Contribution:
    """A core contribution received (returned: the samples are funded from it) and a pledge
    earmarked for component II."""
    core, _ = Contribution.objects.update_or_create(
        donor=donor,
        reference="SAMPLE-CORE-2026",
        defaults={
            "status": Contribution.Status.RECEIVED,
            "amount": Decimal("500000"),
            "currency": "USD",
            "pledged_on": date(2026, 1, 15),
            "received_on": date(2026, 3, 1),
            "earmark": Contribution.Earmark.CORE,
            "is_sample": True,
        },
    )
    Contribution.objects.update_or_create(
        donor=donor,
        reference="SAMPLE-COMPONENT-II-2026",
        defaults={
            "status": Contribution.Status.PLEDGED,
            "amount": Decimal("200000"),
            "currency": "USD",
            "pledged_on": date(2026, 6, 1),
            "earmark": Contribution.Earmark.COMPONENT,
            "component": components["II"],
            "is_sample": True,
        },
    )
    return core


def _project(spec: dict, lookups: dict) -> Proposal:
    """The sample's proposal, created or refreshed by its reference."""
    project, _ = Proposal.objects.update_or_create(
        reference=spec["reference"],
        defaults={
            "title": spec["title"],
            "summary": spec["summary"],
            "organisation": lookups["orgs"][spec["organisation"]],
            "created_by": AUTHOR,
            "state": spec["state"],
            "version": 1,
            "duration_months": 24,
            "start_date": date(2026, 9, 1),
            "prsp_statement": "Sample record: no real strategy document is cited.",
            "currency": "USD",
            "approved_amount": Decimal(spec["approved"]),
            "is_sample": True,
            "state_changed_at": timezone.now(),
        },
    )
    project.components.set([lookups["components"][c] for c in spec["components"]])
    project.themes.set([lookups["themes"][t] for t in spec["themes"]])
    return project


def _project_parts(project: Proposal, spec: dict, lookups: dict) -> None:
    """Countries, partners, budget lines and results, replaced by those of the sample."""
    orgs, countries = lookups["orgs"], lookups["countries"]
    project.countries.all().delete()
    for iso3, role in spec["countries"]:
        InvolvedCountry.objects.create(
            proposal=project,
            country=countries[iso3],
            role=role,
            endorsement=InvolvedCountry.Endorsement.ENDORSED,
        )
    project.partners.all().delete()
    for slug, role in spec["partners"]:
        Partner.objects.create(
            proposal=project,
            organisation=orgs.get(slug),
            role=role,
            name="" if slug in orgs else slug,
        )
    project.budget_lines.all().delete()
    for category, description, amount in spec["budget"]:
        BudgetLine.objects.create(
            proposal=project, category=category, description=description, amount=Decimal(amount)
        )
    project.results.all().delete()
    for level, statement, indicator, baseline, target in spec["results"]:
        ResultLine.objects.create(
            proposal=project,
            level=level,
            statement=statement,
            indicator=indicator,
            baseline=baseline,
            target=target,
        )


def _project_history(project: Proposal, spec: dict, core: Contribution) -> None:
    """Its allocation from the core contribution, the approval it went through and, for a
    project in implementation, a first progress report (each once)."""
    project.allocations.all().delete()
    Allocation.objects.create(
        contribution=core,
        project=project,
        amount=Decimal(spec["allocated"]),
        allocated_by=AUTHOR,
        note="Sample allocation",
    )
    if not project.transitions.exists():
        Transition.objects.create(
            proposal=project,
            from_state=Proposal.State.TAP_REVIEW,
            to_state=Proposal.State.APPROVED,
            action="approve",
            reason="Sample record",
            version=1,
        )
    if spec["state"] == Proposal.State.IMPLEMENTATION and not project.reports.exists():
        Report.objects.create(
            project=project,
            kind=Report.Kind.PROGRESS,
            period_start=date(2026, 9, 1),
            period_end=date(2026, 9, 1) + timedelta(days=89),
            summary="Sample progress report: no real activity took place.",
            submitted_by=AUTHOR,
        )


def tap_accounts(*, password: str) -> list[str]:
    """Demo TAP accounts (local development only, with the other demo accounts): as many
    reviewers as the quorum (settings.PROJECT_TAP_QUORUM) and a chair who records the
    decision. None has an organisation or a country, so none has a conflict of interest
    with any proposal and the whole path, up to the decision, can be walked. Idempotent."""
    group = Group.objects.get(name=Role.TAP_MEMBER)
    chair_permission = Permission.objects.get(
        codename="chair_tap", content_type__app_label="projects"
    )
    quorum = max(settings.PROJECT_TAP_QUORUM, 1)
    wanted = [(f"tap.reviewer.{n}", f"TAP reviewer {n} (demo)") for n in range(1, quorum + 1)]
    wanted.append(("tap.chair", "TAP chair (demo)"))
    for username, name in wanted:
        user, _created = User.objects.get_or_create(username=username)
        user.email = f"{username}@example.org"
        user.first_name, user.last_name = "Sample", name
        user.is_staff = True
        user.organisation = None
        user.country = None
        user.set_password(password)
        user.save()
        user.groups.set([group])
        user.user_permissions.set([chair_permission] if username == "tap.chair" else [])
    return [username for username, _name in wanted]
