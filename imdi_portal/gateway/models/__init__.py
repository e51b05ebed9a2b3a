"""Models of the information gateway (activities, good practices, GCM objectives) and the
directory of focal points and contact points."""

from imdi_portal.gateway.models.directory import Contact, ContactQuerySet
from imdi_portal.gateway.models.entries import (
    Activity,
    GatewayEntry,
    GatewayQuerySet,
    GCMObjective,
    GoodPractice,
)
from imdi_portal.gateway.models.transitions import ActivityTransition, GoodPracticeTransition

__all__ = [
    "Activity",
    "ActivityTransition",
    "Contact",
    "ContactQuerySet",
    "GCMObjective",
    "GatewayEntry",
    "GatewayQuerySet",
    "GoodPractice",
    "GoodPracticeTransition",
]
