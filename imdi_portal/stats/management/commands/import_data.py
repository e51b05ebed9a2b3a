import sys

from django.core.management.base import BaseCommand, CommandError

from imdi_portal.core.exceptions import DomainError
from imdi_portal.stats.importing import registry
from imdi_portal.stats.services import (
    SEXES,
    import_job_create,
    import_job_fail_stale,
    import_job_review_line,
    import_job_run,
)


class Command(BaseCommand):
    help = (
        "Import a data file: python manage.py import_data <source> <file>. The last line is "
        "'created=N updated=N unchanged=N rejected=N skipped=N'; exit code 1 and the reason "
        "on bad input, and then nothing from the file is written. A file that would revise "
        "more than IMPORT_REVIEW_SHARE of an indicator's published values, or one by more "
        "than IMPORT_REVIEW_CHANGE, writes nothing either: the job awaits review (exit code "
        "1, the largest changes named) until it is applied or discarded in the admin, or the "
        "same file is imported again with --accept-revisions."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="one of: " + ", ".join(c for c, _ in registry.choices()))
        parser.add_argument("file")
        parser.add_argument("--country", default="", help="only import rows of this ISO3 country")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--sex",
            default="",
            choices=["", *SEXES],
            metavar="T|M|F",
            help="the sex of the values when the file's layout cannot tell: T (both sexes), "
            "M (males) or F (females)",
        )
        parser.add_argument(
            "--year",
            default="",
            metavar="YYYY",
            help="the year of the values when the file does not say it (a KNOMAD matrix "
            "without its title line)",
        )
        parser.add_argument(
            "--accept-revisions",
            action="store_true",
            help="apply an import that revises many published values without stopping for "
            "review (replaces a job of the same file awaiting review)",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="load the valid rows and list the rejected ones in an error report",
        )

    def handle(self, *args, **options):
        country = options["country"].upper()
        if country and not (len(country) == 3 and country.isalpha()):
            raise CommandError(f"--country expects an ISO 3166-1 alpha-3 code, not {country!r}")
        import_job_fail_stale()
        try:
            job = import_job_create(
                source=options["source"],
                path=options["file"],
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                country=country,
                sex=options["sex"],
                year=options["year"],
                accept_revisions=options["accept_revisions"],
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        bar = _ProgressBar(self.stderr) if sys.stderr.isatty() else None
        job = import_job_run(job_id=job.pk, on_progress=bar.update if bar else None)
        if bar:
            bar.done()
        self._report(job)

    def _report(self, job) -> None:
        """The job's outcome: errors on stderr, the counts last on stdout; CommandError (exit
        code 1) unless it succeeded."""
        for error in job.errors[:20]:
            self.stderr.write(
                f"  line {error['line']}, {error['column']}: {error['message']} "
                f"({error['value']!r})"
            )
        if job.rejected > 20 or len(job.errors) > 20:
            self.stderr.write(f"  … see the error report of import job #{job.pk}")
        if job.status == job.Status.AWAITING_REVIEW:
            if job.skipped:
                self.stdout.write(f"left out: {job.skipped_line}")
            self.stdout.write(f"would be: {job.counts_line}")
            raise CommandError(
                f"awaiting review: {import_job_review_line(job)}; nothing was written. "
                f"Job #{job.pk}: re-run with --accept-revisions or decide in the admin."
            )
        if job.status != job.Status.SUCCEEDED:
            raise CommandError(f"import failed: {job.error}")
        if job.options.get("dry_run"):
            self.stdout.write("dry run: nothing was written")
            if job.review:
                self.stdout.write(
                    f"without --accept-revisions it would await review: "
                    f"{import_job_review_line(job)}"
                )
        if job.error_report:
            self.stdout.write(f"rejected rows: {job.error_report.path}")
        if job.skipped:
            self.stdout.write(f"left out: {job.skipped_line}")
        self.stdout.write(job.counts_line)


class _ProgressBar:
    WIDTH = 40

    def __init__(self, stream) -> None:
        self.stream = stream

    def update(self, done: int, total: int) -> None:
        share = done / total if total else 0
        filled = int(self.WIDTH * share)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {share:4.0%} {done:,}/{total:,} lines", ending="")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("")
