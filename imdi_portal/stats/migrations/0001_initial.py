"""The statistical store (indicators, areas, observations, revisions, staging, projections,
import jobs) moves from the core app (imdi_portal) to this one without moving data: the
tables keep their names, only Django's state and the content types change."""

import django.db.models.deletion
import imdi_portal.stats.models.imports
from django.conf import settings
from django.db import migrations, models

from imdi_portal.core.model_moves import content_types_moved


MODELS = [
    "importjob",
    "indicator",
    "observation",
    "observationrevision",
    "observationstaging",
    "projection",
    "statisticalarea",
]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('imdi_portal', '0021_statistical_store_leaves_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Indicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=60, unique=True, verbose_name='code')),
                        ('name_en', models.CharField(max_length=255, verbose_name='name (English)')),
                        ('name_fr', models.CharField(blank=True, max_length=255, verbose_name='name (French)')),
                        ('name_es', models.CharField(blank=True, max_length=255, verbose_name='name (Spanish)')),
                        ('unit', models.CharField(blank=True, max_length=60, verbose_name='unit')),
                        ('source', models.CharField(max_length=255, verbose_name='source')),
                        ('licence', models.CharField(blank=True, max_length=60, verbose_name='licence')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('is_derived', models.BooleanField(default=False, verbose_name='derived')),
                    ],
                    options={
                        'verbose_name': 'indicator',
                        'verbose_name_plural': 'indicators',
                        'db_table': 'imdi_portal_indicator',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='ObservationStaging',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('job_id', models.BigIntegerField(db_index=True)),
                        ('line', models.IntegerField()),
                        ('indicator_code', models.CharField(max_length=60)),
                        ('area_code', models.CharField(max_length=8)),
                        ('country_id', models.BigIntegerField(null=True)),
                        ('area_id', models.BigIntegerField(null=True)),
                        ('counterpart_code', models.CharField(blank=True, max_length=8)),
                        ('counterpart_id', models.BigIntegerField(null=True)),
                        ('period', models.CharField(max_length=7)),
                        ('year', models.SmallIntegerField()),
                        ('sex', models.CharField(max_length=1)),
                        ('age', models.CharField(blank=True, max_length=32)),
                        ('classification', models.CharField(blank=True, max_length=64)),
                        ('value', models.FloatField()),
                        ('status', models.CharField(blank=True, max_length=1)),
                    ],
                    options={
                        'db_table': 'imdi_portal_observationstaging',
                    },
                ),
                migrations.CreateModel(
                    name='StatisticalArea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=8, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('kind', models.CharField(choices=[('aggregate', 'Aggregate'), ('economy', 'Economy outside ISO 3166-1')], max_length=10, verbose_name='kind')),
                        ('source', models.CharField(max_length=60, verbose_name='source')),
                    ],
                    options={
                        'verbose_name': 'statistical area',
                        'verbose_name_plural': 'statistical areas',
                        'db_table': 'imdi_portal_statisticalarea',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=40, verbose_name='source')),
                        ('file', models.FileField(blank=True, upload_to=imdi_portal.stats.models.imports._upload_to, verbose_name='file')),
                        ('file_path', models.CharField(blank=True, max_length=500, verbose_name='file path')),
                        ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('size', models.BigIntegerField(default=0, verbose_name='size in bytes')),
                        ('sha256', models.CharField(db_index=True, max_length=64)),
                        ('options', models.JSONField(blank=True, default=dict)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                        ('rows_total', models.IntegerField(default=0, verbose_name='rows in file')),
                        ('rows_processed', models.IntegerField(default=0, verbose_name='rows read')),
                        ('created', models.IntegerField(default=0, verbose_name='created')),
                        ('updated', models.IntegerField(default=0, verbose_name='updated')),
                        ('unchanged', models.IntegerField(default=0, verbose_name='unchanged')),
                        ('rejected', models.IntegerField(default=0, verbose_name='rejected')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('errors', models.JSONField(blank=True, default=list, verbose_name='first errors')),
                        ('error_report', models.FileField(blank=True, upload_to='imports/errors/', verbose_name='error report (CSV)')),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'import job',
                        'verbose_name_plural': 'import jobs',
                        'db_table': 'imdi_portal_importjob',
                        'ordering': ['-created_at'],
                        'permissions': [('run_import', 'Can upload files for import')],
                    },
                ),
                migrations.CreateModel(
                    name='Observation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('area_code', models.CharField(max_length=8, verbose_name='area code')),
                        ('counterpart_code', models.CharField(blank=True, max_length=8, verbose_name='counterpart code')),
                        ('period', models.CharField(max_length=7, verbose_name='period')),
                        ('year', models.SmallIntegerField(verbose_name='year')),
                        ('sex', models.CharField(choices=[('T', 'Total'), ('F', 'Female'), ('M', 'Male'), ('O', 'Other')], default='T', max_length=1, verbose_name='sex')),
                        ('age', models.CharField(blank=True, max_length=32, verbose_name='age group')),
                        ('classification', models.CharField(blank=True, help_text='ILOSTAT breakdown codes, e.g. ECO_ISIC4_A (ISIC Rev.4), OCU_ISCO08_2.', max_length=64, verbose_name='classification')),
                        ('value', models.FloatField(verbose_name='value')),
                        ('status', models.CharField(blank=True, choices=[('', 'Normal value'), ('E', 'Estimate'), ('P', 'Provisional'), ('B', 'Break in series'), ('F', 'Forecast / projection'), ('U', 'Unreliable')], max_length=1, verbose_name='status')),
                        ('source', models.CharField(max_length=60, verbose_name='source')),
                        ('vintage', models.CharField(blank=True, max_length=40, verbose_name='vintage')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('counterpart', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='imdi_portal.country')),
                        ('country', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='imdi_portal.country')),
                        ('import_job', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='stats.importjob')),
                        ('indicator', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='stats.indicator')),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='stats.statisticalarea')),
                    ],
                    options={
                        'verbose_name': 'observation',
                        'verbose_name_plural': 'observations',
                        'db_table': 'imdi_portal_observation',
                    },
                ),
                migrations.CreateModel(
                    name='ObservationRevision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.FloatField()),
                        ('status', models.CharField(blank=True, max_length=1)),
                        ('vintage', models.CharField(blank=True, max_length=40)),
                        ('replaced_at', models.DateTimeField()),
                        ('observation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='stats.observation')),
                        ('replaced_by_job', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='stats.importjob')),
                    ],
                    options={
                        'db_table': 'imdi_portal_observationrevision',
                        'ordering': ['-replaced_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Projection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('area_code', models.CharField(max_length=8, verbose_name='area code')),
                        ('counterpart_code', models.CharField(blank=True, max_length=8, verbose_name='counterpart code')),
                        ('sex', models.CharField(choices=[('T', 'Total'), ('F', 'Female'), ('M', 'Male'), ('O', 'Other')], default='T', max_length=1, verbose_name='sex')),
                        ('age', models.CharField(blank=True, max_length=32, verbose_name='age group')),
                        ('classification', models.CharField(blank=True, max_length=64, verbose_name='classification')),
                        ('year', models.SmallIntegerField(verbose_name='year')),
                        ('value', models.FloatField(verbose_name='projected value')),
                        ('lower', models.FloatField(verbose_name='lower bound (95 %)')),
                        ('upper', models.FloatField(verbose_name='upper bound (95 %)')),
                        ('method', models.CharField(max_length=120, verbose_name='method')),
                        ('base_first_year', models.SmallIntegerField(verbose_name='first observed year used')),
                        ('base_last_year', models.SmallIntegerField(verbose_name='last observed year used')),
                        ('base_points', models.SmallIntegerField(verbose_name='observed years used')),
                        ('computed_at', models.DateTimeField(verbose_name='computed at')),
                        ('country', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='imdi_portal.country')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='stats.indicator')),
                    ],
                    options={
                        'verbose_name': 'projection',
                        'verbose_name_plural': 'projections',
                        'db_table': 'imdi_portal_projection',
                        'indexes': [models.Index(fields=['country', 'indicator'], name='proj_country_ind')],
                        'constraints': [models.UniqueConstraint(fields=('indicator', 'area_code', 'counterpart_code', 'sex', 'age', 'classification', 'year'), name='projection_series_year')],
                    },
                ),
                migrations.AddIndex(
                    model_name='observation',
                    index=models.Index(fields=['country', 'indicator', 'year'], name='obs_country_ind_year'),
                ),
                migrations.AddIndex(
                    model_name='observation',
                    index=models.Index(condition=models.Q(('counterpart__isnull', False)), fields=['counterpart', 'indicator'], name='obs_counterpart_ind'),
                ),
                migrations.AddConstraint(
                    model_name='observation',
                    constraint=models.UniqueConstraint(fields=('indicator', 'area_code', 'counterpart_code', 'period', 'sex', 'age', 'classification'), name='observation_natural_key'),
                ),
            ],
            database_operations=[],
        ),
        content_types_moved(MODELS, "imdi_portal", "stats"),
]
