"""Readable names for the breakdown codes of the statistical store.

Ages and breakdowns keep ILOSTAT's codes (see labour_market.ilostat): AGE_YTHADULT_Y15-24,
ECO_ISIC4_A, OCU_ISCO08_2, GEO_COV_URB+CUR_TYPE_USD. Pages show them through these functions.
"""

from django.utils.translation import gettext as _

PREFIXES = [
    ("ECO_ISIC4_", "ISIC Rev.4 "),
    ("OCU_ISCO08_", "ISCO-08 "),
    ("EDU_ISCED11_", "ISCED 2011 "),
    ("CUR_TYPE_", ""),
    ("CUR_", ""),
]


def age_label(code: str) -> str:
    """'AGE_YTHADULT_Y15-24' -> '15-24', 'AGE_YTHADULT_YGE15' -> '15+'."""
    last = code.rsplit("_", 1)[-1]
    if last == "TOTAL" or not last:
        return _("All ages")
    if last.startswith("YGE"):
        return f"{last[3:]}+"
    if last.startswith("Y"):
        return last[1:]
    return last


def breakdown_label(code: str) -> str:
    """'GEO_COV_URB+CUR_TYPE_USD' -> 'Urban areas · USD'."""
    names = {
        "GEO_COV_NAT": _("National"),
        "GEO_COV_URB": _("Urban areas"),
        "GEO_COV_RUR": _("Rural areas"),
    }
    parts = []
    for part in code.split("+"):
        if part in names:
            parts.append(names[part])
        elif part.endswith("_TOTAL"):
            parts.append(_("Total"))
        else:
            for prefix, shown in PREFIXES:
                if part.startswith(prefix):
                    part = shown + part.removeprefix(prefix)
                    break
            parts.append(part)
    return " · ".join(parts)
