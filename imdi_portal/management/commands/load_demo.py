from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from imdi_portal.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load labelled sample records (and, with DJANGO_DEBUG=1, demo accounts per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Do not create the demo accounts."
        )
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Create demo accounts even with DJANGO_DEBUG=0 (never on a public server).",
        )

    def handle(self, *args, **options):
        with_accounts = not options["no_accounts"] and (settings.DEBUG or options["accounts"])
        if options["accounts"] and options["no_accounts"]:
            raise CommandError("--accounts and --no-accounts exclude each other.")
        result = demo_load(with_accounts=with_accounts)
        for line in result.imports:
            self.stdout.write(line)
        self.stdout.write(f"Sample organisations: {result.organisations} (labelled as sample data)")
        if result.accounts:
            self.stdout.write(
                f"Demo accounts (password {DEMO_PASSWORD!r}): {', '.join(result.accounts)}"
            )
        else:
            self.stdout.write("No demo accounts created (DJANGO_DEBUG=0; use --accounts to force).")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
