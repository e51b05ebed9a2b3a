"""CSV of the portal's tables: the pages' downloads (`?format=csv`), the API's CSV renderer
and the common-format export all write their rows here, so that a table comes out as the
same bytes whichever asked for it, and a rule about cells (neutralising formulas, for one)
has one place to go: `csv_lines`."""

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

from imdi_portal.core.figures import csv_cell


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
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


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
