"""Reading UN DESA's "Migrants by Destination and Origin" workbook (Table 16 and ANNEX).

Shared by the importer and by the migration that records the workbook's aggregates (WORLD,
development groups, major areas and regions, by UN M49 numeric code) as statistical areas.
"""

import re
from pathlib import Path
from typing import Any

from imdi_portal.stats.importing.errors import ImportFailed
from imdi_portal.stats.importing.files import xlsx_rows

DATA_FILE = (
    Path(__file__).resolve().parent
    / "data"
    / "undesa"
    / "migrant_stock_by_origin_and_destination_2015.xlsx"
)
TABLE = "Table 16"
ANNEX = "ANNEX"
TITLE_RE = re.compile(r"country or area of destination, (\d{4})\s*$")
VINTAGE_RE = re.compile(r"POP/DB/MIG/Stock/Rev\.\d{4}")
RESIDUAL_ORIGINS = {"Other North", "Other South"}  # no country: not stored


def annex_codes(path: Path, name: str) -> dict[str, str]:
    """Country or area name -> M49 code, from the ANNEX sheet of the same workbook."""
    codes: dict[str, str] = {}
    started = False
    for _line, cells in xlsx_rows(path, name, ANNEX):
        first = [c.strip() for c in cells[:2]] + ["", ""]
        if not started:
            started = first[:2] == ["Country code", "Country or area"]
            continue
        if first[0].isdigit() and first[1]:
            codes[first[1]] = first[0]
    if not codes:
        raise ImportFailed(
            "the ANNEX sheet has no 'Country code, Country or area' table", file=name
        )
    return codes


def table_rows(path: Path, name: str):
    """(year, vintage, origins, data rows) of Table 16 of the shipped 2015 workbook."""
    year, vintage, origins, rows = origin_table(path, name, TABLE)
    if not year:
        raise ImportFailed(f"the title of '{TABLE}' does not give the year of the stock", file=name)
    return year, vintage, origins, rows


def origin_table(path: Path, name: str, sheet: str):
    """(year, vintage, origins, data rows) of one table by destination and origin; origins
    are names from column F on, data rows are (line, destination code, destination name,
    values from column F on). The year is "" when the title does not end with it."""
    year = vintage = ""
    rows = xlsx_rows(path, name, sheet)
    for line, cells in rows:
        text = " ".join(c.strip() for c in cells if c)
        if not year and (match := TITLE_RE.search(text)):
            year = match.group(1)
        if not vintage and (match := VINTAGE_RE.search(text)):
            vintage = match.group(0)
        if cells and cells[0].strip().startswith("Sort"):
            if len(cells) < 6 or cells[3].strip() != "Country code":
                raise ImportFailed(
                    "expected the header Sort order, Major area…, Notes, "
                    "Country code, Type of data, Country of origin",
                    file=name,
                    line=line,
                    column=1,
                )
            break
    else:
        raise ImportFailed(f"no header row in the sheet '{sheet}'", file=name)
    line, origin_cells = next(rows, (line + 1, []))
    origins = [c.strip() for c in origin_cells[5:]]
    while origins and not origins[-1]:
        origins.pop()
    if not origins or origins[0] != "Total":
        raise ImportFailed(
            f"expected the origins row of '{sheet}' to start with 'Total' in column F",
            file=name,
            line=line,
            column=6,
        )

    def data():
        for number, cells in rows:
            code = cells[3].strip() if len(cells) > 3 else ""
            if code:
                yield number, code, cells[1].strip(), cells[5 : 5 + len(origins)]

    return year, vintage, origins, data()


# The 2017 CSV reshaped by a third party (see data/SOURCES.md) names countries without codes,
# in UN DESA's short forms. Names that differ from ISO's, mapped by hand from the file:
CSV_ALIASES = {
    "Caribbean Netherlands": "BES",
    "China Hong Kong SAR": "HKG",
    "China Macao SAR": "MAC",
    "Curacao": "CUW",
    "Rep. Dem. of the Congo": "COD",
    "Faeroe Islands": "FRO",
    "Falkland Islands": "FLK",
    "Holy See": "VAT",
    "Saint Helena": "SHN",
    "Sint Maarten": "SXM",
    "Swaziland": "SWZ",
    "TFYR Macedonia": "MKD",
    "Turkey": "TUR",
    "USA": "USA",
    "Wallis and Futuna Islands": "WLF",
}
# Aggregate rows of that file by the names of the 2015 workbook's areas.
CSV_AREA_ALIASES = {"Australia/New Zealand": "Australia and New Zealand"}
# Aggregates of the 2017 file that the 2015 workbook has no code for: not stored.
CSV_UNCODED_AGGREGATES = {
    "More developed regions",
    "Less developed regions",
    "High-income countries",
    "Middle-income countries",
    "Upper-middle-income countries",
    "Lower-middle-income countries",
    "Low-income countries",
}
# "Micronesia" is both a region (M49 954) and a country (FSM) in that file: within each year,
# the region's row comes first, and the country's row follows among its members.
CSV_TWICE = {"Micronesia": ("954", "FSM")}


def load_m49_areas(country_model: Any, area_model: Any) -> None:
    """The M49 aggregates and non-ISO areas of the shipped workbook as statistical areas
    (run by migration 0002, and by tests after a flush)."""
    iso_m49 = set(country_model.objects.values_list("m49", flat=True))
    in_annex = set(annex_codes(DATA_FILE, DATA_FILE.name).values())
    _year, _vintage, _origins, rows = table_rows(DATA_FILE, DATA_FILE.name)
    for _line, code, name, _values in rows:
        if code.zfill(3) in iso_m49:
            continue
        area_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "economy" if code in in_annex else "aggregate",
                "source": "UN DESA (M49)",
            },
        )
