"""Reads of the certification app, shared by pages and API. Public reads never touch audit
findings, self-assessments or evidence."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from certification import workflow
from certification.models import (
    Application,
    Label,
    Principle,
    PrincipleIndicator,
    PrincipleSet,
    Twinning,
    TwinningReview,
)
from imdi_portal.core.models import Country


def label_list() -> QuerySet[Label]:
    """Every label issued, newest first, with what a registry row shows."""
    return Label.objects.select_related("enterprise__country", "enterprise__sector").order_by(
        "enterprise__legal_name", "-issued_on"
    )


def registry_countries() -> QuerySet[Country]:
    """Countries of the enterprises in the registry, for its country picker."""
    return Country.objects.filter(
        pk__in=Label.objects.values("enterprise__country")
    ).ordered_by_name()


def twinning_countries() -> QuerySet[Country]:
    """Countries of origin or destination of a twinning, for the twinning list's picker."""
    return Country.objects.filter(
        Q(pk__in=Twinning.objects.values("origin"))
        | Q(pk__in=Twinning.objects.values("destination"))
    ).ordered_by_name()


def enterprise_label_list(slug: str) -> list[Label]:
    return list(label_list().filter(enterprise__slug=slug).prefetch_related("history"))


def principle_set_current_get() -> PrincipleSet | None:
    return (
        PrincipleSet.objects.filter(is_current=True)
        .prefetch_related(
            Prefetch(
                "principles",
                queryset=Principle.objects.prefetch_related(
                    Prefetch("indicators", queryset=PrincipleIndicator.objects.order_by("code"))
                ),
            )
        )
        .first()
    )


def application_list(user: Any) -> QuerySet[Application]:
    qs = Application.objects.select_related("enterprise__country", "principle_set")
    if not user.is_authenticated:
        return qs.none()
    if workflow.is_officer(user):
        return qs
    if user.organisation_id:
        return qs.filter(enterprise__organisation=user.organisation_id)
    return qs.filter(auditor=user)


def application_get(user: Any, pk: int) -> Application | None:
    application = (
        Application.objects.select_related("enterprise__country", "enterprise__sector")
        .prefetch_related("self_assessments__indicator", "evidence", "transitions__by")
        .filter(pk=pk)
        .first()
    )
    if application is None or not workflow.can_view(user, application):
        return None
    return application


def twinning_list() -> QuerySet[Twinning]:
    return Twinning.objects.select_related("origin", "destination").order_by(
        "origin__name_en", "destination__name_en"
    )


def twinning_get(slug: str) -> Twinning | None:
    return (
        twinning_list()
        .prefetch_related(
            "commitments",
            "benefits",
            Prefetch(
                "reviews",
                queryset=TwinningReview.objects.prefetch_related("ratings__commitment"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def country_section(country: Country) -> dict[str, Any] | None:
    """Labelled enterprises of the country and its twinnings, in one query (a UNION of the
    few columns the profile shows)."""
    from django.db.models import CharField, F, Q, Value

    labels = (
        Label.objects.filter(enterprise__country=country)
        .exclude(status=Label.Status.EXPIRED)
        .order_by()  # a UNION's parts carry no ORDER BY
        .values_list(
            Value("label", output_field=CharField()),
            F("enterprise__slug"),
            F("enterprise__legal_name"),
            F("status"),
            F("expires_on"),
            F("is_sample"),
        )
    )
    twinnings = (
        Twinning.objects.filter(Q(origin=country) | Q(destination=country))
        .order_by()
        .values_list(
            Value("twinning", output_field=CharField()),
            F("slug"),
            F("title"),
            F("status"),
            F("signed_on"),
            F("is_sample"),
        )
    )
    rows = [
        {
            "kind": kind,
            "slug": slug,
            "name": name,
            "status": status,
            "day": day,
            "is_sample": sample,
        }
        for kind, slug, name, status, day, sample in labels.union(twinnings, all=True)[:60]
    ]
    if not rows:
        return None
    for row in rows:
        choices = Label.Status if row["kind"] == "label" else Twinning.Status
        row["status_label"] = choices(row["status"]).label
    return {
        "country": country,
        "labels": sorted((r for r in rows if r["kind"] == "label"), key=lambda r: r["name"]),
        "twinnings": sorted((r for r in rows if r["kind"] == "twinning"), key=lambda r: r["name"]),
    }


def label_verification_get(number: str) -> dict[str, Any]:
    """What the verification page and API answer for a typed number: 'valid', 'suspended',
    'withdrawn', 'expired' or 'unknown' (also for a number that cannot be one)."""
    from certification.numbers import normalise

    canonical = normalise(number)
    label = None
    if canonical:
        label = (
            Label.objects.select_related("enterprise__country", "enterprise__sector")
            .filter(number=canonical)
            .first()
        )
    if label is None:
        return {
            "number": canonical or number.strip()[:40],
            "status": "unknown",
            "label": None,
            "well_formed": canonical is not None,
        }
    status = "valid" if label.status == Label.Status.ACTIVE else label.status
    if status == "valid" and label.expires_on < timezone.localdate():
        status = "expired"  # the daily task has not run yet: never answer "valid" late
    return {"number": canonical, "status": status, "label": label, "well_formed": True}
