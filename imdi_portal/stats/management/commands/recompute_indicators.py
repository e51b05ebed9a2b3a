from django.core.management.base import BaseCommand, CommandError

from imdi_portal.core.exceptions import DomainError
from imdi_portal.stats.services import indicators_recompute


class Command(BaseCommand):
    help = "Rebuild every derived indicator (or only those named with --only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            metavar="CODE",
            help="a derived indicator code; repeat for several",
        )

    def handle(self, *args, **options):
        try:
            result = indicators_recompute(only=options["only"])
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        for code, rows in result.items():
            self.stdout.write(f"{code}: {rows} values")
        self.stdout.write(self.style.SUCCESS(f"recomputed {len(result)} indicator(s)"))
