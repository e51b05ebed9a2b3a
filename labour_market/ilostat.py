"""ILOSTAT's CSV downloads mapped onto the statistical store.

ILOSTAT publishes each indicator as a long table, one value per row, in two variants:

- codes (the bulk download): ref_area (ISO 3166-1 alpha-3), indicator, sex (SEX_T/M/F/O),
  classif1, classif2 (AGE_*, ECO_*, OCU_*, EDU_*, GEO_COV_*, CUR_TYPE_*, ...), time (2019,
  2019Q1, 2019M03), obs_value, obs_status;
- labels (the data explorer's download): the same columns suffixed ".label" holding English
  names ("Republic of Moldova", "Female", "Area type: Urban"), with the indicator's code only
  in the file name (EAR_4MTH_SEX_GEO_CUR_NB_A-....csv).

Dimensions of the store: `sex` is T/M/F/O; `age` keeps the ILO age code (AGE_YTHADULT_Y15-24),
because ILOSTAT repeats the same ages in several bandings; `classification` keeps every other
breakdown code, joined with "+" in the file's order (ECO_ISIC4_A, OCU_ISCO08_2,
GEO_COV_URB+CUR_TYPE_USD). Labels are turned into those codes where the ILO's coding rule is
certain (sex, area type, ISIC and ISCO sections, age ranges); other labels become a code built
from the label (CUR_2021PPP), so that each distinct breakdown keeps a distinct key.

The data explorer also downloads in French and Spanish ("Femmes", "Mujeres", "Edad (Tramos
agregados): Total", "Poco fiable"): the labels of sex, observation status, the dimensions
and their versions are mapped to the same codes as the English ones (#21). Only ILOSTAT's
own wordings are listed; a value with no code rule (an occupation's name) becomes a code
built from the label in the file's language, as an English one does.
"""

import re

from imdi_portal.stats.importing.errors import RowError
from imdi_portal.stats.models.store import ObservationStatus, Sex

SEX_CODES = {"SEX_T": Sex.TOTAL, "SEX_M": Sex.MALE, "SEX_F": Sex.FEMALE, "SEX_O": Sex.OTHER}
SEX_LABELS = {
    "Total": Sex.TOTAL,
    "Male": Sex.MALE,
    "Female": Sex.FEMALE,
    "Other": Sex.OTHER,
    "Hommes": Sex.MALE,
    "Femmes": Sex.FEMALE,
    "Hombres": Sex.MALE,
    "Mujeres": Sex.FEMALE,
}
SEX_PREFIXES = ("Sex: ", "Sexe: ", "Sexo: ")
STATUS_CODES = {
    "B": ObservationStatus.BREAK,
    "U": ObservationStatus.UNRELIABLE,
    "P": ObservationStatus.PROVISIONAL,
    "E": ObservationStatus.ESTIMATE,
    "F": ObservationStatus.FORECAST,
}
STATUS_LABELS = {
    "Break in series": ObservationStatus.BREAK,
    "Unreliable": ObservationStatus.UNRELIABLE,
    "Provisional": ObservationStatus.PROVISIONAL,
    "Estimate": ObservationStatus.ESTIMATE,
    "Forecast": ObservationStatus.FORECAST,
    "Rupture de série": ObservationStatus.BREAK,
    "Ruptura de serie": ObservationStatus.BREAK,
    "Peu fiable": ObservationStatus.UNRELIABLE,
    "Poco fiable": ObservationStatus.UNRELIABLE,
    "Provisoire": ObservationStatus.PROVISIONAL,  # Spanish: "Provisional", as in English
    "Estimation": ObservationStatus.ESTIMATE,
    "Estimación": ObservationStatus.ESTIMATE,
}
# "Dimension (version): value" label -> code prefix.
DIMENSIONS = {
    "Age": "AGE",
    "Economic activity": "ECO",
    "Occupation": "OCU",
    "Education": "EDU",
    "Area type": "GEO_COV",
    "Currency": "CUR",
    "Citizenship": "CCT",  # MST_XWAP_SEX_AGE_CCT_NB_A: CCT_NATIONALCITIZENS, ...
    # French
    "Âge": "AGE",
    "Activité économique": "ECO",
    "Profession": "OCU",
    "Éducation": "EDU",
    "Monnaie": "CUR",
    # Spanish
    "Edad": "AGE",
    "Actividad económica": "ECO",
    "Ocupación": "OCU",
    "Educación": "EDU",
    "Moneda": "CUR",
}
# The words that tell a download's language ("" = the same in every language).
FRENCH_WORDS = {
    "Hommes",
    "Femmes",
    "Sexe",
    "Âge",
    "Activité économique",
    "Profession",
    "Éducation",
    "Monnaie",
    "Rupture de série",
    "Peu fiable",
    "Provisoire",
    "Estimation",
}
SPANISH_WORDS = {
    "Hombres",
    "Mujeres",
    "Sexo",
    "Edad",
    "Actividad económica",
    "Ocupación",
    "Educación",
    "Moneda",
    "Ruptura de serie",
    "Poco fiable",
    "Estimación",
}
ENGLISH_WORDS = {
    "Male",
    "Female",
    "Sex",
    "Age",
    "Economic activity",
    "Occupation",
    "Education",
    "Currency",
    "Area type",
    "Citizenship",
    "Break in series",
    "Unreliable",
    "Estimate",
    "Forecast",
}
# Economies of ILOSTAT's labels outside ISO 3166-1, by the codes of their statistical areas.
NON_ISO_AREAS = {"Kosovo": "XKX", "Channel Islands": "CHI"}
VERSIONS = {
    "ISIC-Rev.4": "ISIC4",
    "ISCO-08": "ISCO08",
    "Youth, adults": "YTHADULT",
    "Aggregate bands": "AGGREGATE",
    "5-year bands": "5YRBANDS",
    "10-year bands": "10YRBANDS",
    "ISCED-11": "ISCED11",
    "Aggregate levels": "AGGREGATE",
    "Aggregate": "AGGREGATE",
    # French
    "CITI-Rév.4": "ISIC4",
    "CITP-08": "ISCO08",
    "Jeunes, adultes": "YTHADULT",
    "Agrégats de tranches": "AGGREGATE",
    "Agrégat": "AGGREGATE",
    "Agrégats": "AGGREGATE",
    "Tranches de 5 ans": "5YRBANDS",
    "Tranches de 10 ans": "10YRBANDS",
    "CITE-11": "ISCED11",
    # Spanish
    "CIIU-Rev.4": "ISIC4",
    "CIUO-08": "ISCO08",
    "Jóvenes, adultos": "YTHADULT",
    "Tramos agregados": "AGGREGATE",
    "Agregado": "AGGREGATE",
    "Tramos de 5 años": "5YRBANDS",
    "Tramos de 10 años": "10YRBANDS",
    "CINE-11": "ISCED11",
}
AREA_TYPES = {"National": "NAT", "Urban": "URB", "Rural": "RUR"}
TIME_RE = re.compile(r"^(\d{4})(?:([QM])(\d{1,2}))?$", re.ASCII)
LABEL_RE = re.compile(r"^(?P<dim>[^:(]+?)\s*(?:\((?P<version>[^)]*)\))?:\s*(?P<value>.+)$")
SECTION_RE = re.compile(r"^([A-Z0-9]{1,2})\.\s")
AGE_RANGE_RE = re.compile(r"^(\d+)\s*-\s*(\d+)$", re.ASCII)
AGE_PLUS_RE = re.compile(r"^(\d+)\+$", re.ASCII)
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]*$")
INDICATOR_IN_NAME_RE = re.compile(r"([A-Z0-9]+(?:_[A-Z0-9]+)+_[AQM])(?![A-Z0-9_])")


def period(raw: str, line: int, column: str) -> str | RowError:
    match = TIME_RE.match(raw.strip())
    if not match:
        return RowError(line, column, raw, "expected a time such as 2019, 2019Q1 or 2019M03")
    year, kind, number = match.groups()
    if kind == "Q" and number in ("1", "2", "3", "4"):
        return f"{year}-Q{number}"
    if kind == "M" and number.isascii() and number.isdigit() and 1 <= int(number) <= 12:
        return f"{year}-{int(number):02d}"
    if kind is None:
        return year
    return RowError(line, column, raw, "no such quarter or month")


def status(raw: str, labels: bool, line: int, column: str) -> str | RowError:
    raw = raw.strip()
    if not raw:
        return ObservationStatus.NORMAL
    found = (STATUS_LABELS if labels else STATUS_CODES).get(raw)
    if found is None:
        return RowError(line, column, raw, "unknown observation status")
    return found


def sex(raw: str, labels: bool, line: int, column: str) -> str | RowError:
    raw = raw.strip()
    if not raw:
        return Sex.TOTAL  # indicators without a sex breakdown
    for prefix in SEX_PREFIXES:
        raw = raw.removeprefix(prefix)
    found = (SEX_LABELS if labels else SEX_CODES).get(raw)
    if found is None:
        return RowError(line, column, raw, "unknown sex")
    return found


def breakdown_code(raw: str, labels: bool, line: int, column: str) -> str | RowError:
    """The ILO code of one classif1/classif2 cell ('' when the cell is empty)."""
    raw = raw.strip()
    if not raw:
        return ""
    if not labels:
        if not CODE_RE.match(raw):
            return RowError(line, column, raw, "not an ILOSTAT classification code")
        return raw
    match = LABEL_RE.match(raw)
    dimension = DIMENSIONS.get(match.group("dim").strip()) if match else None
    if dimension is None:
        return RowError(
            line,
            column,
            raw,
            f"cannot map the classification label '{raw}': expected 'Dimension: value' or "
            f"'Dimension (version): value' with one of the dimensions {', '.join(DIMENSIONS)}",
        )
    version_label = (match.group("version") or "").strip()
    value = match.group("value").strip()
    if dimension == "GEO_COV":
        return f"GEO_COV_{AREA_TYPES.get(value, _slug(value))}"
    version = VERSIONS.get(version_label, _slug(version_label))
    if dimension == "AGE":
        return f"AGE_{version}_{_age(value)}"
    if value == "Total":
        code = "TOTAL"
    elif section := SECTION_RE.match(value):
        code = section.group(1)
    else:
        code = _slug(value)
    return "_".join(part for part in (dimension, version, code) if part)


def language(*labels: str) -> str:
    """The language of a download told by these label cells: "en", "fr", "es", or "" when
    they are the same in every language (Total, 2019)."""
    for label in labels:
        label = label.strip()
        words = {label, label.split(":")[0].split("(")[0].strip()}
        for code, known in (("fr", FRENCH_WORDS), ("es", SPANISH_WORDS), ("en", ENGLISH_WORDS)):
            if words & known:
                return code
    return ""


def _age(value: str) -> str:
    if value == "Total":
        return "TOTAL"
    if match := AGE_RANGE_RE.match(value):
        return f"Y{match.group(1)}-{match.group(2)}"
    if match := AGE_PLUS_RE.match(value):
        return f"YGE{match.group(1)}"
    return _slug(value)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "", text.upper())


def split_breakdowns(codes: list[str]) -> tuple[str, str]:
    """(age, classification) from the codes of classif1 and classif2."""
    age = next((c for c in codes if c.startswith("AGE_")), "")
    others = "+".join(c for c in codes if c and not c.startswith("AGE_"))
    return age, others


def indicator_from_name(name: str) -> str | None:
    match = INDICATOR_IN_NAME_RE.search(name.upper())
    return match.group(1) if match else None
