"""The statistical store becomes the `stats` app (stats/0001): first its foreign keys leave the
core's state. State only: no table or column changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('imdi_portal', '0020_searchdocument_moved_to_search'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='importjob',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='observationrevision',
                    name='replaced_by_job',
                ),
                migrations.RemoveField(
                    model_name='observation',
                    name='import_job',
                ),
                migrations.RemoveField(
                    model_name='observation',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='projection',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='observation',
                    name='area',
                ),
                migrations.RemoveField(
                    model_name='observation',
                    name='counterpart',
                ),
                migrations.RemoveField(
                    model_name='observation',
                    name='country',
                ),
                migrations.RemoveField(
                    model_name='observationrevision',
                    name='observation',
                ),
                migrations.DeleteModel(
                    name='ObservationStaging',
                ),
                migrations.RemoveField(
                    model_name='projection',
                    name='country',
                ),
            ],
            database_operations=[],
        ),
    ]
