"""Writers of minimal XLSX workbooks with zipfile, for tests of the XLSX reader's limits.

Cells are inline strings; a test may pass a sheet's XML itself, or write a large part in
chunks (`chunks`) so that a test of a zip bomb never holds the bomb in memory.
"""

import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _workbook(sheet: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}">'
        f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def row_xml(number: int, cells: Iterable[str]) -> str:
    inline = "".join(
        f'<c t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
        for text in cells
    )
    return f'<row r="{number}">{inline}</row>'


def sheet_xml(rows: Iterable[Iterable[str]]) -> str:
    body = "".join(row_xml(n, cells) for n, cells in enumerate(rows, start=1))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )


def write_xlsx(
    path: Path,
    rows: Iterable[Iterable[str]] = (),
    *,
    sheet: str = "Data",
    xml: str | None = None,
    chunks: Iterable[str] | None = None,
) -> Path:
    """A workbook of one sheet: `rows` of texts, or the sheet's `xml`, or its XML in `chunks`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if chunks is None:
            archive.writestr(
                "xl/worksheets/sheet1.xml", xml if xml is not None else sheet_xml(rows)
            )
        else:
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk.encode())
    return path


def wdi_rows(values: dict[str, str], years=("2017", "2018", "2019")) -> list[list[str]]:
    """The WDI layout (sheet "Data") with one row per economy: code -> the 2017 value."""
    rows = [
        ["Data Source", "World Development Indicators"],
        [],
        ["Last Updated Date", "2021-09-15"],
        [],
        ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *years],
    ]
    for code, value in values.items():
        rows.append([f"{code} name", code, "Net migration", "SM.POP.NETM", value, "", ""])
    return rows
