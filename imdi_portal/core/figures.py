"""How the portal writes a figure: one rule for pages, charts and downloads.

- Amounts of money in US$ with one scale per figure and one decimal: "US$ 40.3 billion",
  "US$ 7.0 billion", "US$ 211.2 million"; below a million whole dollars ("US$ 950,000",
  "US$ 348"), below ten the cents ("US$ 1.88"). Django's humanize words, so "40,3 milliards"
  in French.
- Persons (and other counts) as whole numbers with the reader's thousand separator.
- Percentages with one decimal (two for remittance costs, whose target is 3 %).
- No scientific notation anywhere: chart ticks use the same words in short, CSV cells the
  decimal digits of the stored value.
Numbers are localised by Django (`number_format` with the active language), never by hand.
"""

from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intword
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

MILLION = 1_000_000
# The units the sources and the catalogue use (Indicator.unit, kept in English as published),
# in the reader's language.
UNIT_LABELS = {
    "%": gettext_lazy("%"),
    "% of GDP": gettext_lazy("% of GDP"),
    "% of population": gettext_lazy("% of population"),
    "% of USD 200 sent": gettext_lazy("% of USD 200 sent"),
    "% of USD 500 sent": gettext_lazy("% of USD 500 sent"),
    "% of total labor force": gettext_lazy("% of total labour force"),
    "US$ millions": gettext_lazy("US$ millions"),
    "current US$": gettext_lazy("current US$"),
    "per 1,000 inhabitants": gettext_lazy("per 1,000 inhabitants"),
    "per month, in the currency of the breakdown": gettext_lazy(
        "per month, in the currency of the breakdown"
    ),
    "persons": gettext_lazy("persons"),
}


def unit_label(unit: str) -> str:
    """An indicator's unit in the active language (as published when not in UNIT_LABELS)."""
    return str(UNIT_LABELS.get(unit, unit))


def whole(value: float | int | None) -> str:
    """A count, rounded to a whole number, with thousand separators: "2,076,253"."""
    if value is None:
        return "—"
    return number_format(round(value), decimal_pos=0, use_l10n=True, force_grouping=True)


def decimal(value: float | None, places: int = 1) -> str:
    """A number with `places` decimals in the reader's notation: "3.7" / "3,7"."""
    if value is None:
        return "—"
    return number_format(
        round(value, places), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def percent(value: float | None, places: int = 1) -> str:
    """A share or rate: "3.7 %" (the space before % is the usage of the three languages)."""
    if value is None:
        return "—"
    return _("%(value)s %%") % {"value": decimal(value, places)}


def usd(value: float | None, *, millions: bool = False) -> str:
    """An amount in US dollars at the scale that reads best; `millions` when the source
    gives US$ millions (the KNOMAD matrices)."""
    if value is None:
        return "—"
    dollars = value * MILLION if millions else value
    if abs(dollars) >= MILLION:
        # Always one decimal ("US$ 7.0 billion" beside "US$ 40.3 billion").
        return _("US$ %(amount)s") % {"amount": intword(round(dollars))}
    # Below a million, whole dollars; below ten (a few dollars per inhabitant), the cents.
    amount = decimal(dollars, 2) if abs(dollars) < 10 else whole(dollars)
    return _("US$ %(amount)s") % {"amount": amount}


def by_unit(value: float | None, unit: str) -> str:
    """A value of an indicator, written after its unit (Indicator.unit)."""
    lowered = unit.lower()
    if "us$ millions" in lowered or "millions of us$" in lowered:
        return usd(value, millions=True)
    if "us$" in lowered:
        return usd(value)
    if "%" in lowered:
        return percent(value)
    if lowered.startswith("persons") or lowered in ("number", "thousands"):
        return whole(value)
    if value is not None and abs(value) >= 1000:
        return whole(value)
    return decimal(value, 2)


_SHORT = (
    (1e12, lambda: pgettext("abbreviation of trillion (10^12) on a chart axis", "tn")),
    (1e9, lambda: pgettext("abbreviation of billion (10^9) on a chart axis", "bn")),
    (1e6, lambda: pgettext("abbreviation of million on a chart axis", "m")),
    (1e3, lambda: pgettext("abbreviation of thousand on a chart axis", "k")),
)


def short(value: float) -> str:
    """A chart tick: at most three significant digits and a short scale word, localised:
    "1.5 bn", "250 k", "0.25"; never "1e+09"."""
    for limit, word in _SHORT:
        if abs(value) >= limit:
            scaled = value / limit
            return f"{_trimmed(scaled)} {word()}"
    return _trimmed(value)


def _trimmed(value: float) -> str:
    """Up to three significant digits, without trailing zeros, in the reader's notation."""
    if value == 0:
        return "0"
    places = max(0, 2 - int(f"{abs(value):e}".split("e")[1]))
    text = number_format(round(value, places), decimal_pos=places, use_l10n=True)
    separator = number_format(0.5, decimal_pos=1, use_l10n=True)[1]
    if separator in text:
        text = text.rstrip("0").rstrip(separator)
    return text


def csv_cell(value: object) -> object:
    """What a download writes for a value: floats in positional notation (1e-05 would be
    read as text or a formula by some spreadsheets), whole floats without ".0"."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return value
