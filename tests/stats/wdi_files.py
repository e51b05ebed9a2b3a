"""Writers of small files in the World Bank WDI layout, for tests of the importers.

Values written here are test data, not statistics; they never reach a page.
"""

from pathlib import Path


def write_wdi(
    path: Path,
    rows: dict[str, dict[str, str]],
    *,
    indicator: str = "SM.POP.NETM",
    name: str = "Net migration",
    vintage: str = "2021-09-15",
    years: tuple[str, ...] = ("2017", "2018", "2019"),
) -> Path:
    """rows: ISO3 or area code -> {year: value text}."""
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        f'"Last Updated Date","{vintage}",',
        "",
        '"Country Name","Country Code","Indicator Name","Indicator Code",'
        + ",".join(f'"{y}"' for y in years)
        + ",",
    ]
    for code, values in rows.items():
        cells = ",".join(f'"{values.get(y, "")}"' for y in years)
        lines.append(f'"{code} name","{code}","{name}","{indicator}",{cells},')
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path
