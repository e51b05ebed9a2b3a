"""Load every ISO 3166-1 country with its M49 regions and World Bank income group."""

from django.db import migrations


def load(apps, schema_editor):
    from imdi_portal.core.reference_data import load_countries

    load_countries(apps.get_model("imdi_portal", "Region"), apps.get_model("imdi_portal", "Country"))


class Migration(migrations.Migration):
    dependencies = [("imdi_portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
