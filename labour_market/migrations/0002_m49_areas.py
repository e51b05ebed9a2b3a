"""UN M49 aggregates and non-ISO areas of the UN DESA migrant stock workbook."""

from django.db import migrations


def load(apps, schema_editor):
    from labour_market.undesa import DATA_FILE, annex_codes, table_rows

    Country = apps.get_model("imdi_portal", "Country")
    StatisticalArea = apps.get_model("imdi_portal", "StatisticalArea")
    iso_m49 = set(Country.objects.values_list("m49", flat=True))
    in_annex = set(annex_codes(DATA_FILE, DATA_FILE.name).values())
    _year, _vintage, _origins, rows = table_rows(DATA_FILE, DATA_FILE.name)
    for _line, code, name, _values in rows:
        if code.zfill(3) in iso_m49:
            continue
        StatisticalArea.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "economy" if code in in_annex else "aggregate",
                "source": "UN DESA (M49)",
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("labour_market", "0001_initial"),
        ("imdi_portal", "0009_wider_area_and_vintage_codes"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
