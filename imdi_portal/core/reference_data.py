"""Load countries and M49 regions from the real reference files shipped in imdi_portal/core/data/.

Sources (see imdi_portal/core/data/SOURCES.md): ISO 3166-1 codes with UN M49 regions compiled by
lukes/ISO-3166-Countries-with-Regional-Codes (CC BY-SA 4.0); French and Spanish names from
the Debian iso-codes translations shipped by pycountry; World Bank income groups and regions
from the WDI country metadata file (CC BY 4.0). Called by a data migration with historical
models, so it must only use the model classes it is given.
"""

import csv
import gettext
from pathlib import Path
from typing import Any

import pycountry
from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data" / "countries"
ISO_FILE = DATA_DIR / "iso3166_m49.csv"
WDI_METADATA_FILE = DATA_DIR / "wdi_country_metadata.csv"

WDI_INCOME_GROUPS = {
    "High income": "HIC",
    "Upper middle income": "UMC",
    "Lower middle income": "LMC",
    "Low income": "LIC",
}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def wdi_classification() -> dict[str, tuple[str, str]]:
    """ISO3 -> (income group code, World Bank region); aggregates have no region and are skipped."""
    result = {}
    for row in _read_csv(WDI_METADATA_FILE):
        if row["Region"]:
            result[row["Country Code"]] = (
                WDI_INCOME_GROUPS.get(row["IncomeGroup"], ""),
                row["Region"],
            )
    return result


def _translations() -> dict[str, gettext.NullTranslations]:
    return {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in ("fr", "es")
    }


def load_countries(region_model: Any, country_model: Any) -> int:
    """Create or update every region and country; returns the number of countries."""
    rows = _read_csv(ISO_FILE)
    translations = _translations()
    wdi = wdi_classification()

    def region(code: str, name: str, level: str, parent: Any = None) -> Any:
        if not code:
            return None
        obj, _ = region_model.objects.update_or_create(
            code=code,
            defaults={"name": name, "slug": slugify(name), "level": level, "parent": parent},
        )
        return obj

    count = 0
    for row in rows:
        top = region(row["region-code"], row["region"], "region")
        sub = region(row["sub-region-code"], row["sub-region"], "sub_region", top)
        inter = region(
            row["intermediate-region-code"], row["intermediate-region"], "intermediate", sub
        )
        iso3 = row["alpha-3"]
        entry = pycountry.countries.get(alpha_3=iso3)
        name_en = entry.name if entry else row["name"]
        income, wb_region = wdi.get(iso3, ("", ""))
        country_model.objects.update_or_create(
            iso3=iso3,
            defaults={
                "iso2": row["alpha-2"],
                "m49": row["country-code"],
                "name_en": name_en,
                "name_fr": translations["fr"].gettext(name_en),
                "name_es": translations["es"].gettext(name_en),
                "region": top,
                "sub_region": sub,
                "intermediate_region": inter,
                "income_group": income,
                "wb_region": wb_region,
            },
        )
        count += 1
    return count


def load_statistical_areas(area_model: Any) -> int:
    """Aggregates (no World Bank region) and economies outside ISO 3166-1 from the WDI
    country metadata file; returns how many areas there are."""
    iso3 = {row["alpha-3"] for row in _read_csv(ISO_FILE)}
    # Migrations older than stats 0003 pass a historical model without wb_region.
    has_region = any(f.name == "wb_region" for f in area_model._meta.get_fields())
    count = 0
    for row in _read_csv(WDI_METADATA_FILE):
        code = row["Country Code"]
        if code in iso3:
            continue
        defaults = {
            "name": row["TableName"],
            "kind": "economy" if row["Region"] else "aggregate",
            "source": "World Bank WDI",
        }
        if has_region:
            defaults["wb_region"] = row["Region"]
        area_model.objects.update_or_create(code=code, defaults=defaults)
        count += 1
    return count


# The ten members of the Global Migration Group named in IMDI's concept paper:
# (acronym, name, website, headquarters ISO3).
GMG_MEMBERS = [
    ("ILO", "International Labour Organization", "https://www.ilo.org/", "CHE"),
    ("IOM", "International Organization for Migration", "https://www.iom.int/", "CHE"),
    ("UNCTAD", "United Nations Conference on Trade and Development", "https://unctad.org/", "CHE"),
    (
        "UN DESA",
        "United Nations Department of Economic and Social Affairs",
        "https://www.un.org/en/desa",
        "USA",
    ),
    ("UNDP", "United Nations Development Programme", "https://www.undp.org/", "USA"),
    ("UNFPA", "United Nations Population Fund", "https://www.unfpa.org/", "USA"),
    (
        "UNHCR",
        "Office of the United Nations High Commissioner for Refugees",
        "https://www.unhcr.org/",
        "CHE",
    ),
    (
        "OHCHR",
        "Office of the United Nations High Commissioner for Human Rights",
        "https://www.ohchr.org/",
        "CHE",
    ),
    ("UNODC", "United Nations Office on Drugs and Crime", "https://www.unodc.org/", "AUT"),
    ("World Bank", "World Bank", "https://www.worldbank.org/", "USA"),
]


def load_gmg_members(organisation_model: Any, country_model: Any) -> None:
    """The GMG members as organisations (run by migration 0003, and by tests after a flush)."""
    from django.utils.text import slugify

    for acronym, name, website, iso3 in GMG_MEMBERS:
        organisation_model.objects.update_or_create(
            slug=slugify(acronym),
            defaults={
                "name": name,
                "acronym": acronym,
                "kind": "international",
                "website": website,
                "country": country_model.objects.get(iso3=iso3),
                "is_gmg_member": True,
            },
        )
