"""The ten members of the Global Migration Group named in IMDI's concept paper."""

from django.db import migrations

def load(apps, schema_editor):
    from imdi_portal.core.reference_data import load_gmg_members

    load_gmg_members(apps.get_model("imdi_portal", "Organisation"), apps.get_model("imdi_portal", "Country"))


def unload(apps, schema_editor):
    Organisation = apps.get_model("imdi_portal", "Organisation")
    Organisation.objects.filter(is_gmg_member=True).delete()


class Migration(migrations.Migration):
    dependencies = [("imdi_portal", "0002_load_countries")]

    operations = [migrations.RunPython(load, unload)]
