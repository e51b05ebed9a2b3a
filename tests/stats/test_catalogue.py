"""The curated catalogue: every indicator says what it is (issue 20, defect 6)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from imdi_portal.core.models import Country
from imdi_portal.stats import catalogue
from imdi_portal.stats.importing.base import ImportContext
from imdi_portal.stats.importing.observations import _create_indicators
from imdi_portal.stats.indicators import REGISTRY
from imdi_portal.stats.models import Indicator, ObservationStaging, Projection
from imdi_portal.stats.services import import_job_create, import_job_run, indicators_recompute
from tests.stats.factories import IndicatorFactory, ObservationFactory
from tests.stats.wdi_files import write_wdi

# The codes the portal imports or derives; each must be described by the catalogue.
KNOWN = (
    "BX.TRF.PWKR.CD.DT",
    "BM.TRF.PWKR.CD.DT",
    "BX.TRF.PWKR.DT.GD.ZS",
    "SM.POP.NETM",
    "SP.POP.TOTL",
    "NY.GDP.MKTP.CD",
    "SL.UEM.TOTL.ZS",
    "SI.RMT.COST.OB.ZS",
    "SI.RMT.COST.IB.ZS",
    "UNDESA.MIGSTOCK",
    "KNOMAD.BILATERAL",
    "WB.MIGSTOCK.BILATERAL",
    "ATCR.CORR",
    "EAR_4MTH_SEX_GEO_CUR_NB_A",
    "MST_XWAP_SEX_AGE_CCT_NB_A",
    "IMDI.BX.TRF.PWKR.GD.ZS",
    "IMDI.BX.TRF.PWKR.PC",
)


@pytest.mark.parametrize("code", sorted({*KNOWN, *REGISTRY}))
def test_every_known_and_derived_indicator_is_described(code):
    entry = catalogue.entry(code)
    assert entry is not None, f"{code} is not in imdi_portal/stats/data/catalogue.json"
    assert entry["kind"] in Indicator.Kind.values
    for field in ("unit", "source", "licence", "source_url", "definition_source"):
        assert entry[field].strip()
    for language in ("en", "fr", "es"):
        assert entry[f"name_{language}"].strip() and entry[f"definition_{language}"].strip()


def test_kinds_follow_what_the_values_can_do():
    kinds = {code: catalogue.entry(code)["kind"] for code in KNOWN}
    assert kinds["SM.POP.NETM"] == "balance"  # immigrants minus emigrants, changes sign
    assert kinds["SL.UEM.TOTL.ZS"] == "share"
    assert kinds["BX.TRF.PWKR.CD.DT"] == "amount" and kinds["UNDESA.MIGSTOCK"] == "count"
    # Remittances are not part of GDP: a ratio, not a share bounded by 100 %.
    assert kinds["BX.TRF.PWKR.DT.GD.ZS"] == "rate"


def test_definitions_are_the_sources_own():
    assert catalogue.entry("SM.POP.NETM")["definition_en"].startswith(
        "Net migration is the net total of migrants during the period"
    )
    undesa = catalogue.entry("UNDESA.MIGSTOCK")
    assert "foreign-born" in undesa["definition_en"]
    assert undesa["source_url"] == (
        "https://www.un.org/development/desa/pd/content/international-migrant-stock"
    )
    # The portal says where the wording is its own.
    assert catalogue.entry("IMDI.BX.TRF.PWKR.PC")["definition_source"].startswith("portal")


def test_a_malformed_entry_is_refused():
    with pytest.raises(catalogue.CatalogueError, match=r"X\.Y: missing definition_fr"):
        catalogue._check({**catalogue.entry("SP.POP.TOTL"), "code": "X.Y", "definition_fr": ""}, 1)
    with pytest.raises(catalogue.CatalogueError, match="unknown kind 'ratio'"):
        catalogue._check({**catalogue.entry("SP.POP.TOTL"), "kind": "ratio"}, 1)


def _stage(job_id, *codes):
    for line, code in enumerate(codes, start=1):
        ObservationStaging.objects.create(
            job_id=job_id,
            line=line,
            indicator_code=code,
            area_code="SEN",
            period="2020",
            year=2020,
            sex="T",
            value=1.0,
        )


@pytest.mark.django_db
def test_a_new_indicator_takes_the_files_definition_and_the_catalogue_for_the_rest():
    _stage(7, "SM.POP.NETM", "NEW.CODE")
    context = ImportContext(
        name="file.csv",
        source_label="WDI",
        licence="CC BY 4.0",
        vintage="2024-06-28",
        indicator_names={"SM.POP.NETM": "Net migration"},
        indicator_metadata={
            "SM.POP.NETM": {
                "definition_en": "The file's own words.",
                "kind": "ratio",  # not a kind: the catalogue's stands
                "source": "United Nations Population Division.",
            }
        },
    )
    assert _create_indicators(7, context) == {"SM.POP.NETM", "NEW.CODE"}
    net = Indicator.objects.get(code="SM.POP.NETM")
    assert net.definition_en == "The file's own words."
    assert net.definition_fr.startswith("La migration nette est le total net")
    assert net.kind == "balance" and net.unit == "persons"
    assert net.name_es == "Migración neta" and net.vintage == "2024-06-28"
    assert net.source == "WDI"  # the importer's label, which pages and apps filter on
    # A code the catalogue does not know keeps the importer's defaults, nothing invented.
    new = Indicator.objects.get(code="NEW.CODE")
    assert (new.name_en, new.source, new.kind, new.definition_en) == ("NEW.CODE", "WDI", "", "")


@pytest.mark.django_db
def test_an_import_never_overwrites_what_someone_edited_nor_erases_with_empty():
    IndicatorFactory(
        code="SP.POP.TOTL",
        name_en="Population (edited)",
        definition_en="Edited in the admin.",
        unit="",
        vintage="2025-07-01",
    )
    _stage(8, "SP.POP.TOTL")
    context = ImportContext(
        name="pop.csv",
        vintage="2024-01-01",  # an older release does not move the vintage back
        indicator_metadata={"SP.POP.TOTL": {"definition_en": "From the file.", "name_fr": ""}},
    )
    _create_indicators(8, context)
    pop = Indicator.objects.get(code="SP.POP.TOTL")
    assert pop.name_en == "Population (edited)" and pop.definition_en == "Edited in the admin."
    assert pop.unit == "persons" and pop.kind == "count" and pop.name_fr == "Population, total"
    assert pop.vintage == "2025-07-01"


@pytest.mark.django_db
def test_a_files_definition_replaces_the_catalogues_text_and_a_newer_vintage_the_older():
    curated = catalogue.entry("NY.GDP.MKTP.CD")
    IndicatorFactory(
        code="NY.GDP.MKTP.CD", definition_en=curated["definition_en"], vintage="2023-12-01"
    )
    _stage(9, "NY.GDP.MKTP.CD")
    context = ImportContext(
        name="gdp.csv",
        vintage="2024-10-24",
        indicator_metadata={"NY.GDP.MKTP.CD": {"definition_en": "GDP, as the file says."}},
    )
    _create_indicators(9, context)
    gdp = Indicator.objects.get(code="NY.GDP.MKTP.CD")
    assert gdp.definition_en == "GDP, as the file says." and gdp.vintage == "2024-10-24"


@pytest.mark.django_db
def test_a_wdi_import_gives_its_indicator_the_catalogue_metadata(tmp_path):
    path = write_wdi(
        tmp_path / "paid.csv",
        {"SEN": {"2019": "5"}},
        indicator="BM.TRF.PWKR.CD.DT",
        name="Personal remittances, paid (current US$)",
        vintage="2021-09-15",
    )
    job = import_job_run(job_id=import_job_create(source="wdi", path=path).pk)
    assert job.status == "succeeded", job.error
    paid = Indicator.objects.get(code="BM.TRF.PWKR.CD.DT")
    assert paid.kind == "amount" and paid.unit == "current US$" and paid.licence == "CC BY 4.0"
    assert paid.definition_es.startswith("Las remesas personales comprenden")
    assert paid.source_url == "https://data.worldbank.org/indicator/BM.TRF.PWKR.CD.DT"
    assert paid.vintage == "2021-09-15"


@pytest.mark.django_db
def test_catalogue_apply_fills_existing_rows_and_keeps_edits(capsys):
    IndicatorFactory(code="SL.UEM.TOTL.ZS", name_en="SL.UEM.TOTL.ZS", unit="% (edited)")
    IndicatorFactory(code="NOT.IN.CATALOGUE")
    call_command("catalogue_apply")
    unemployment = Indicator.objects.get(code="SL.UEM.TOTL.ZS")
    assert unemployment.name_en.startswith("Unemployment, total")  # the code was a placeholder
    assert unemployment.unit == "% (edited)" and unemployment.kind == "share"
    assert unemployment.definition_fr.startswith("Le chômage désigne")
    assert "filled 1 indicator(s)" in capsys.readouterr().out
    assert catalogue.catalogue_apply() == {}  # nothing left to fill


@pytest.mark.django_db
def test_catalogue_apply_drops_the_projections_a_balance_should_never_have_had():
    net = IndicatorFactory(code="SM.POP.NETM", kind="")
    for i in range(8):
        ObservationFactory(indicator=net, country=Country.objects.get(iso3="DEU"), year=2016 + i)
    Projection.objects.create(
        indicator=net,
        area_code="DEU",
        year=2024,
        value=390_694,
        lower=1,
        upper=2,
        method="log-linear",
        base_first_year=2016,
        base_last_year=2023,
        base_points=8,
        computed_at=timezone.now(),
    )
    call_command("catalogue_apply", "--only", "SM.POP.NETM")
    assert Indicator.objects.get(code="SM.POP.NETM").kind == "balance"
    assert not Projection.objects.filter(indicator=net).exists()


@pytest.mark.django_db
def test_recomputed_derived_indicators_get_their_kind_and_definitions():
    indicators_recompute(only=["IMDI.SM.POP.NETM.PT", "IMDI.MIGSTOCK.ABROAD"])
    rate = Indicator.objects.get(code="IMDI.SM.POP.NETM.PT")
    assert rate.kind == "rate" and rate.is_derived
    assert rate.definition_en and rate.definition_fr and rate.definition_es
    abroad = Indicator.objects.get(code="IMDI.MIGSTOCK.ABROAD")
    assert abroad.kind == "count" and "born in the country" in abroad.name_en
