"""The World Bank's Remittance Prices Worldwide (RPW) files: codes and cell formats.

Two layouts exist:
- the DataBank export "Remittance Prices Worldwide (Corridors)": one row per corridor and
  series, one column per quarter ("2011Q1 [YR2011Q1]"), '..' for missing, a footer after the
  first empty row. Series ATCR.CORR is the corridor's average total cost of sending USD 200
  (in % of the amount), as published by the World Bank;
- the provider-level dataset (one row per service, corridor and quarter). Its columns, matched
  without regard to case, spaces or underscores: period, source_code, destination_code, firm,
  firm_type, product, payment instrument (or "pay-in method"), access point (or "receiving
  method", "pick-up method"), speed_actual (or "speed"), cc1 fee %, cc1 fx margin, cc1 total
  cost % (USD 200) and the same with cc2 (USD 500), transparent. '..' or an empty cell is
  missing. A column "sample" (yes/no) marks rows that were written to show the layout rather
  than surveyed; they are labelled as sample data wherever they are shown.
"""

import re
from decimal import Decimal

from remittances.models import FirmType, Speed

CORRIDOR_HEADER = [
    "Sending Countries Name",
    "Sending Countries Code",
    "Series Name",
    "Series Code",
    "Receiving Countries Name",
    "Receiving Countries Code",
]
DATABANK_QUARTER = re.compile(r"^(\d{4})Q([1-4]) \[YR\1Q\2\]$", re.ASCII)
# The missing-value markers of both layouts ('..' is DataBank's "no data"): like an empty
# cell, no value of the file.
MISSING = {"", ".."}
# The lowest cost, in % of the amount sent, that RPW can publish. A service's total cost is
# its fee plus its exchange-rate margin. The fee is never negative: a provider does not pay
# the sender to send. The margin is negative when the provider's rate beats the interbank
# rate, by a fraction of a percent. So a total, and a corridor's average of totals, can dip
# below zero (the World Bank publishes -0.215 %; the catalogue keeps these costs as rates,
# not shares), but not far: below -5 % it is a misread sign or a damaged cell, not a price
# (-99.9 % would be a provider giving the amount away).
LOWEST_COST = -5

# Economies that the World Bank codes but ISO 3166-1 does not: the store keeps bilateral
# values against ISO countries only, so these corridors are left out (documented, not an
# error). KSV/XKX Kosovo, CHI Channel Islands, ANT the former Netherlands Antilles.
NON_ISO_CODES = {"KSV", "XKX", "CHI", "ANT"}

PERIOD_FORMATS = (
    re.compile(r"^(?P<y>\d{4})[_ ]?(?P<q>[1-4])Q$", re.ASCII),  # 2020_3Q
    re.compile(r"^(?P<y>\d{4})[-_ ]?Q(?P<q>[1-4])$", re.ASCII),  # 2020Q3, 2020-Q3
    re.compile(r"^Q(?P<q>[1-4])[-_ ]?(?P<y>\d{4})$", re.ASCII),  # Q3 2020
)

COLUMN_ALIASES = {
    "period": "period",
    "sourcecode": "sending",
    "destinationcode": "receiving",
    "firm": "firm",
    "firmtype": "firm_type",
    "product": "product",
    "paymentinstrument": "payment_instrument",
    "payinmethod": "payment_instrument",
    "accesspoint": "access_point",
    "receivingmethod": "access_point",
    "pickupmethod": "access_point",
    "speedactual": "speed",
    "speed": "speed",
    "cc1fee%": "fee_200",
    "cc1fee": "fee_200",
    "cc1fxmargin": "fx_margin_200",
    "cc1totalcost%": "total_cost_200",
    "cc2fee%": "fee_500",
    "cc2fee": "fee_500",
    "cc2fxmargin": "fx_margin_500",
    "cc2totalcost%": "total_cost_500",
    "transparent": "transparent",
    "sample": "sample",
}
REQUIRED = ("period", "sending", "receiving", "firm", "firm_type", "total_cost_200", "transparent")
COSTS = ("fee_200", "fx_margin_200", "total_cost_200", "fee_500", "fx_margin_500", "total_cost_500")

FIRM_TYPES = {
    "bank": FirmType.BANK,
    "moneytransferoperator": FirmType.MTO,
    "mto": FirmType.MTO,
    "postoffice": FirmType.POST,
    "post": FirmType.POST,
    "mobileoperator": FirmType.MOBILE,
    "mobile": FirmType.MOBILE,
    "other": FirmType.OTHER,
}
SPEEDS = {
    "lessthanonehour": Speed.MINUTES,
    "lessthan1hour": Speed.MINUTES,
    "<1hour": Speed.MINUTES,
    "sameday": Speed.SAME_DAY,
    "nextday": Speed.NEXT_DAY,
    "2days": Speed.TWO_DAYS,
    "3-5days": Speed.THREE_TO_FIVE,
    "6daysormore": Speed.SIX_PLUS,
    "morethan5days": Speed.SIX_PLUS,
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def squash(text: str) -> str:
    """Lower case without spaces, underscores or dots: how headers and codes are compared."""
    return re.sub(r"[\s_.]+", "", text.strip().lower())


def period(text: str) -> str | None:
    """'2020-Q3' for any of the quarter spellings RPW files use, else None."""
    for pattern in PERIOD_FORMATS:
        match = pattern.match(text.strip())
        if match:
            return f"{match['y']}-Q{match['q']}"
    return None


def cost_problem(column: str, value: float | Decimal) -> str | None:
    """Why a cost in % of the amount sent (a fee, a margin, a total or a corridor average)
    cannot be one, or None; see LOWEST_COST."""
    if column.startswith("fee") and value < 0:
        return "a fee cannot be negative"
    if value < LOWEST_COST:
        return (
            f"a cost below {LOWEST_COST} % of the amount sent is not a price (a negative cost "
            "is an exchange-rate margin below the interbank rate: a fraction of a percent)"
        )
    if value >= 100:
        return "not a cost in percent of the amount sent"
    return None


def flag(text: str) -> bool | None:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None
