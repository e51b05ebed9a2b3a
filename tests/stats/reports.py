"""Reading an import job's error report in tests of the importers."""

import csv
import io


def error_report(job) -> list[tuple[str, str, str, str]]:
    """(line, column, value, message) of every row of the job's CSV error report."""
    with job.error_report.open("rb") as fh:
        text = fh.read().decode("utf-8")
    return [
        (row["line"], row["column"], row["value"], row["message"])
        for row in csv.DictReader(io.StringIO(text))
    ]
