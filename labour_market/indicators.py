"""Derived migration indicators (see imdi_portal.stats.indicators for the formula kinds).

Inputs: UN DESA international migrant stock by destination and origin (UNDESA.MIGSTOCK; the
destination's total has no counterpart) and the World Bank's population (SP.POP.TOTL), which
`import_data wdi` loads from the WDI file API_SP.POP.TOTL_DS2_….csv. Without population, the
two shares are simply not computed. UN DESA counts international migrants mostly by country of
birth (by citizenship where a destination has no birthplace data): the stock summed by origin
is "emigrants born in X", never "nationals of X".
"""

from imdi_portal.stats import indicators as derived
from imdi_portal.stats.indicators import DerivedIndicator

STOCK = "UNDESA.MIGSTOCK"
ABROAD = "IMDI.MIGSTOCK.ABROAD"
POPULATION = "SP.POP.TOTL"


def _growth(lag: int) -> tuple[DerivedIndicator, ...]:
    return (
        DerivedIndicator(
            code=f"IMDI.MIGSTOCK.GR{lag}",
            name_en=f"Migrant stock, growth over {lag} years (%)",
            name_fr=f"Effectif de migrants, croissance sur {lag} ans (%)",
            name_es=f"Población migrante, crecimiento en {lag} años (%)",
            unit="%",
            kind="growth",
            inputs=(STOCK,),
            lag=lag,
            description=(
                f"100 x (UNDESA.MIGSTOCK in year t / the same series in year t-{lag} - 1), "
                "for each destination, and each destination and origin pair."
            ),
        ),
        DerivedIndicator(
            code=f"IMDI.MIGSTOCK.ABROAD.GR{lag}",
            name_en=f"Emigrants (born in the country, living abroad), growth over {lag} years (%)",
            name_fr=(
                f"Émigrés (nés dans le pays, vivant à l'étranger), croissance sur {lag} ans (%)"
            ),
            name_es=(
                "Emigrantes (nacidos en el país que viven en el extranjero), "
                f"crecimiento en {lag} años (%)"
            ),
            unit="%",
            kind="growth",
            inputs=(ABROAD,),
            lag=lag,
            description=f"100 x ({ABROAD} in year t / in year t-{lag} - 1).",
        ),
    )


DERIVED: tuple[DerivedIndicator, ...] = (
    DerivedIndicator(
        code=ABROAD,
        name_en="Emigrants: international migrants born in the country, living abroad (persons)",
        name_fr=(
            "Émigrés : migrants internationaux nés dans le pays, vivant à l'étranger (personnes)"
        ),
        name_es=(
            "Emigrantes: migrantes internacionales nacidos en el país que viven en el extranjero "
            "(personas)"
        ),
        unit="persons",
        kind="sum_by_counterpart",
        inputs=(STOCK,),
        description=(
            "Sum of UNDESA.MIGSTOCK over the destination countries that report this origin, "
            "same year; regional aggregates are not added."
        ),
    ),
    DerivedIndicator(
        code="IMDI.MIGSTOCK.IMM.PT",
        name_en="Immigrants (% of population)",
        name_fr="Immigrés (% de la population)",
        name_es="Inmigrantes (% de la población)",
        unit="%",
        kind="ratio",
        inputs=(STOCK, POPULATION),
        scale=100.0,
        description="100 x UNDESA.MIGSTOCK (all origins) / SP.POP.TOTL, same area and year.",
    ),
    DerivedIndicator(
        code="IMDI.MIGSTOCK.EMI.PT",
        name_en="Emigrants (% of population)",
        name_fr="Émigrés (% de la population)",
        name_es="Emigrantes (% de la población)",
        unit="%",
        kind="ratio",
        inputs=(ABROAD, POPULATION),
        scale=100.0,
        description=f"100 x {ABROAD} / SP.POP.TOTL, same country and year.",
    ),
    # WDI net migration (SM.POP.NETM, UN Population Division estimates) per 1,000 inhabitants.
    DerivedIndicator(
        code="IMDI.SM.POP.NETM.PT",
        name_en="Net migration per 1,000 inhabitants",
        name_fr="Migration nette pour 1 000 habitants",
        name_es="Migración neta por cada 1.000 habitantes",
        unit="per 1,000 inhabitants",
        kind="ratio",
        inputs=("SM.POP.NETM", "SP.POP.TOTL"),
        scale=1000.0,
        description="1000 x SM.POP.NETM / SP.POP.TOTL, same economy and year.",
    ),
    *_growth(5),
    *_growth(10),
)


def register() -> None:
    """Declare the derived migration indicators (called by apps.py)."""
    for definition in DERIVED:
        derived.register(definition)
