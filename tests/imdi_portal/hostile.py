"""Cell texts that a spreadsheet would run as formulas (issue #21), for the export tests."""

HOSTILE = [
    '=HYPERLINK("http://evil.example","Apply here")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
]


def neutralised(text: str) -> str:
    """What a download must hold for a hostile text: the text behind a single quote."""
    return "'" + text
