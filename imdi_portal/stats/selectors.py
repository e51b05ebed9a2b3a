"""Reads of the statistical store shared by pages and API."""

from dataclasses import dataclass

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet

from imdi_portal.core.models import Country
from imdi_portal.stats.catalogue import publisher
from imdi_portal.stats.indicators import REGISTRY as DERIVED
from imdi_portal.stats.indicators import DerivedIndicator
from imdi_portal.stats.models import (
    ImportJob,
    Indicator,
    Observation,
    Projection,
    StatisticalArea,
)
from imdi_portal.stats.projections import method_for, method_label


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("code")


def indicator_choices(*, selected: str = "") -> QuerySet[Indicator]:
    """The indicators the explorer and the map offer: those with at least one observation
    (an EXISTS subquery, one query for the whole list), and the one already `selected` even
    if it has none, so that the picker still shows what the page is about."""
    has_data = Exists(Observation.objects.filter(indicator=OuterRef("pk")))
    return (
        Indicator.objects.annotate(has_data=has_data)
        .filter(Q(has_data=True) | Q(code=selected) if selected else Q(has_data=True))
        .order_by("code")
    )


def indicators_by_source() -> QuerySet[Indicator]:
    """Every indicator, grouped by source for the list page (regroup on `source`)."""
    return Indicator.objects.order_by("source", "code")


def observation_list() -> QuerySet[Observation]:
    """Observed values with what a row shows (indicator, area, counterpart): one query.

    Ordered by the natural key, so that paging walks the unique index. Narrowed by
    imdi_portal.filters.ObservationFilter on pages and in the API.
    """
    return Observation.objects.select_related(
        "indicator", "country", "area", "counterpart", "counterpart_area"
    ).order_by(
        "indicator_id", "area_code", "counterpart_code", "period", "sex", "age", "classification"
    )


def projection_list() -> QuerySet[Projection]:
    return Projection.objects.select_related("indicator").order_by(
        "indicator_id", "area_code", "counterpart_code", "sex", "age", "classification", "year"
    )


@dataclass
class IndicatorCoverage:
    """What the indicator page shows of the values behind an indicator."""

    countries: list[Country]
    areas: list[StatisticalArea]
    first_year: int | None
    last_year: int | None
    last_job: ImportJob | None
    derived: DerivedIndicator | None
    projection_method: str
    publisher: str

    @property
    def projection_method_label(self) -> str:
        return method_label(self.projection_method)


def indicator_get(*, code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).first()


def indicator_coverage(*, indicator: Indicator) -> IndicatorCoverage:
    """Countries and other areas with values, the years covered and the last import that
    wrote any of them: four queries, whatever the size of the indicator."""
    rows = Observation.objects.filter(indicator=indicator).order_by()
    countries = list(
        Country.objects.filter(pk__in=rows.filter(country__isnull=False).values("country_id"))
    )
    countries.sort(key=lambda country: country.name)
    areas = list(
        StatisticalArea.objects.filter(pk__in=rows.filter(area__isnull=False).values("area_id"))
    )
    # Job ids grow with time: the highest one is the latest import still behind a value.
    span = rows.aggregate(first=Min("year"), last=Max("year"), job=Max("import_job_id"))
    last_job = ImportJob.objects.filter(pk=span["job"]).first() if span["job"] else None
    return IndicatorCoverage(
        countries=countries,
        areas=areas,
        first_year=span["first"],
        last_year=span["last"],
        last_job=last_job,
        derived=DERIVED.get(indicator.code),
        projection_method=method_for(indicator.kind),
        publisher=publisher(indicator),
    )
