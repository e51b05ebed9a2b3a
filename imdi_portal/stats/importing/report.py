"""The error report of an import job: the first errors on the job, all of them in a CSV file.

Every importer writes its rejected values or records through one `ErrorLog`, so that the job
page, the API (`errors`, `error_report`) and the command line show them the same way.
"""

import csv
import tempfile

from django.core.files import File

from imdi_portal.core.downloads import csv_row
from imdi_portal.stats.importing.errors import RowError
from imdi_portal.stats.models import ImportJob

ERRORS_KEPT = 100


class ErrorLog:
    """Keeps the first errors for the job page and writes all of them to a CSV report."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.count = 0
        self.first: list[dict] = []
        # Closed in attach_to(), which every load() calls in a `finally`.
        self._file = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w+", encoding="utf-8", newline="", suffix=".csv"
        )
        self._csv = csv.writer(self._file)
        self._csv.writerow(["line", "column", "value", "message"])

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self.first) < ERRORS_KEPT:
            self.first.append(error.as_dict())
        # The rejected value is the file's text: neutralised, so that the report cannot run
        # a formula when opened in a spreadsheet (=1+1, @SUM(A1)).
        self._csv.writerow(csv_row([error.line, error.column, error.value, error.message]))

    def attach_to(self, job_id: int) -> None:
        try:
            if not self.count:
                return
            job = ImportJob.objects.get(pk=job_id)
            job.errors = self.first
            self._file.flush()
            with open(self._file.name, "rb") as report:
                job.error_report.save(f"job-{job_id}-errors.csv", File(report), save=False)
            job.save(update_fields=["errors", "error_report"])
        finally:
            self._file.close()
