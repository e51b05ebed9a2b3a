from django.core.management.base import BaseCommand

from imdi_portal.stats.catalogue import catalogue_apply
from imdi_portal.stats.projections import projections_recompute


class Command(BaseCommand):
    help = (
        "Fill the empty metadata fields (kind, unit, names, definitions, source, licence, "
        "address) of existing indicators from the curated catalogue "
        "(imdi_portal/stats/data/catalogue.json). Fields already filled are kept. "
        "Indicators that get their kind are projected again by the method of that kind."
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
        # The kind decides the projection method (none for balances): old projections go.
        kinds = sorted(code for code, fields in result.items() if "kind" in fields)
        if kinds:
            written = projections_recompute(only=kinds)
            self.stdout.write(f"projections of {len(kinds)} indicator(s) recomputed: {written}")
