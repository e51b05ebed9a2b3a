from django.db import migrations


def load(apps, schema_editor):
    from imdi_portal.components import COMPONENTS, THEMES

    Component = apps.get_model("imdi_portal", "Component")
    Theme = apps.get_model("imdi_portal", "Theme")
    for code, name in COMPONENTS:
        Component.objects.update_or_create(code=code, defaults={"name": name})
    for slug, name in THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("imdi_portal", "0013_components_themes_organisation_approval")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
