"""Notifications now belong to the core (imdi_portal/0024): forget the model here, keep the
table `projects_notification` and its rows."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('imdi_portal', '0024_notification_moved_to_core'),
        ('projects', '0004_notification_without_proposal'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Notification',
                ),
            ],
            database_operations=[],
        ),
    ]
