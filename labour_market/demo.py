"""Sample shortage occupation lists for the demo. They are invented for demonstration (no
official list could be consulted here), carry is_sample=True and say so in their title and on
every page that shows them. The occupations are real ISCO-08 unit groups."""

import datetime

from django.db import transaction

from imdi_portal.core.models import Country
from labour_market.models import Occupation, ShortageEntry, ShortageList

SAMPLE_LISTS = {
    # destination: ISCO-08 unit groups on its sample list
    "MYS": ["2221", "3221", "7212", "7411", "8332", "6111"],
    "DEU": ["2221", "3221", "2512", "7126", "7411", "5321"],
    "CAN": ["2211", "2221", "3221", "7115", "8332", "2512"],
}
SOURCE = "IMDI demo data (not an official list)"


def load() -> str:
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=SAMPLE_LISTS)}
    occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
    if not occupations:
        return "Sample shortage lists skipped: import ISCO-08 first"
    entries = 0
    with transaction.atomic():
        for iso3, codes in SAMPLE_LISTS.items():
            shortage_list, _ = ShortageList.objects.update_or_create(
                country=countries[iso3],
                region="",
                title="Sample shortage occupation list (demo)",
                valid_from=datetime.date(2026, 1, 1),
                defaults={
                    "source": SOURCE,
                    "valid_to": None,
                    "is_sample": True,
                    "notes": "Demonstration record for the matching view; not taken from an "
                    "official source.",
                },
            )
            for code in codes:
                ShortageEntry.objects.get_or_create(
                    shortage_list=shortage_list, occupation=occupations[code]
                )
                entries += 1
    return f"Sample shortage lists: {len(SAMPLE_LISTS)} lists, {entries} occupations"
