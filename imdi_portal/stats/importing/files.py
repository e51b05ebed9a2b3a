"""Opening uploaded files safely: size, emptiness, binary content, encoding, CSV and XLSX.

Everything streams: CSV is read line by line, XLSX through openpyxl's read-only mode, so a
large file never sits in memory whole.
"""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path

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


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def csv_rows(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every physical record; csv errors name the line."""
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as fh:
        _check_first_line_delimiter(fh.readline(), name)
        fh.seek(0)
        reader = csv.reader(fh, strict=True)
        line = 0
        try:
            for fields in reader:
                line = reader.line_num
                yield line, fields
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message or "EOF" in message:
                message = "the file ends inside a quoted field: it looks truncated"
            raise ImportFailed(message, file=name, line=reader.line_num or line + 1) from None


def xlsx_rows(path: Path, name: str, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of one sheet (None: the first), streamed by openpyxl's
    read-only mode."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(
            f"not a valid XLSX workbook (truncated or damaged: {exc.__class__.__name__})",
            file=name,
        ) from None
    try:
        sheet = sheet or workbook.sheetnames[0]
        if sheet not in workbook.sheetnames:
            raise ImportFailed(
                f"no sheet named '{sheet}'; the workbook has: {', '.join(workbook.sheetnames)}",
                file=name,
            )
        for number, row in enumerate(workbook[sheet].iter_rows(values_only=True), start=1):
            yield number, ["" if cell is None else _cell_text(cell) for cell in row]
    finally:
        workbook.close()


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
