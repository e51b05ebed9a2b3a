"""CSV of the portal's tables: the pages' downloads (`?format=csv`), the API's CSV renderer
and the common-format export all write their rows here, so that a table comes out as the
same bytes whichever asked for it, and a rule about cells has one place to go.

The rule: a text cell that a spreadsheet would run as a formula is written with a leading
single quote (OWASP, CSV injection), by `safe_cell`. Every file the portal writes for
spreadsheets passes its cells through it: these CSV writers, the import error reports
(`imdi_portal.stats.importing.report`) and the common format's XLSX
(`legislation.common_format`)."""

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse

from imdi_portal.core.figures import csv_cell

# The first characters that make a spreadsheet compute a cell: = (=HYPERLINK(...)), + and -
# (+1, -2+3), @ (@SUM(A1)), and the tab or carriage return some of them skip before a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A negative number written as text (a DRF decimal, a percentage formatted by a presenter):
# a spreadsheet reads it as the number it is, never as a formula, so it keeps its form.
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet cell that cannot run: text starting like a formula gets a
    leading single quote ('=HYPERLINK(...) is shown, not followed). Numbers (int, float,
    Decimal), dates, None and every other text are returned as they are."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _NEGATIVE_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_row(values: Iterable) -> list:
    """The cells of one CSV line: neutralised (`safe_cell`), floats in positional notation
    (`csv_cell`)."""
    return [csv_cell(safe_cell(value)) for value in values]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_writer():
    """A csv writer whose writerow() returns the line, for streaming responses (Excel's
    dialect: CRLF line ends, fields quoted only when they need it)."""
    return csv.writer(_Echo())


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """`header`, then each of `rows`, one CSV line at a time (None is an empty cell)."""
    writer = csv_writer()
    yield writer.writerow(csv_row(header))
    for row in rows:
        yield writer.writerow(csv_row(row))


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The whole table as one text, for a file built in memory."""
    return "".join(csv_lines(header, rows))


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Stream `rows` under `header` as an attachment named `filename`."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"
