"""UN M49 aggregates and non-ISO areas of the UN DESA migrant stock workbook."""

from django.db import migrations


def load(apps, schema_editor):
    from labour_market.undesa import load_m49_areas

    load_m49_areas(
        apps.get_model("imdi_portal", "Country"), apps.get_model("imdi_portal", "StatisticalArea")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("labour_market", "0001_initial"),
        ("imdi_portal", "0009_wider_area_and_vintage_codes"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
