"""Activities, good practices, GCM objectives and the directory (with its history) move from
the core app (imdi_portal) to this one without moving data: the tables keep their names, only
Django's state and the content types change."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from imdi_portal.core.model_moves import content_types_moved


MODELS = ["activity", "contact", "gcmobjective", "goodpractice", "historicalcontact"]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('imdi_portal', '0023_gateway_leaves_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GCMObjective',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                        ('title', models.CharField(max_length=250, verbose_name='title (English)')),
                    ],
                    options={
                        'verbose_name': 'Global Compact objective',
                        'verbose_name_plural': 'Global Compact objectives',
                        'db_table': 'imdi_portal_gcmobjective',
                        'ordering': ['number'],
                    },
                ),
                migrations.CreateModel(
                    name='Contact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('focal_point', 'National focal point'), ('ministry', 'Ministry contact point'), ('organisation', 'Organisation contact point')], max_length=12, verbose_name='kind of contact')),
                        ('function_en', models.CharField(max_length=200, verbose_name='function (English)')),
                        ('function_fr', models.CharField(blank=True, max_length=200, verbose_name='function (French)')),
                        ('function_es', models.CharField(blank=True, max_length=200, verbose_name='function (Spanish)')),
                        ('office', models.CharField(blank=True, max_length=200, verbose_name='office or unit')),
                        ('office_email', models.EmailField(blank=True, max_length=254, verbose_name='official e-mail')),
                        ('office_phone', models.CharField(blank=True, max_length=40, verbose_name='official telephone')),
                        ('office_address', models.TextField(blank=True, verbose_name='official address')),
                        ('website', models.URLField(blank=True, verbose_name='official website')),
                        ('person_name', models.CharField(blank=True, max_length=200, verbose_name='name of the person')),
                        ('person_email', models.EmailField(blank=True, max_length=254, verbose_name='direct e-mail')),
                        ('person_phone', models.CharField(blank=True, max_length=40, verbose_name='direct telephone')),
                        ('consent_given_at', models.DateTimeField(null=True, verbose_name='consent to publication given')),
                        ('consent_method', models.CharField(blank=True, choices=[('portal', 'Given by the person on the portal'), ('writing', 'Received in writing (letter or e-mail)')], max_length=10, verbose_name='how consent was given')),
                        ('consent_withdrawn_at', models.DateTimeField(null=True, verbose_name='consent withdrawn')),
                        ('is_active', models.BooleanField(default=True, help_text="Untick when the post no longer exists; the entry's history is kept.", verbose_name='listed in the directory')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='sample record')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('consent_recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('country', models.ForeignKey(blank=True, help_text='The country the contact point serves (blank for a global contact).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='contacts', to='imdi_portal.country', verbose_name='country')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contacts', to='imdi_portal.organisation', verbose_name='ministry or organisation')),
                        ('topics', models.ManyToManyField(blank=True, related_name='contacts', to='imdi_portal.theme', verbose_name='topics')),
                        ('user', models.ForeignKey(blank=True, help_text='Lets the person give or withdraw consent on the portal themselves.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='contacts', to=settings.AUTH_USER_MODEL, verbose_name='portal account of the person')),
                    ],
                    options={
                        'verbose_name': 'directory entry',
                        'verbose_name_plural': 'directory entries',
                        'db_table': 'imdi_portal_contact',
                        'ordering': ['kind', 'organisation__name', 'function_en'],
                    },
                ),
                migrations.CreateModel(
                    name='GoodPractice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=90, unique=True)),
                        ('title_en', models.CharField(max_length=200, verbose_name='title (English)')),
                        ('title_fr', models.CharField(blank=True, max_length=200, verbose_name='title (French)')),
                        ('title_es', models.CharField(blank=True, max_length=200, verbose_name='title (Spanish)')),
                        ('summary_en', models.TextField(verbose_name='summary (English)')),
                        ('summary_fr', models.TextField(blank=True, verbose_name='summary (French)')),
                        ('summary_es', models.TextField(blank=True, verbose_name='summary (Spanish)')),
                        ('state', models.CharField(choices=[('submitted', 'Awaiting moderation'), ('published', 'Published'), ('rejected', 'Not published')], db_index=True, default='submitted', max_length=10, verbose_name='state')),
                        ('submitted_at', models.DateTimeField(auto_now_add=True)),
                        ('review_note', models.TextField(blank=True, verbose_name='note of the Secretariat')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='sample record')),
                        ('what_was_done', models.TextField(verbose_name='what was done')),
                        ('results', models.TextField(verbose_name='results and evidence')),
                        ('lessons', models.TextField(verbose_name='lessons learned')),
                        ('document_url', models.URLField(blank=True, verbose_name='link to a document')),
                        ('components', models.ManyToManyField(related_name='+', to='imdi_portal.component', verbose_name='IMDI components')),
                        ('countries', models.ManyToManyField(blank=True, related_name='+', to='imdi_portal.country', verbose_name='countries')),
                        ('objectives', models.ManyToManyField(blank=True, related_name='practices', to='gateway.gcmobjective', verbose_name='Global Compact objectives')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='imdi_portal.organisation', verbose_name='organisation')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('themes', models.ManyToManyField(blank=True, related_name='+', to='imdi_portal.theme', verbose_name='themes')),
                    ],
                    options={
                        'verbose_name': 'good practice',
                        'verbose_name_plural': 'good practices',
                        'db_table': 'imdi_portal_goodpractice',
                        'ordering': ['-published_at', '-submitted_at'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalContact',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('focal_point', 'National focal point'), ('ministry', 'Ministry contact point'), ('organisation', 'Organisation contact point')], max_length=12, verbose_name='kind of contact')),
                        ('function_en', models.CharField(max_length=200, verbose_name='function (English)')),
                        ('function_fr', models.CharField(blank=True, max_length=200, verbose_name='function (French)')),
                        ('function_es', models.CharField(blank=True, max_length=200, verbose_name='function (Spanish)')),
                        ('office', models.CharField(blank=True, max_length=200, verbose_name='office or unit')),
                        ('office_email', models.EmailField(blank=True, max_length=254, verbose_name='official e-mail')),
                        ('office_phone', models.CharField(blank=True, max_length=40, verbose_name='official telephone')),
                        ('office_address', models.TextField(blank=True, verbose_name='official address')),
                        ('website', models.URLField(blank=True, verbose_name='official website')),
                        ('person_name', models.CharField(blank=True, max_length=200, verbose_name='name of the person')),
                        ('person_email', models.EmailField(blank=True, max_length=254, verbose_name='direct e-mail')),
                        ('person_phone', models.CharField(blank=True, max_length=40, verbose_name='direct telephone')),
                        ('consent_given_at', models.DateTimeField(null=True, verbose_name='consent to publication given')),
                        ('consent_method', models.CharField(blank=True, choices=[('portal', 'Given by the person on the portal'), ('writing', 'Received in writing (letter or e-mail)')], max_length=10, verbose_name='how consent was given')),
                        ('consent_withdrawn_at', models.DateTimeField(null=True, verbose_name='consent withdrawn')),
                        ('is_active', models.BooleanField(default=True, help_text="Untick when the post no longer exists; the entry's history is kept.", verbose_name='listed in the directory')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='sample record')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('consent_recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('country', models.ForeignKey(blank=True, db_constraint=False, help_text='The country the contact point serves (blank for a global contact).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='imdi_portal.country', verbose_name='country')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='imdi_portal.organisation', verbose_name='ministry or organisation')),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, help_text='Lets the person give or withdraw consent on the portal themselves.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='portal account of the person')),
                    ],
                    options={
                        'verbose_name': 'historical directory entry',
                        'verbose_name_plural': 'historical directory entries',
                        'db_table': 'imdi_portal_historicalcontact',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Activity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=90, unique=True)),
                        ('title_en', models.CharField(max_length=200, verbose_name='title (English)')),
                        ('title_fr', models.CharField(blank=True, max_length=200, verbose_name='title (French)')),
                        ('title_es', models.CharField(blank=True, max_length=200, verbose_name='title (Spanish)')),
                        ('summary_en', models.TextField(verbose_name='summary (English)')),
                        ('summary_fr', models.TextField(blank=True, verbose_name='summary (French)')),
                        ('summary_es', models.TextField(blank=True, verbose_name='summary (Spanish)')),
                        ('state', models.CharField(choices=[('submitted', 'Awaiting moderation'), ('published', 'Published'), ('rejected', 'Not published')], db_index=True, default='submitted', max_length=10, verbose_name='state')),
                        ('submitted_at', models.DateTimeField(auto_now_add=True)),
                        ('review_note', models.TextField(blank=True, verbose_name='note of the Secretariat')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='sample record')),
                        ('start_year', models.PositiveSmallIntegerField(verbose_name='start year')),
                        ('end_year', models.PositiveSmallIntegerField(blank=True, help_text='Blank while no end is set.', null=True, verbose_name='end year')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('ongoing', 'Ongoing'), ('completed', 'Completed')], max_length=10, verbose_name='status')),
                        ('url', models.URLField(blank=True, verbose_name='link to the programme')),
                        ('components', models.ManyToManyField(related_name='+', to='imdi_portal.component', verbose_name='IMDI components')),
                        ('countries', models.ManyToManyField(blank=True, related_name='+', to='imdi_portal.country', verbose_name='countries')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='imdi_portal.organisation', verbose_name='organisation')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('themes', models.ManyToManyField(blank=True, related_name='+', to='imdi_portal.theme', verbose_name='themes')),
                    ],
                    options={
                        'verbose_name': 'activity',
                        'verbose_name_plural': 'activities',
                        'db_table': 'imdi_portal_activity',
                        'ordering': ['-published_at', '-submitted_at'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(('end_year__isnull', True), ('end_year__gte', models.F('start_year')), _connector='OR'), name='activity_period_in_order', violation_error_message='The end year comes before the start year.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        content_types_moved(MODELS, "imdi_portal", "gateway"),
]
