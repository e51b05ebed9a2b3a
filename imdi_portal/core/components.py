"""IMDI's three components and the reference list of themes, as loaded by migration 0014.

Components are those of IMDI's concept paper (../shared/seeds/002); the themes are the
programme areas its annex lists under each component. Names are English and translated in
the message catalogues (gettext_noop marks them for makemessages).
"""

from django.utils.translation import gettext_noop

COMPONENTS = [
    ("I", gettext_noop("Facilitate the matching of labour demand and supply")),
    ("II", gettext_noop("Enhance the positive impact of migration on development")),
    ("III", gettext_noop("Ensure safer, more humane and orderly labour movements")),
]

THEMES = [
    ("labour-market-analysis", gettext_noop("Labour market analysis and shortage lists")),
    ("migration-data", gettext_noop("Migration and labour market data")),
    ("job-matching", gettext_noop("Bilateral job matching")),
    ("pre-departure", gettext_noop("Preparation of workers before departure")),
    ("transparent-procedures", gettext_noop("Transparent migration procedures")),
    ("remittances", gettext_noop("Remittances")),
    ("entrepreneurship", gettext_noop("Knowledge transfer and entrepreneurship")),
    ("return-reintegration", gettext_noop("Return and reintegration")),
    ("sensitive-sectors", gettext_noop("Mobility in sensitive sectors (health, education)")),
    ("diaspora", gettext_noop("Diaspora engagement")),
    ("policy-capacity", gettext_noop("Labour migration policy and capacity building")),
    ("recognition-qualifications", gettext_noop("Recognition of qualifications")),
    ("social-security", gettext_noop("Social security and portability of benefits")),
    ("migrant-rights", gettext_noop("Protection of migrant workers' rights")),
    ("ethical-recruitment", gettext_noop("Ethical recruitment")),
]


def load_components(component_model, theme_model) -> None:
    """Create or update the components and themes (used by migration 0014 and the tests)."""
    for code, name in COMPONENTS:
        component_model.objects.update_or_create(code=code, defaults={"name": name})
    for slug, name in THEMES:
        theme_model.objects.update_or_create(slug=slug, defaults={"name": name})
