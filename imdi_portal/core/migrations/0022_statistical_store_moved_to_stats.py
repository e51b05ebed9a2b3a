"""The statistical store now belongs to the `stats` app: forget its models here, keep the tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('imdi_portal', '0021_statistical_store_leaves_core'),
        ('remittances', '0002_import_job_in_stats'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='ImportJob',
                ),
                migrations.DeleteModel(
                    name='Indicator',
                ),
                migrations.DeleteModel(
                    name='StatisticalArea',
                ),
                migrations.DeleteModel(
                    name='Observation',
                ),
                migrations.DeleteModel(
                    name='ObservationRevision',
                ),
                migrations.DeleteModel(
                    name='Projection',
                ),
            ],
            database_operations=[],
        ),
    ]
