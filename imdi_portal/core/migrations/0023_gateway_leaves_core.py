"""The information gateway and the directory become the `gateway` app (gateway/0001): forget
their models here, keep the tables. State only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('imdi_portal', '0022_statistical_store_moved_to_stats'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='contact',
                    name='consent_recorded_by',
                ),
                migrations.RemoveField(
                    model_name='contact',
                    name='country',
                ),
                migrations.RemoveField(
                    model_name='contact',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='contact',
                    name='topics',
                ),
                migrations.RemoveField(
                    model_name='contact',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='goodpractice',
                    name='objectives',
                ),
                migrations.RemoveField(
                    model_name='goodpractice',
                    name='components',
                ),
                migrations.RemoveField(
                    model_name='goodpractice',
                    name='countries',
                ),
                migrations.RemoveField(
                    model_name='goodpractice',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='goodpractice',
                    name='reviewed_by',
                ),
                migrations.RemoveField(
                    model_name='goodpractice',
                    name='submitted_by',
                ),
                migrations.RemoveField(
                    model_name='goodpractice',
                    name='themes',
                ),
                migrations.RemoveField(
                    model_name='historicalcontact',
                    name='consent_recorded_by',
                ),
                migrations.RemoveField(
                    model_name='historicalcontact',
                    name='country',
                ),
                migrations.RemoveField(
                    model_name='historicalcontact',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalcontact',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='historicalcontact',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Activity',
                ),
                migrations.DeleteModel(
                    name='Contact',
                ),
                migrations.DeleteModel(
                    name='GCMObjective',
                ),
                migrations.DeleteModel(
                    name='GoodPractice',
                ),
                migrations.DeleteModel(
                    name='HistoricalContact',
                ),
            ],
            database_operations=[],
        ),
    ]
