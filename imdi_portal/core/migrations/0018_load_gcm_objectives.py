from django.db import migrations


def load(apps, schema_editor):
    from imdi_portal.gateway.gcm import load_objectives

    load_objectives(apps.get_model("imdi_portal", "GCMObjective"))


class Migration(migrations.Migration):
    dependencies = [("imdi_portal", "0017_good_practices")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
