"""Sample recruitment agencies, licences, one blacklist entry and vacancies for the demo.

Every record is invented, says "Sample" in its name and carries is_sample=True, so pages
label it "Sample data". There are no sample worker profiles: the public demo holds no
personal data. `load()` is idempotent. It is not yet called by `load_demo`: the project wiring
(`imdi_portal.demo._app_demo_data`) is to add it when the app is merged.
"""

import datetime

from django.db import transaction

from imdi_portal.core.models import Country, Organisation
from labour_market.models import Occupation
from mobility.models import BlacklistEntry, Licence, RecruitmentAgency, Vacancy, VacancyLanguage

AUTHORITY = "Sample licensing authority (demo)"

# slug, name, country of licence, organisation slug (or None), licence status
SAMPLE_AGENCIES = [
    (
        "sample-fair-recruitment-agency",
        "Sample Fair Recruitment Agency (demo)",
        "MYS",
        "sample-recruitment-agency",
        Licence.Status.VALID,
    ),
    (
        "sample-manila-placements",
        "Sample Manila Placements (demo)",
        "PHL",
        None,
        Licence.Status.VALID,
    ),
    ("sample-dakar-talent", "Sample Dakar Talent (demo)", "SEN", None, Licence.Status.SUSPENDED),
    ("sample-quick-visas", "Sample Quick Visas (demo)", "PHL", None, Licence.Status.REVOKED),
]

# agency slug, title, destination, ISCO-08 unit group, posts, months, salary, currency,
# minimum education (ISCED), minimum years, languages
SAMPLE_VACANCIES = [
    (
        "sample-fair-recruitment-agency",
        "Sample: nurses for a hospital (demo)",
        "MYS",
        "2221",
        10,
        24,
        (6000, 8000),
        "MYR",
        6,
        2,
        [("en", 4)],
    ),
    (
        "sample-fair-recruitment-agency",
        "Sample: welders (demo)",
        "MYS",
        "7212",
        6,
        18,
        (3000, 4200),
        "MYR",
        3,
        3,
        [("en", 2)],
    ),
    (
        "sample-manila-placements",
        "Sample: nursing associates (demo)",
        "DEU",
        "3221",
        4,
        36,
        (2800, 3400),
        "EUR",
        5,
        1,
        [("de", 3)],
    ),
    (
        "sample-manila-placements",
        "Sample: software developers (demo)",
        "CAN",
        "2512",
        3,
        24,
        (5500, 7500),
        "CAD",
        6,
        3,
        [("en", 5)],
    ),
]


def _agencies() -> dict[str, RecruitmentAgency]:
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=["MYS", "PHL", "SEN"])}
    agencies = {}
    for slug, name, iso3, org_slug, status in SAMPLE_AGENCIES:
        organisation = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
        agency, _created = RecruitmentAgency.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "country": countries[iso3],
                "organisation": organisation,
                "is_sample": True,
            },
        )
        Licence.objects.update_or_create(
            agency=agency,
            number=f"SAMPLE-{iso3}-{len(agencies) + 1:03d}",
            defaults={
                "issuing_authority": AUTHORITY,
                "status": status,
                "valid_from": datetime.date(2025, 1, 1),
                "valid_to": datetime.date(2028, 12, 31),
            },
        )
        agencies[slug] = agency
    BlacklistEntry.objects.update_or_create(
        agency=agencies["sample-quick-visas"],
        decision_reference="SAMPLE-DECISION-2026-001",
        defaults={
            "decided_on": datetime.date(2026, 3, 1),
            "reason": "Sample record (demo): charged workers placement fees.",
        },
    )
    return agencies


def load() -> str:
    occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
    if not occupations:
        return "Sample vacancies skipped: import ISCO-08 first"
    with transaction.atomic():
        agencies = _agencies()
        countries = {c.iso3: c for c in Country.objects.filter(iso3__in=["MYS", "DEU", "CAN"])}
        for row in SAMPLE_VACANCIES:
            slug, title, iso3, code, posts, months, (low, high), currency, edu, years, langs = row
            vacancy, _created = Vacancy.objects.update_or_create(
                agency=agencies[slug],
                title=title,
                defaults={
                    "destination": countries[iso3],
                    "occupation": occupations[code],
                    "posts": posts,
                    "contract_months": months,
                    "salary_min": low,
                    "salary_max": high,
                    "currency": currency,
                    "min_education": edu,
                    "min_experience_years": years,
                    "is_sample": True,
                    "description": "Demonstration vacancy: not a real offer.",
                },
            )
            for language, level in langs:
                VacancyLanguage.objects.update_or_create(
                    vacancy=vacancy, language=language, defaults={"min_level": level}
                )
    return (
        f"Sample mobility records: {len(SAMPLE_AGENCIES)} agencies, "
        f"{len(SAMPLE_VACANCIES)} vacancies"
    )
