"""Writes the malformed files of import_corpus/ numbered 27 and up (run once, committed).

`python -m tests.stats.import_corpus_build` rewrites them; each stays under 100 KB. The
bombs are built at small scale: test_imports.py lowers the limit a file is meant to cross.
"""

import io
import zipfile
from pathlib import Path

from tests.stats.xlsx_files import (
    CONTENT_TYPES,
    NS,
    REL,
    ROOT_RELS,
    WORKBOOK_RELS,
    _workbook,
    sheet_xml,
    wdi_rows,
    write_xlsx,
)

CORPUS = Path(__file__).parent / "import_corpus"
HEADER = (
    '"Data Source","World Development Indicators",\n\n"Last Updated Date","2021-09-15",\n\n'
    '"Country Name","Country Code","Indicator Name","Indicator Code","2017","2018","2019",\n'
)
ROW = '"Senegal","SEN","Net migration","SM.POP.NETM","1","2","3",\n'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def _zip(path: Path, members: dict[str, str | bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


def _parts(**replace: str | bytes) -> dict[str, str | bytes]:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": _workbook("Data"),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet_xml(wdi_rows({"SEN": "1"})),
    }
    parts.update(replace)
    return {k: v for k, v in parts.items() if v != ""}


def build() -> None:
    c = CORPUS
    write_xlsx(c / "27_xlsx_renamed.csv", wdi_rows({"SEN": "5"}))
    _zip(c / "28_zip_renamed.csv", {"data.csv": HEADER + ROW})
    _zip(
        c / "29_entity_bomb_workbook.xlsx",
        _parts(**{"xl/workbook.xml": LAUGHS + _workbook("&lol9;")[38:]}),
    )
    bomb_sheet = LAUGHS + sheet_xml([["&lol9;"]])[38:]
    _zip(c / "30_entity_bomb_sheet.xlsx", _parts(**{"xl/worksheets/sheet1.xml": bomb_sheet}))
    shared = f'{LAUGHS}<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    types = CONTENT_TYPES.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = WORKBOOK_RELS.replace(
        "</Relationships>",
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
    )
    _zip(
        c / "31_entity_bomb_shared_strings.xlsx",
        _parts(
            **{
                "[Content_Types].xml": types,
                "xl/_rels/workbook.xml.rels": rels,
                "xl/sharedStrings.xml": shared,
            }
        ),
    )
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + sheet_xml([["&x;"]])[38:]
    )
    _zip(c / "32_external_entity_sheet.xlsx", _parts(**{"xl/worksheets/sheet1.xml": xxe}))
    (c / "33_nested_json_arrays.json").write_text("[" * 45_000 + "]" * 45_000)
    (c / "34_nested_json_objects.json").write_text('{"a":' * 10_000 + "1" + "}" * 10_000)
    (c / "35_truncated.json").write_text('{"categories": [{"country": "SEN", "name": "Se')
    (c / "36_wide_row_memory_bomb.csv").write_text(HEADER + "," * 60_000 + "\n")
    sheet = io.StringIO()
    sheet.write(sheet_xml([["x"]]).replace("</sheetData>", ""))
    sheet.write('<row r="2"><c t="inlineStr"><is><t>' + "0" * 3_000_000 + "</t></is></c></row>")
    sheet.write("</sheetData></worksheet>")
    _zip(c / "37_zip_bomb.xlsx", _parts(**{"xl/worksheets/sheet1.xml": sheet.getvalue()}))
    filler = "".join(
        f'"Senegal","SEN","Net migration","SM.POP.NETM{i}","1","2","3",\n' for i in range(150)
    )
    (c / "38_nul_after_8kb.csv").write_text(HEADER + filler + ROW.replace('"2"', '"2\x00"'))
    (c / "39_html_page.csv").write_text(
        "\n<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in"
        "</body></html>\n"
    )
    (c / "40_bom_only.csv").write_bytes(b"\xef\xbb\xbf")
    (c / "41_mixed_line_endings.csv").write_bytes(
        (
            HEADER.replace("\n", "\r\n", 3) + ROW + ROW.replace("SEN", "MLI").replace("\n", "\r")
        ).encode()
        + b"\n"
    )
    (c / "42_empty.xlsx").write_bytes(b"")
    full = sheet_xml(wdi_rows({"SEN": "1", "MLI": "2"}))
    _zip(c / "43_truncated_sheet_xml.xlsx", _parts(**{"xl/worksheets/sheet1.xml": full[:-120]}))
    (c / "44_repeated_year.csv").write_text(HEADER.replace('"2019"', '"2017"') + ROW)
    formula = sheet_xml(wdi_rows({"SEN": "1"})).replace(
        '<c t="inlineStr"><is><t xml:space="preserve">1</t></is></c>',
        "<c><f>SUM(A1:A2)</f><v>7</v></c>",
    )
    _zip(c / "45_formula_cell.xlsx", _parts(**{"xl/worksheets/sheet1.xml": formula}))
    _zip(
        c / "46_sheet_not_xml.xlsx", _parts(**{"xl/worksheets/sheet1.xml": b"\x00\x01\x02garbage"})
    )
    _zip(c / "47_missing_sheet_part.xlsx", _parts(**{"xl/worksheets/sheet1.xml": ""}))
    _zip(c / "48_no_workbook_part.xlsx", _parts(**{"xl/workbook.xml": ""}))
    (c / "49_jpeg_image.csv").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    (c / "50_json_not_utf8.json").write_bytes(b'{"categories": [{"name": "\xff\xfe"}]}')
    (c / "51_xml_not_csv.csv").write_text(
        '<?xml version="1.0"?><data><record><field name="Country">SEN</field></record></data>\n'
    )
    (c / "52_long_line_no_newline.csv").write_text(HEADER + '"' + "x" * 90_000)


if __name__ == "__main__":
    build()
