"""Remittance indicators: the codes the importers store and the derived ones.

Stored by the importers (imdi_portal.core.models.Observation):
- WDI series, by economy and year (`import_data wdi`): BX.TRF.PWKR.CD.DT personal remittances
  received, BM.TRF.PWKR.CD.DT paid (current US$), BX.TRF.PWKR.DT.GD.ZS received (% of GDP).
- KNOMAD.BILATERAL: the World Bank/KNOMAD bilateral remittance matrix (`import_data knomad`),
  US$ millions; area = sending country, counterpart = receiving country.
- ATCR.CORR: the World Bank's average total cost to send USD 200 in a corridor, by quarter
  (`import_data rpw`, DataBank export); area = sending, counterpart = receiving.
Provider-level Remittance Prices Worldwide rows go to remittances.models.RemittanceService;
the cost averages derived from both are the derived table below (see remittances.costs).
"""

from imdi_portal.stats import indicators as derived
from imdi_portal.stats.indicators import DerivedIndicator, DerivedTable

RECEIVED = "BX.TRF.PWKR.CD.DT"
PAID = "BM.TRF.PWKR.CD.DT"
RECEIVED_GDP = "BX.TRF.PWKR.DT.GD.ZS"
POPULATION = "SP.POP.TOTL"
GDP = "NY.GDP.MKTP.CD"
BILATERAL = "KNOMAD.BILATERAL"
MATRIX_RECEIVED = "IMDI.KNOMAD.RECEIVED"
MATRIX_SENT = "IMDI.KNOMAD.SENT"
CORRIDOR_COST = "ATCR.CORR"
# Not an indicator: named by the provider-level importer so that its imports trigger the
# recomputation of the cost averages like any other input.
SERVICES = "RPW.SERVICES"
COST_AVERAGES = "IMDI.RPW.COST-AVERAGES"


def _recompute_costs() -> int:
    from imdi_portal.search.registry import kind_changed
    from remittances.costs import cost_averages_recompute

    rows = cost_averages_recompute()
    # The corridors with a cost figure are searchable (remittances.search); the averages are
    # rewritten in bulk, without the per-row signals that would queue it.
    kind_changed("corridor")
    return rows


DERIVED: tuple[DerivedIndicator, ...] = (
    DerivedIndicator(
        code="IMDI.BM.TRF.PWKR.PC",
        name_en="Personal remittances paid per inhabitant (current US$)",
        name_fr="Envois de fonds personnels payés par habitant ($ US courants)",
        name_es="Remesas personales pagadas por habitante (US$ a precios actuales)",
        unit="current US$",
        kind="ratio",
        inputs=(PAID, POPULATION),
        description=f"{PAID} divided by {POPULATION}, same economy and year.",
    ),
    DerivedIndicator(
        code="IMDI.BM.TRF.PWKR.GD.ZS",
        name_en="Personal remittances paid (% of GDP)",
        name_fr="Envois de fonds personnels payés (% du PIB)",
        name_es="Remesas personales pagadas (% del PIB)",
        unit="%",
        kind="ratio",
        inputs=(PAID, GDP),
        scale=100.0,
        description=f"100 x {PAID} / {GDP}, same economy and year.",
    ),
    DerivedIndicator(
        code="IMDI.BM.TRF.PWKR.GR",
        name_en="Personal remittances paid, annual growth (%)",
        name_fr="Envois de fonds personnels payés, croissance annuelle (%)",
        name_es="Remesas personales pagadas, crecimiento anual (%)",
        unit="%",
        kind="growth",
        inputs=(PAID,),
        description="100 x (value of year t / value of year t-1 - 1), nominal US$.",
    ),
    DerivedIndicator(
        code="IMDI.BX.TRF.PWKR.PC",
        name_en="Personal remittances received per inhabitant (current US$)",
        name_fr="Envois de fonds personnels reçus par habitant ($ US courants)",
        name_es="Remesas personales recibidas por habitante (US$ a precios actuales)",
        unit="current US$",
        kind="ratio",
        inputs=(RECEIVED, POPULATION),
        description=f"{RECEIVED} divided by {POPULATION}, same economy and year.",
    ),
    DerivedIndicator(
        code="IMDI.BX.TRF.PWKR.GD.ZS",
        name_en="Personal remittances received (% of GDP)",
        name_fr="Envois de fonds personnels reçus (% du PIB)",
        name_es="Remesas personales recibidas (% del PIB)",
        unit="%",
        kind="ratio",
        inputs=(RECEIVED, GDP),
        scale=100.0,
        description=(
            f"100 x {RECEIVED} / {GDP}, same economy and year (the World Bank publishes its "
            f"own {RECEIVED_GDP}; this one is computed from the two series loaded here)."
        ),
    ),
    DerivedIndicator(
        code="IMDI.BX.TRF.PWKR.GR",
        name_en="Personal remittances received, annual growth (%)",
        name_fr="Envois de fonds personnels reçus, croissance annuelle (%)",
        name_es="Remesas personales recibidas, crecimiento anual (%)",
        unit="%",
        kind="growth",
        inputs=(RECEIVED,),
        description="100 x (value of year t / value of year t-1 - 1), nominal US$.",
    ),
    DerivedIndicator(
        code=MATRIX_RECEIVED,
        name_en="Remittances received from all countries, bilateral estimates (US$ millions)",
        name_fr=(
            "Envois de fonds reçus de tous les pays, estimations bilatérales (millions de $ US)"
        ),
        name_es=(
            "Remesas recibidas de todos los países, estimaciones bilaterales (millones de US$)"
        ),
        unit="US$ millions",
        kind="sum_by_counterpart",
        inputs=(BILATERAL,),
        description=(
            f"Sum of {BILATERAL} over the sending countries, for each receiving country and "
            "year. The matrix's own WORLD row is not imported: it is this sum."
        ),
    ),
    DerivedIndicator(
        code=MATRIX_SENT,
        name_en="Remittances sent to all countries, bilateral estimates (US$ millions)",
        name_fr=("Envois de fonds vers tous les pays, estimations bilatérales (millions de $ US)"),
        name_es=("Remesas enviadas a todos los países, estimaciones bilaterales (millones de US$)"),
        unit="US$ millions",
        kind="sum_by_area",
        inputs=(BILATERAL,),
        description=(
            f"Sum of {BILATERAL} over the receiving countries, for each sending country and year."
        ),
    ),
)

TABLES: tuple[DerivedTable, ...] = (
    DerivedTable(
        code=COST_AVERAGES,
        inputs=(CORRIDOR_COST, BILATERAL, SERVICES),
        run=_recompute_costs,
        description="Average total costs by corridor, country, region, provider type and "
        "instrument, global averages and the SDG 10.c counts (remittances.costs).",
    ),
)


def register() -> None:
    """Declare the derived remittance indicators and the cost averages (called by apps.py)."""
    for definition in DERIVED:
        derived.register(definition)
    for table in TABLES:
        derived.register_table(table)
