"""Models of the core app, one module per concept."""

from imdi_portal.core.models.cache import StatisticsVersion
from imdi_portal.core.models.notifications import Notification, NotificationQuerySet
from imdi_portal.core.models.reference import (
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
from imdi_portal.core.models.workflow import TransitionLog

__all__ = [
    "Component",
    "Country",
    "CountryQuerySet",
    "IncomeGroup",
    "Notification",
    "NotificationQuerySet",
    "Organisation",
    "OrganisationQuerySet",
    "Region",
    "StatisticsVersion",
    "Theme",
    "TransitionLog",
    "User",
]
