"""Indexes of the matching (bench/mobility_bench.py, 100,000 profiles): the active consents
of a destination read from the index alone, the profiles' occupations by occupation, and the
languages of a profile with their level. Plain SQL that PostgreSQL and SQLite both read; not
declared on the models (the migration state is unchanged), so that the model classes stay
as phase 1 left them: the lead may move them to Meta.indexes."""

from django.db import migrations

INDEXES = [
    (
        "mobility_consent_active_by_country",
        "mobility_consent (country_id, audience, profile_id) WHERE withdrawn_at IS NULL",
    ),
    (
        "mobility_profileocc_by_occupation",
        "mobility_profileoccupation (occupation_id, profile_id, years_experience)",
    ),
    ("mobility_languageskill_levels", "mobility_languageskill (profile_id, language, level)"),
]


class Migration(migrations.Migration):
    dependencies = [("mobility", "0002_retention")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES
    ]
