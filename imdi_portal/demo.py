"""Demo data for a first look at the portal (`python manage.py load_demo`).

Real reference data (countries, regions, income groups, GMG members) is already loaded by the
migrations. This imports the real World Bank WDI files shipped in
imdi_portal/stats/data/wdi/ through the import pipeline, adds clearly labelled sample
records, which pages mark as "Sample data", and, for local development only, one demo
account per role.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Country, Organisation, User
from imdi_portal.core.roles import ROLE_PERMISSIONS, Role

# Invented organisations: every name says "Sample" and is_sample=True labels them on pages.
SAMPLE_ORGANISATIONS = [
    ("sample-ministry-labour-phl", "Sample Ministry of Labour (demo)", "government", "PHL"),
    ("sample-migrant-rights-ngo", "Sample Migrant Rights Network (demo)", "ngo", "SEN"),
    ("sample-recruitment-agency", "Sample Fair Recruitment Agency (demo)", "business", "MYS"),
    ("sample-donor-foundation", "Sample Development Foundation (demo)", "donor", "NOR"),
    ("sample-qualification-body", "Sample Qualification Authority (demo)", "government", "PHL"),
]

DEMO_ACCOUNTS = [
    # username, role, organisation slug, country ISO3
    ("focal.point", Role.FOCAL_POINT, "sample-ministry-labour-phl", "PHL"),
    ("submitter", Role.SUBMITTER, "sample-migrant-rights-ngo", "SEN"),
    ("secretariat", Role.SECRETARIAT, "iom", None),
    ("tap.member", Role.TAP_MEMBER, "ilo", None),
    ("certification.officer", Role.CERTIFICATION_OFFICER, "iom", None),
    ("auditor", Role.AUDITOR, None, None),
    # Job mobility: a member of the licensed sample agency (no role: the agency's licence
    # decides), a verifier of an authorised body, and the Philippines' employment service.
    ("agency", None, "sample-recruitment-agency", None),
    ("verifier", Role.VERIFIER, "sample-qualification-body", None),
    ("employment.service", Role.EMPLOYMENT_SERVICE, "sample-ministry-labour-phl", None),
]
# The job-mobility accounts work on the site, not in the admin.
NOT_STAFF = {None, Role.SUBMITTER, Role.VERIFIER, Role.EMPLOYMENT_SERVICE}
DEMO_PASSWORD = "imdi-demo-2026"


ROOT = Path(__file__).resolve().parent.parent
WDI = ROOT / "imdi_portal/stats/data/wdi"
UNDESA = ROOT / "labour_market/data/undesa"
KNOMAD = ROOT / "remittances/data/knomad"
# (source, real file shipped in the repository, import options); see each data folder's
# SOURCES.md. Successive editions of one source are loaded oldest first.
DEMO_FILES: list[tuple[str, Path, dict[str, str]]] = [
    ("wdi", WDI / "API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv", {}),
    ("wdi", WDI / "API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv", {}),
    ("wdi", WDI / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv", {}),
    ("wdi", WDI / "API_SP.POP.TOTL_DS2_en_csv_v2_38144.csv", {}),
    ("wdi", WDI / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_9865.csv", {}),
    ("wdi", WDI / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv", {}),
    ("isco08", ROOT / "labour_market/data/isco08/isco08_structure_and_definitions_en.xlsx", {}),
    ("isco08", ROOT / "labour_market/data/isco08/isco08_titles_en_fr.csv", {}),
    ("isic4", ROOT / "labour_market/data/isic4/ISIC_Rev_4_english_structure.txt", {}),
    ("undesa-stock", UNDESA / "migrant_stock_by_origin_and_destination_2015.xlsx", {}),
    # A reshaped copy of the both-sexes table: its layout does not say the sex.
    (
        "undesa-stock-csv",
        UNDESA / "migrant_stock_by_origin_and_destination_2017_reshaped.csv",
        {"sex": "T"},
    ),
    ("undesa-stock-total", UNDESA / "UN_MigrantStockTotal_2019.xlsx", {}),
    ("undesa-stock-total", UNDESA / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", {}),
    ("wb-migrant-matrix", UNDESA / "bilateral_migration_matrix_2021_latest.xlsx", {}),
    (
        "ilostat",
        ROOT / "labour_market/data/ilostat/EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv",
        {},
    ),
    ("knomad", KNOMAD / "WB_Bilateral_Remittance_Estimates_2017.xlsx", {}),
    ("knomad", KNOMAD / "bilateral_remittance_matrix_2021.xlsx", {}),
    ("rpw", ROOT / "remittances/data/rpw/rpw_corridors_databank_2011Q1-2020Q3_subset.csv", {}),
    # Invented providers in the provider-level layout; every row says sample=yes.
    ("rpw", ROOT / "remittances/data/rpw/rpw_providers_SAMPLE.csv", {}),
]


@dataclass
class DemoResult:
    organisations: int
    accounts: list[str]
    imports: list[str] = field(default_factory=list)
    password: str = DEMO_PASSWORD  # of the demo accounts


def demo_load(*, with_accounts: bool) -> DemoResult:
    """Create or refresh the sample records and import the demo files; idempotent."""
    with transaction.atomic():
        _sample_organisations()
        accounts = _demo_accounts() if with_accounts else []
    return DemoResult(
        organisations=len(SAMPLE_ORGANISATIONS),
        accounts=accounts,
        imports=_demo_imports() + _app_demo_data(),
    )


def _app_demo_data() -> list[str]:
    """Each app's own sample records (labelled as sample on its pages)."""
    from certification import demo as certification_demo
    from labour_market import demo as labour_market_demo
    from legislation import demo as legislation_demo
    from mobility import demo as mobility_demo
    from projects import demo as projects_demo

    return [
        legislation_demo.load(),
        labour_market_demo.load(),
        projects_demo.load(),
        certification_demo.load(),
        mobility_demo.load(),
        _sample_practice(),
        _sample_activities(),
        _sample_contacts(),
        _search_index(),
    ]


def _sample_practice() -> str:
    """One good practice, invented and labelled as sample data."""
    from django.utils import timezone

    from imdi_portal.core.models import Component, Theme
    from imdi_portal.gateway.models import GCMObjective, GoodPractice

    practice, _created = GoodPractice.objects.update_or_create(
        slug="sample-pre-departure-orientation",
        defaults={
            "organisation": Organisation.objects.get(slug="sample-ministry-labour-phl"),
            "title_en": "Sample: pre-departure orientation for domestic workers (demo)",
            "summary_en": "Sample record for demonstration: not a real practice.",
            "what_was_done": "Sample: a two-day course before departure.",
            "results": "Sample: no real results are reported.",
            "lessons": "Sample: no real lessons are reported.",
            "state": GoodPractice.State.PUBLISHED,
            "published_at": timezone.now(),
            "is_sample": True,
        },
    )
    practice.countries.set(Country.objects.filter(iso3__in=["PHL"]))
    practice.components.set(Component.objects.filter(code="III"))
    practice.themes.set(Theme.objects.filter(slug="pre-departure"))
    practice.objectives.set(GCMObjective.objects.filter(number__in=[3, 6]))
    return "Sample good practices: 1 (labelled as sample data)"


# Invented programmes, each titled "Sample" and labelled as sample data: (slug, organisation
# slug, title, countries, component, theme, start, end, status).
SAMPLE_ACTIVITIES = [
    (
        "sample-skills-partnership",
        "ilo",
        "Sample: skills partnership for care workers (demo)",
        ["PHL", "MYS"],
        "I",
        "recognition-qualifications",
        2024,
        2027,
        "ongoing",
    ),
    (
        "sample-remittance-literacy",
        "sample-migrant-rights-ngo",
        "Sample: financial literacy for migrant families (demo)",
        ["SEN"],
        "II",
        "remittances",
        2025,
        None,
        "ongoing",
    ),
    (
        "sample-global-data-training",
        "iom",
        "Sample: labour migration statistics training (demo)",
        [],
        "I",
        "migration-data",
        2022,
        2023,
        "completed",
    ),
]


def _sample_activities() -> str:
    """Programmes and activities, invented and labelled as sample data."""
    from django.utils import timezone

    from imdi_portal.core.models import Component, Theme
    from imdi_portal.gateway.models import Activity

    for slug, org, title, iso3s, component, theme, start, end, status in SAMPLE_ACTIVITIES:
        activity, _created = Activity.objects.update_or_create(
            slug=slug,
            defaults={
                "organisation": Organisation.objects.get(slug=org),
                "title_en": title,
                "summary_en": "Sample record for demonstration: not a real programme.",
                "start_year": start,
                "end_year": end,
                "status": status,
                "state": Activity.State.PUBLISHED,
                "published_at": timezone.now(),
                "is_sample": True,
            },
        )
        activity.countries.set(Country.objects.filter(iso3__in=iso3s))
        activity.components.set(Component.objects.filter(code=component))
        activity.themes.set(Theme.objects.filter(slug=theme))
    return f"Sample programmes and activities: {len(SAMPLE_ACTIVITIES)} (labelled as sample data)"


def _sample_contacts() -> str:
    """Directory entries, invented and labelled as sample data: a focal point who consented
    to publishing their details (linked to the demo focal point account, when there is one),
    and an organisation contact whose person's details stay hidden for want of consent."""
    from django.utils import timezone

    from imdi_portal.core.models import Theme
    from imdi_portal.gateway.models import Contact

    focal_user = User.objects.filter(username="focal.point").first()
    focal, _created = Contact.objects.update_or_create(
        function_en="Sample national focal point for IMDI (demo)",
        defaults={
            "kind": Contact.Kind.FOCAL_POINT,
            "country": Country.objects.get(iso3="PHL"),
            "organisation": Organisation.objects.get(slug="sample-ministry-labour-phl"),
            "office": "Sample International Labour Affairs Office (demo)",
            "office_email": "imdi-focal-point@example.org",
            "person_name": "Sample Person (demo)",
            "person_email": "sample.person@example.org",
            "user": focal_user,
            "consent_given_at": timezone.now(),
            "consent_method": Contact.ConsentMethod.PORTAL,
            "consent_recorded_by": focal_user,
            "is_sample": True,
        },
    )
    focal.topics.set(Theme.objects.filter(slug__in=["policy-capacity", "pre-departure"]))
    desk, _created = Contact.objects.update_or_create(
        function_en="Sample migrant support desk (demo)",
        defaults={
            "kind": Contact.Kind.ORGANISATION,
            "country": Country.objects.get(iso3="SEN"),
            "organisation": Organisation.objects.get(slug="sample-migrant-rights-ngo"),
            "office_email": "migration-desk@example.org",
            "website": "https://example.org/",
            "person_name": "Hidden Sample Person (demo)",
            "consent_given_at": None,
            "is_sample": True,
        },
    )
    desk.topics.set(Theme.objects.filter(slug="migrant-rights"))
    return "Sample directory entries: 2 (labelled as sample data)"


def _search_index() -> str:
    from imdi_portal.search.services import search_index_rebuild

    counts = search_index_rebuild()
    return f"Search index: {sum(counts.values())} documents"


def _sample_organisations() -> None:
    wanted = [iso3 for *_rest, iso3 in SAMPLE_ORGANISATIONS]
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=wanted)}
    for slug, name, kind, iso3 in SAMPLE_ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "country": countries[iso3], "is_sample": True},
        )


def _demo_imports() -> list[str]:
    """Run the real files through the pipeline; a second run reports them unchanged."""
    from imdi_portal.stats.projections import projections_recompute
    from imdi_portal.stats.services import import_job_create, import_job_run, indicators_recompute

    lines = []
    for source, name, options in DEMO_FILES:
        # The files are the sources' own successive editions, loaded oldest first: a later
        # one (UN DESA 2017) revises the estimates of an earlier one (2015), as published.
        job = import_job_create(source=source, path=name, accept_revisions=True, **options)
        job = import_job_run(job_id=job.pk)
        if job.status != job.Status.SUCCEEDED:
            raise DomainError(f"demo import of {name} failed: {job.error}")
        lines.append(f"Imported {Path(name).name}: {job.counts_line}")
        if job.skipped:
            lines.append(f"  left out: {job.skipped_line}")
    # Recomputation is queued after each import's commit, and not at all when an import
    # changed nothing: compute the derived series and projections here, so that they exist
    # however the task queue is set up.
    derived = indicators_recompute()
    lines.append(f"Derived indicators: {sum(derived.values())} values in {len(derived)} series")
    lines.append(f"Projections: {projections_recompute()} projected values")
    return lines


def _demo_accounts() -> list[str]:
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_PERMISSIONS)}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=["PHL", "SEN"])}
    created = []
    admin, _ = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    created.append("admin")
    for username, role, org_slug, iso3 in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.email = f"{username}@example.org"
        user.is_staff = role not in NOT_STAFF
        user.organisation = organisations.get(org_slug) if org_slug else None
        user.country = countries.get(iso3) if iso3 else None
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[role]] if role else [])
        created.append(username)
    from projects import demo as projects_demo

    return created + projects_demo.tap_accounts(password=DEMO_PASSWORD)
