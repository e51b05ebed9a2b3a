from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imdi_portal.core.backup import backup, restore_check
from imdi_portal.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database with pg_dump (custom format) and, with --check, "
        "restore it into a fresh database and compare the row counts of every table."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the backup (.dump).")
        parser.add_argument(
            "--check",
            metavar="DATABASE",
            help="Restore into this new database and compare row counts (then drop it).",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the restored database.")

    def handle(self, *args, file: Path, check: str | None, keep: bool, **options) -> None:
        try:
            backup(file)
            self.stdout.write(f"Backup written: {file} ({file.stat().st_size:,} bytes)")
            if check:
                report = restore_check(file, check, keep=keep)
                for table, (live, restored) in report.differences.items():
                    self.stderr.write(f"{table}: {live} rows live, {restored} restored")
                if not report.ok:
                    raise CommandError("The restored database differs from the live one.")
                self.stdout.write(
                    f"Restore checked: {report.tables} tables, {report.rows:,} rows, "
                    "every table's row count equal to the live database."
                )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
