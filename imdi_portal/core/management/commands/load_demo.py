from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    # The demo is project wiring (it loads every app's sample data): named by a setting so
    # that the core does not import the domain apps.
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
        result = import_string(settings.DEMO_LOADER)(with_accounts=with_accounts)
        for line in result.imports:
            self.stdout.write(line)
        self.stdout.write(f"Sample organisations: {result.organisations} (labelled as sample data)")
        if result.accounts:
            self.stdout.write(
                f"Demo accounts (password {result.password!r}): {', '.join(result.accounts)}"
            )
        else:
            self.stdout.write("No demo accounts created (DJANGO_DEBUG=0; use --accounts to force).")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
