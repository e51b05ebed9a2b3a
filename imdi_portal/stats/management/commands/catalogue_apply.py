from django.core.management.base import BaseCommand

from imdi_portal.stats.catalogue import catalogue_apply


class Command(BaseCommand):
    help = (
        "Fill the empty metadata fields (kind, unit, names, definitions, source, licence, "
        "address) of existing indicators from the curated catalogue "
        "(imdi_portal/stats/data/catalogue.json). Fields already filled are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", action="append", metavar="CODE", help="an indicator code; repeat for several"
        )

    def handle(self, *args, **options):
        result = catalogue_apply(codes=options["only"])
        for code, fields in sorted(result.items()):
            self.stdout.write(f"{code}: {', '.join(fields)}")
        self.stdout.write(self.style.SUCCESS(f"filled {len(result)} indicator(s)"))
