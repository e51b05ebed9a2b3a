"""The notices' `proposal_id` is now `subject_type` + `subject_id` (0003): drop it, and index
what replaces it. Runs before the model moves to the core (imdi_portal/0024), which states
the model as it is after this one; the core's migration names no domain app."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0003_notification_about'),
    ]

    run_before = [
        ('imdi_portal', '0024_notification_moved_to_core'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='notification',
            name='proposal',
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['subject_type', 'subject_id'], name='projects_no_subject_e912ea_idx'),
        ),
    ]
