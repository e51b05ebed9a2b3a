"""World Bank aggregates and non-ISO economies; UNLOGGED staging on PostgreSQL; schedules."""

from django.db import migrations

RECOMPUTE = "imdi_portal.recompute_indicators"
STALE = "imdi_portal.fail_stale_imports"


def load_areas(apps, schema_editor):
    from imdi_portal.core.reference_data import load_statistical_areas

    load_statistical_areas(apps.get_model("imdi_portal", "StatisticalArea"))


def unlogged_staging(apps, schema_editor):
    # Staging rows are thrown away after each job: no need to write them to the WAL.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE imdi_portal_observationstaging SET UNLOGGED")


def schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="4", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name="Recompute derived indicators (nightly)",
        defaults={"task": RECOMPUTE, "crontab": nightly, "queue": "indicators"},
    )
    every_5_min, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.update_or_create(
        name="Fail imports whose worker died (every 5 minutes)",
        defaults={"task": STALE, "interval": every_5_min, "queue": "imports"},
    )


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[RECOMPUTE, STALE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("imdi_portal", "0007_statistical_store"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(load_areas, migrations.RunPython.noop),
        migrations.RunPython(unlogged_staging, migrations.RunPython.noop),
        migrations.RunPython(schedules, unschedule),
    ]
