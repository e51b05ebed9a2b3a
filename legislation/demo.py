"""Sample permit categories for a first look (load_demo). Every category is flagged is_sample
and shown with a "Sample data, not legal information" notice: none of it is a legal fact.
A few real migration laws of the demo countries (title, year, official text) are added as
they are, not as samples."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from imdi_portal.core.models import Country
from legislation.models import (
    Agreement,
    ContactPoint,
    Fee,
    Law,
    PermitCategory,
    PermitCategoryVersion,
    PermitKind,
    RequiredDocument,
    Requirement,
)
from legislation.services import category_snapshot

COUNTRIES = ["PHL", "SEN", "MYS", "DEU", "CAN", "MEX"]
TEMPLATES = [
    # slug, English name, kind, typical days, dependants, labour market test, renewable
    (
        "sample-general-work-permit",
        "General work permit (sample)",
        PermitKind.GENERAL_WORK,
        45,
        True,
        True,
        True,
    ),
    (
        "sample-seasonal-work-permit",
        "Seasonal work permit (sample)",
        PermitKind.SEASONAL,
        20,
        False,
        True,
        False,
    ),
    (
        "sample-highly-skilled-permit",
        "Highly skilled worker permit (sample)",
        PermitKind.HIGHLY_SKILLED,
        30,
        True,
        False,
        True,
    ),
]


@transaction.atomic
def load() -> str:
    """Create or refresh the sample categories; returns a one-line summary."""
    today = timezone.localdate()
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=COUNTRIES)}
    count = 0
    for n, iso3 in enumerate(COUNTRIES):
        for slug, name, kind, days, dependants, lmt, renewable in TEMPLATES:
            category, _ = PermitCategory.objects.update_or_create(
                country=countries[iso3],
                slug=slug,
                state=PermitCategory.State.PUBLISHED,
                defaults={
                    "name_en": name,
                    "kind": kind,
                    "is_sample": True,
                    "summary": "Demonstration record showing how a permit category is laid "
                    "out in the twelve elements of IMDI's common format.",
                    "apply_online": True,
                    "apply_at_consulate": True,
                    "processing_days_typical": days + n,
                    "processing_days_max": days * 2,
                    "initial_stay_months": 12,
                    "renewable": renewable,
                    "max_total_stay_months": 48 if renewable else None,
                    "dependants_allowed": dependants,
                    "spouse_may_work": dependants,
                    "appeal_available": True,
                    "appeal_deadline_days": 30,
                    "labour_market_test": lmt,
                    # Every other country is shown as not verified recently, to show the notice.
                    "last_verified_on": today - timedelta(days=30 if n % 2 == 0 else 400),
                },
            )
            for model in (Requirement, RequiredDocument, Fee, ContactPoint):
                model.objects.filter(category=category).delete()
            Requirement.objects.create(
                category=category, position=1, text="A signed employment contract (sample)"
            )
            RequiredDocument.objects.create(
                category=category, position=1, name="Passport valid for the whole stay (sample)"
            )
            Fee.objects.create(
                category=category, label="Application fee (sample)", amount="100.00", currency="USD"
            )
            ContactPoint.objects.create(
                category=category, authority="Immigration authority (sample)"
            )
            if not category.versions.exists():
                PermitCategoryVersion.objects.create(
                    category=category, number=1, data=category_snapshot(category)
                )
            count += 1
    agreement, _ = Agreement.objects.update_or_create(
        title="Sample bilateral labour agreement (demo record)",
        defaults={"kind": Agreement.Kind.LABOUR, "is_sample": True},
    )
    agreement.countries.set([countries["PHL"], countries["MYS"]])
    laws = _real_laws(countries)
    return (
        f"Sample permit categories: {count} in {len(COUNTRIES)} countries; "
        f"real migration laws: {laws}"
    )


# Real laws of some demo countries (not samples): the act's official title and year, and the
# official consolidated text where it has a stable address.
REAL_LAWS = [
    (
        "CAN",
        "Immigration and Refugee Protection Act (S.C. 2001, c. 27)",
        2001,
        "https://laws-lois.justice.gc.ca/eng/acts/i-2.5/",
    ),
    (
        "DEU",
        "Residence Act (Aufenthaltsgesetz, AufenthG)",
        2004,
        "https://www.gesetze-im-internet.de/aufenthg_2004/",
    ),
    ("PHL", "Migrant Workers and Overseas Filipinos Act of 1995 (Republic Act No. 8042)", 1995, ""),
    ("MEX", "Ley de Migración", 2011, ""),
]


def _real_laws(countries: dict[str, Country]) -> int:
    for iso3, title, year, url in REAL_LAWS:
        Law.objects.update_or_create(
            country=countries[iso3],
            title=title,
            defaults={"year": year, "url": url, "source": Law.Source.OTHER, "is_sample": False},
        )
    return len(REAL_LAWS)
