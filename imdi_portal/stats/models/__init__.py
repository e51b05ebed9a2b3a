"""Models of the statistical store: the catalogue, the observations and the import jobs."""

from imdi_portal.stats.models.imports import ImportJob
from imdi_portal.stats.models.store import (
    Indicator,
    Observation,
    ObservationQuerySet,
    ObservationRevision,
    ObservationStaging,
    Projection,
    StatisticalArea,
)

__all__ = [
    "ImportJob",
    "Indicator",
    "Observation",
    "ObservationQuerySet",
    "ObservationRevision",
    "ObservationStaging",
    "Projection",
    "StatisticalArea",
]
