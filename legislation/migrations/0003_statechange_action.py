"""The editorial log gets the action of every transition log (imdi_portal.core.models.
TransitionLog), read from the states (and, for new drafts, the reason) each row records."""

from django.db import migrations, models

MOVES = {"submitted": "submit", "published": "publish", "returned": "return"}
# A row from nothing to a draft is a new category, unless its reason says otherwise (the
# services wrote these two reasons word for word).
NEW_DRAFTS = [("revision of published category", "revise"), ("imported from ", "import")]


def fill_actions(apps, schema_editor):
    StateChange = apps.get_model("legislation", "StateChange")
    for to_state, action in MOVES.items():
        StateChange.objects.filter(to_state=to_state, action="").update(action=action)
    drafts = StateChange.objects.filter(from_state="", to_state="draft", action="")
    for prefix, action in NEW_DRAFTS:
        drafts.filter(reason__startswith=prefix).update(action=action)
    drafts.update(action="create")


class Migration(migrations.Migration):

    dependencies = [
        ("legislation", "0002_country_regime"),
    ]

    operations = [
        migrations.AddField(
            model_name="statechange",
            name="action",
            field=models.CharField(default="", max_length=30, verbose_name="action"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_actions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="statechange",
            name="reason",
            field=models.TextField(blank=True, verbose_name="reason"),
        ),
    ]
