"""Opening uploaded files safely: size, emptiness, binary content, encoding, CSV and XLSX.

Everything streams: CSV is read line by line, XLSX through openpyxl's read-only mode, so a
large file never sits in memory whole. An XLSX is a zip archive, so its size on disk says
little: before it is opened, the sizes its members declare (which zipfile enforces while
unpacking) are checked against settings.IMPORT_XLSX_MAX_UNCOMPRESSED and
IMPORT_XLSX_MAX_RATIO; while it is read, rows, cells and the length of one cell's text are
capped (IMPORT_XLSX_MAX_ROWS, IMPORT_XLSX_MAX_CELLS, IMPORT_CELL_MAX_CHARS). openpyxl reads
an inline string or a shared string whole, so only the member checks can stop a huge one.
No spreadsheet program writes a DTD, so a part that declares one (entity expansion, "billion
laughs", or an external entity) is refused before parsing; defusedxml and lxml, which
openpyxl parses with, refuse it too, and their errors are told apart (`_xml_fault`). A CSV
line is capped at IMPORT_CSV_MAX_LINE_CHARS, so a line of millions of commas cannot fill
memory with empty fields; a JSON document (`json_document`) may nest only so deep.

While a file is read, the callback given to `reading_watched` hears the row number every
READ_TICK rows, whatever the importer does with the rows: the job's heartbeat and progress
move even through rows that are skipped.
"""

import codecs
import csv
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.conf import settings

from imdi_portal.stats.importing.errors import ImportFailed

XLSX_MAGIC = b"PK\x03\x04"
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file (save it as CSV or XLSX)",
    b"\x1f\x8b": "a gzip archive (unpack it first)",
}
# Text that is not CSV, by how it starts (lower case, after a BOM and blank space).
_TEXT_SIGNATURES = {
    b"<!doctype html": "an HTML web page (a failed download or a sign-in page?)",
    b"<html": "an HTML web page (a failed download or a sign-in page?)",
    b"<?xml": "an XML document",
}
# How far into an XLSX part a DTD is looked for: it can only come before the root element.
PROLOG_BYTES = 65_536
# Deepest nesting of a JSON document: real ones nest a few levels; Python's parser recurses
# and would stop at about 1,000 with a RecursionError.
JSON_MAX_DEPTH = 100


# Rows between two calls of the reading callback.
READ_TICK = 1000
# Members smaller than this are not held to the compression ratio: a small part that packs
# well costs nothing to unpack.
RATIO_FLOOR = 1_000_000
NUL = "\x00"

_on_read: ContextVar[Callable[[int], None] | None] = ContextVar("on_read", default=None)


@contextmanager
def reading_watched(callback: Callable[[int], None]) -> Iterator[None]:
    """Call `callback(row number)` every READ_TICK rows read by csv_rows and xlsx_rows."""
    token = _on_read.set(callback)
    try:
        yield
    finally:
        _on_read.reset(token)


def _tick(number: int) -> None:
    callback = _on_read.get()
    if callback is not None:
        callback(number)


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def sniff_kind(path: Path, name: str) -> str:
    """'csv' or 'xlsx' for a readable file, or ImportFailed saying what is wrong with it."""
    size = path.stat().st_size
    if size == 0:
        raise ImportFailed("the file is empty", file=name)
    if size > max_bytes():
        raise ImportFailed(
            f"the file is {size / 1e6:.1f} MB, over the size limit of {max_bytes() / 1e6:.0f} MB",
            file=name,
        )
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    for signature, what in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise ImportFailed(f"this is {what}, not a CSV or XLSX file", file=name)
    text = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if not text and size <= len(head):
        raise ImportFailed(
            "the file holds no text (only a byte-order mark or blank space)", file=name
        )
    for signature, what in _TEXT_SIGNATURES.items():
        if text.startswith(signature):
            raise ImportFailed(f"this is {what}, not a CSV or XLSX file", file=name)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[1:2] == b"\x00":
        raise ImportFailed(
            "the file is encoded in UTF-16; save it as UTF-8 (or Latin-1) CSV", file=name
        )
    if b"\x00" in head:
        raise ImportFailed("the file is binary, not text: expected a CSV file", file=name)
    return "csv"


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as UTF-8, else Latin-1."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8-sig"


def _contains_nul(path: Path) -> bool:
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if b"\x00" in chunk:
                return True
    return False


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def csv_rows(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every physical record; csv errors name the line."""
    encoding = detect_encoding(path)
    nul = _contains_nul(path)  # then, and only then, each record is searched for it
    with path.open("r", encoding=encoding, newline="") as fh:
        _check_first_line_delimiter(fh.readline(settings.IMPORT_CSV_MAX_LINE_CHARS), name)
        fh.seek(0)
        reader = csv.reader(_bounded_lines(fh, name), strict=True)
        line = 0
        try:
            for fields in reader:
                line = reader.line_num
                if line % READ_TICK == 0:
                    _tick(line)
                if nul and any(NUL in text for text in fields):
                    column = next(i for i, text in enumerate(fields, 1) if NUL in text)
                    raise _nul_error(name, line, column)
                yield line, fields
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message or "EOF" in message:
                message = "the file ends inside a quoted field: it looks truncated"
            raise ImportFailed(message, file=name, line=reader.line_num or line + 1) from None


def _bounded_lines(fh, name: str) -> Iterator[str]:
    """The file's physical lines, refusing one longer than IMPORT_CSV_MAX_LINE_CHARS before
    it is read whole (a "memory bomb": one line of millions of commas)."""
    limit = settings.IMPORT_CSV_MAX_LINE_CHARS
    number = 0
    while line := fh.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise ImportFailed(
                f"the line is longer than {limit:,} characters, over the import limit: "
                "not a data file's line (a damaged file, or one built to exhaust memory)",
                file=name,
                line=number,
            )
        yield line


def json_document(path: Path, name: str) -> object:
    """The parsed JSON of a file, or ImportFailed naming the file and what is wrong."""
    text = path.read_text(encoding=detect_encoding(path))
    depth = deepest = 0
    # Brackets inside strings count too: an overestimate, harmless at this limit.
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > JSON_MAX_DEPTH:
        raise ImportFailed(
            f"the JSON nests {deepest:,} levels deep, over the limit of {JSON_MAX_DEPTH}: "
            "not a data file (a damaged file, or one built to exhaust the parser)",
            file=name,
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"not valid JSON: {exc.msg}", file=name, line=exc.lineno, column=exc.colno
        ) from None
    except (RecursionError, MemoryError) as exc:
        raise ImportFailed(
            f"the JSON is too deeply nested or too large to read ({exc.__class__.__name__})",
            file=name,
        ) from None


def _nul_error(name: str, line: int, column: int) -> ImportFailed:
    return ImportFailed(
        "the cell holds a NUL character (byte 0), which no text of a data file contains: "
        "the file is damaged or not a text export",
        file=name,
        line=line,
        column=column,
    )


def check_xlsx_archive(path: Path, name: str) -> None:
    """Refuse, before openpyxl unpacks anything, a workbook that is not a zip archive or
    that would unpack to too much: in total, or one member by its compression ratio (a
    1 MB file holding a 1 GB string expands about 1000:1; real sheets, 5 to 20:1)."""
    limit, max_ratio = settings.IMPORT_XLSX_MAX_UNCOMPRESSED, settings.IMPORT_XLSX_MAX_RATIO
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_parts(archive, members, name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFailed(
            f"not a valid XLSX workbook (truncated or damaged: not a readable zip archive, {exc})",
            file=name,
        ) from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > max_ratio:
            raise ImportFailed(
                f"the workbook's part {member.filename} expands {ratio:.0f}:1 when unpacked "
                f"({member.file_size / 1e6:.0f} MB), over the limit of {max_ratio}:1: a zip "
                "bomb or a damaged file; nothing was read",
                file=name,
            )
    if total > limit:
        raise ImportFailed(
            f"the workbook unpacks to {total / 1e6:.0f} MB, over the limit of "
            f"{limit / 1e6:.0f} MB; nothing was read",
            file=name,
        )


def _check_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    """A zip archive that is not a workbook says what it holds; a part with a DTD (which no
    spreadsheet program writes) is refused before any XML parser sees it."""
    names = [m.filename for m in members]
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise ImportFailed(
            f"this is a zip archive holding {shown or 'nothing'}, not an XLSX workbook "
            "(unpack it, or save the sheet as CSV or XLSX)",
            file=name,
        )
    for member in members:
        if not member.filename.endswith((".xml", ".rels")) or member.file_size == 0:
            continue
        with archive.open(member) as part:
            prolog = part.read(PROLOG_BYTES)
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise _dtd_error(member.filename, name)


def _dtd_error(part: str, name: str) -> ImportFailed:
    return ImportFailed(
        f"the workbook's part {part} declares a DTD or entities, which no spreadsheet "
        'program writes: an entity-expansion ("billion laughs") or external-entity attack, '
        "or a damaged file; nothing was read",
        file=name,
    )


def _xml_fault(exc: BaseException, name: str, line: int | None = None) -> ImportFailed:
    """What a parser's error (openpyxl wraps some in ValueError) says of the workbook."""
    from defusedxml import DefusedXmlException
    from lxml.etree import XMLSyntaxError

    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException) or (
            isinstance(cause, XMLSyntaxError) and "amplification" in str(cause)
        ):
            return _dtd_error("XML", name)
        if isinstance(cause, ParseError | XMLSyntaxError):
            return ImportFailed(
                f"not a valid XLSX workbook: a part's XML is not well-formed ({cause}); the "
                "file is truncated or damaged",
                file=name,
                line=line,
            )
        cause = cause.__cause__ or cause.__context__
    return ImportFailed(
        f"not a valid XLSX workbook (truncated or damaged: {exc.__class__.__name__}"
        + (f", {exc}" if isinstance(exc, KeyError) else "")
        + ")",
        file=name,
        line=line,
    )


def xlsx_rows(path: Path, name: str, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of one sheet (None: the first), streamed by openpyxl's
    read-only mode, within the limits of the module's docstring."""
    import openpyxl
    from lxml.etree import XMLSyntaxError
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_archive(path, name)
    # A file object, not the path: openpyxl refuses a path whose name does not end in
    # .xlsx, and a workbook saved as "data.csv" is still a workbook.
    with path.open("rb") as fh:
        try:
            workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except (
            zipfile.BadZipFile,
            KeyError,
            OSError,
            ValueError,
            EOFError,
            ParseError,
            XMLSyntaxError,
            InvalidFileException,
        ) as exc:
            raise _xml_fault(exc, name) from None
        try:
            if not workbook.sheetnames:
                raise ImportFailed("the workbook has no readable sheet", file=name)
            sheet = sheet or workbook.sheetnames[0]
            if sheet not in workbook.sheetnames:
                raise ImportFailed(
                    f"no sheet named '{sheet}'; the workbook has: {', '.join(workbook.sheetnames)}",
                    file=name,
                )
            yield from _sheet_rows(workbook[sheet], name)
        finally:
            workbook.close()


def _sheet_rows(worksheet, name: str) -> Iterator[tuple[int, list[str]]]:
    max_rows, max_cells = settings.IMPORT_XLSX_MAX_ROWS, settings.IMPORT_XLSX_MAX_CELLS
    cells = number = 0
    rows = worksheet.iter_rows(values_only=True)
    from lxml.etree import XMLSyntaxError

    while True:
        try:
            row = next(rows, None)
        except (ParseError, XMLSyntaxError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise _xml_fault(exc, name, line=number + 1) from None
        if row is None:
            return
        number += 1
        cells += len(row)
        if number > max_rows or cells > max_cells:
            what = f"{max_rows:,} rows" if number > max_rows else f"{max_cells:,} cells"
            raise ImportFailed(
                f"the sheet has more than {what}, over the import limit; split the file",
                file=name,
                line=number,
            )
        if number % READ_TICK == 0:
            _tick(number)
        yield number, [_checked_text(cell, name, number, i) for i, cell in enumerate(row, 1)]


def _checked_text(cell: object, name: str, line: int, column: int) -> str:
    if cell is None:
        return ""
    text = _cell_text(cell)
    if len(text) > settings.IMPORT_CELL_MAX_CHARS:
        raise ImportFailed(
            f"the cell holds {len(text):,} characters, over the limit of "
            f"{settings.IMPORT_CELL_MAX_CHARS:,} (Excel's own)",
            file=name,
            line=line,
            column=column,
        )
    if NUL in text:
        raise _nul_error(name, line, column)
    return text


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    return str(cell)


def _check_first_line_delimiter(first: str, name: str) -> None:
    if "," in first:
        return
    for other, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
        if other in first:
            raise ImportFailed(
                f"the file is separated by {label}; expected commas", file=name, line=1
            )


def check_delimiter(fields: list[str], name: str, line: int) -> None:
    """A header that came out as one field holding ';' or tabs used the wrong delimiter."""
    if len(fields) == 1:
        for other, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if other in fields[0]:
                raise ImportFailed(
                    f"the file is separated by {label}; expected commas",
                    file=name,
                    line=line,
                )
