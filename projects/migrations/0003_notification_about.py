"""Notifications become generic before they move to the core (imdi_portal/0024): what a
notice is about is a content type and an id instead of a foreign key to a proposal. This
migration adds the two columns and fills them from `proposal_id`; 0004 drops `proposal_id`
(in its own transaction: PostgreSQL refuses to alter a table with pending trigger events)."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Notification = apps.get_model("projects", "Notification")
    about = Notification.objects.filter(proposal__isnull=False)
    if not about.exists():
        return
    proposal_type, _ = ContentType.objects.get_or_create(app_label="projects", model="proposal")
    about.update(subject_type=proposal_type, subject_id=models.F("proposal_id"))


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Notification = apps.get_model("projects", "Notification")
    proposal_type = ContentType.objects.filter(app_label="projects", model="proposal").first()
    if proposal_type is not None:
        Notification.objects.filter(subject_type=proposal_type).update(
            proposal_id=models.F("subject_id")
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('projects', '0002_content_translations'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='subject_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='notification',
            name='subject_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
