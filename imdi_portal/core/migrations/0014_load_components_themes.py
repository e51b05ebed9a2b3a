from django.db import migrations


def load(apps, schema_editor):
    from imdi_portal.core.components import load_components

    load_components(apps.get_model("imdi_portal", "Component"), apps.get_model("imdi_portal", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("imdi_portal", "0013_components_themes_organisation_approval")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
