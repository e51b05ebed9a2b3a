"""Notifications move from the projects app to the core without moving data: the table keeps
its name (`projects_notification`), only Django's state and the content type change. What a
notice is about is generic (`subject_type` + `subject_id`), made so on the projects side
before this runs (projects/0004 runs before it), so this migration names no domain app."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from imdi_portal.core.model_moves import content_types_moved


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('imdi_portal', '0023_gateway_leaves_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject_id', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('url', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('emailed_at', models.DateTimeField(blank=True, null=True)),
                        ('subject_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'projects_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='projects_no_user_id_8728e6_idx'), models.Index(fields=['subject_type', 'subject_id'], name='projects_no_subject_e912ea_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        content_types_moved(["notification"], "projects", "imdi_portal"),
    ]
