"""The label history takes the field names of every transition log (imdi_portal.core.models.
TransitionLog): from_status/to_status are renamed (the rows stay), and the action that made
each row is added, read from the states it records."""

from django.db import migrations, models

# (from_state or None for any, to_state) -> action, in the label workflow's names.
LABEL_ACTIONS = [
    ("", "active", "issue"),
    ("suspended", "active", "reinstate"),
    (None, "suspended", "suspend"),
    (None, "withdrawn", "withdraw"),
    (None, "expired", "expire"),
]


def fill_label_actions(apps, schema_editor):
    LabelStatusChange = apps.get_model("certification", "LabelStatusChange")
    for from_state, to_state, action in LABEL_ACTIONS:
        rows = LabelStatusChange.objects.filter(to_state=to_state, action="")
        if from_state is not None:
            rows = rows.filter(from_state=from_state)
        rows.update(action=action)


class Migration(migrations.Migration):

    dependencies = [
        ("certification", "0003_content_translations"),
    ]

    operations = [
        migrations.RenameField(
            model_name="labelstatuschange",
            old_name="from_status",
            new_name="from_state",
        ),
        migrations.RenameField(
            model_name="labelstatuschange",
            old_name="to_status",
            new_name="to_state",
        ),
        migrations.AddField(
            model_name="labelstatuschange",
            name="action",
            field=models.CharField(default="", max_length=30, verbose_name="action"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_label_actions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="labelstatuschange",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="action",
            field=models.CharField(max_length=30, verbose_name="action"),
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
    ]
