"""The ten members of the Global Migration Group named in IMDI's concept paper."""

from django.db import migrations

# (acronym, name, website, headquarters ISO3)
GMG_MEMBERS = [
    ("ILO", "International Labour Organization", "https://www.ilo.org/", "CHE"),
    ("IOM", "International Organization for Migration", "https://www.iom.int/", "CHE"),
    ("UNCTAD", "United Nations Conference on Trade and Development", "https://unctad.org/", "CHE"),
    ("UN DESA", "United Nations Department of Economic and Social Affairs", "https://www.un.org/en/desa", "USA"),
    ("UNDP", "United Nations Development Programme", "https://www.undp.org/", "USA"),
    ("UNFPA", "United Nations Population Fund", "https://www.unfpa.org/", "USA"),
    ("UNHCR", "Office of the United Nations High Commissioner for Refugees", "https://www.unhcr.org/", "CHE"),
    ("OHCHR", "Office of the United Nations High Commissioner for Human Rights", "https://www.ohchr.org/", "CHE"),
    ("UNODC", "United Nations Office on Drugs and Crime", "https://www.unodc.org/", "AUT"),
    ("World Bank", "World Bank", "https://www.worldbank.org/", "USA"),
]


def load(apps, schema_editor):
    from django.utils.text import slugify

    Organisation = apps.get_model("imdi_portal", "Organisation")
    Country = apps.get_model("imdi_portal", "Country")
    for acronym, name, website, iso3 in GMG_MEMBERS:
        Organisation.objects.update_or_create(
            slug=slugify(acronym),
            defaults={
                "name": name,
                "acronym": acronym,
                "kind": "international",
                "website": website,
                "country": Country.objects.get(iso3=iso3),
                "is_gmg_member": True,
            },
        )


def unload(apps, schema_editor):
    Organisation = apps.get_model("imdi_portal", "Organisation")
    Organisation.objects.filter(is_gmg_member=True).delete()


class Migration(migrations.Migration):
    dependencies = [("imdi_portal", "0002_load_countries")]

    operations = [migrations.RunPython(load, unload)]
