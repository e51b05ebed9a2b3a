"""Models of the core app, one module per concept."""

from imdi_portal.models.directory import Contact
from imdi_portal.models.gateway import Activity, GatewayEntry, GCMObjective, GoodPractice
from imdi_portal.models.imports import ImportJob
from imdi_portal.models.reference import (
    Component,
    Country,
    CountryQuerySet,
    IncomeGroup,
    Organisation,
    OrganisationQuerySet,
    Region,
    Theme,
    User,
)
from imdi_portal.models.statistics import (
    Indicator,
    Observation,
    ObservationQuerySet,
    ObservationRevision,
    ObservationStaging,
    Projection,
    StatisticalArea,
    StatisticsVersion,
)
from imdi_portal.models.workflow import TransitionLog

__all__ = [
    "Activity",
    "Component",
    "Contact",
    "Country",
    "CountryQuerySet",
    "GCMObjective",
    "GatewayEntry",
    "GoodPractice",
    "ImportJob",
    "IncomeGroup",
    "Indicator",
    "Observation",
    "ObservationQuerySet",
    "ObservationRevision",
    "ObservationStaging",
    "Organisation",
    "OrganisationQuerySet",
    "Projection",
    "Region",
    "StatisticalArea",
    "StatisticsVersion",
    "Theme",
    "TransitionLog",
    "User",
]
