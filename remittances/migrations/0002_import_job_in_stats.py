"""RemittanceService.import_job points at ImportJob in its new app; the table and column stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('remittances', '0001_initial'),
        ('stats', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='remittanceservice',
                    name='import_job',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='stats.importjob'),
                ),
            ],
            database_operations=[],
        ),
    ]
