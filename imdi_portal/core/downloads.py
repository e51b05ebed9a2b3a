"""CSV of the portal's tables: the pages' downloads (`?format=csv`), the API's CSV renderer
and the common-format export all write their rows here, so that a table comes out as the
same bytes whichever asked for it, and a rule about cells has one place to go.

The rule: a text cell that a spreadsheet would run as a formula is written with a leading
single quote (OWASP, CSV injection), by `safe_cell`. Every file the portal writes for
spreadsheets passes its cells through it: these CSV writers, the import error reports
(`imdi_portal.stats.importing.report`) and the common format's XLSX
(`legislation.common_format`).

Downloads stream: `csv_response` sends the header at once and then each row as it is read;
a selection is read with `chunked`, a chunked iterator (a server-side cursor on PostgreSQL),
so that a download of 100,000 rows holds one chunk in memory, never the whole table."""

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from imdi_portal.core.figures import csv_cell

# The first characters that make a spreadsheet compute a cell: = (=HYPERLINK(...)), + and -
# (+1, -2+3), @ (@SUM(A1)), and the tab or carriage return some of them skip before a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A negative number written as text (a DRF decimal, a percentage formatted by a presenter):
# a spreadsheet reads it as the number it is, never as a formula, so it keeps its form.
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")
# Rows fetched per round trip of a download's cursor: big enough that the fetches cost little
# next to writing the rows, small enough that a chunk stays well under a megabyte.
CHUNK_SIZE = 2000


def chunked(queryset: QuerySet, chunk_size: int | None = None) -> Iterator:
    """The rows of `queryset`, fetched `chunk_size` (CHUNK_SIZE) at a time and never cached by
    the queryset (QuerySet.iterator: a server-side cursor on PostgreSQL)."""
    return queryset.iterator(chunk_size=chunk_size or CHUNK_SIZE)


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


_FORMULA_FIRST = frozenset(FORMULA_STARTS)  # every start is one character


def _cell(value: Any) -> Any:
    """csv_cell(safe_cell(value)), with the common cases (plain text that starts like no
    formula, whole numbers, None) answered without the two calls: a download writes millions
    of cells."""
    kind = type(value)
    if kind is str:
        return safe_cell(value) if value[:1] in _FORMULA_FIRST else value
    if kind is int or value is None:
        return value
    if kind is float:
        # repr() is already positional unless it has an exponent (or is inf or nan): then
        # csv_cell's Decimal is needed. Whole values lose their ".0" as csv_cell writes them.
        text = repr(value)
        if "e" in text or "n" in text:
            return csv_cell(value)
        return str(int(value)) if text.endswith(".0") else text
    return csv_cell(safe_cell(value))


def csv_row(values: Iterable) -> list:
    """The cells of one CSV line: neutralised (`safe_cell`), floats in positional notation
    (`csv_cell`)."""
    return [_cell(value) for value in values]


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


# Lines sent per piece of a streamed download: one write to the socket (and one gzip call)
# for a few hundred rows rather than one per row.
LINES_PER_PIECE = 500


def csv_stream(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV as UTF-8 pieces: the header alone first (sent before any row is read), then
    the rows LINES_PER_PIECE at a time."""
    writer = csv_writer()
    yield writer.writerow(csv_row(header)).encode("utf-8")
    piece: list[str] = []
    for row in rows:
        piece.append(writer.writerow([_cell(value) for value in row]))
        if len(piece) == LINES_PER_PIECE:
            yield "".join(piece).encode("utf-8")
            piece = []
    if piece:
        yield "".join(piece).encode("utf-8")


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Stream `rows` under `header` as an attachment named `filename`. `rows` is consumed as
    the response is sent: give a generator over `chunked(queryset)`, not a list."""
    response = StreamingHttpResponse(
        csv_stream(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"
