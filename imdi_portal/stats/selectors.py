"""Reads of the statistical store shared by pages and API."""

from django.db.models import QuerySet

from imdi_portal.stats.models import Indicator, Observation, Projection


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("code")


def observation_list() -> QuerySet[Observation]:
    """Observed values with what a row shows (indicator, area, counterpart): one query.

    Ordered by the natural key, so that paging walks the unique index. Narrowed by
    imdi_portal.filters.ObservationFilter on pages and in the API.
    """
    return Observation.objects.select_related(
        "indicator", "country", "area", "counterpart"
    ).order_by(
        "indicator_id", "area_code", "counterpart_code", "period", "sex", "age", "classification"
    )


def projection_list() -> QuerySet[Projection]:
    return Projection.objects.select_related("indicator").order_by(
        "indicator_id", "area_code", "counterpart_code", "sex", "age", "classification", "year"
    )
