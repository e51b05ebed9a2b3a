"""Reads of the projects app, shared by pages, admin and API."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from imdi_portal.core.models import Country, Organisation
from imdi_portal.core.roles import Role, has_role
from projects import workflow
from projects.models import (
    ZERO,
    Allocation,
    Contribution,
    Disbursement,
    InvolvedCountry,
    Partner,
    Proposal,
    ResultLine,
    Review,
)


def project_countries() -> QuerySet[Country]:
    """Countries that public projects involve, for the project list's country picker."""
    involved = InvolvedCountry.objects.filter(proposal__in=Proposal.objects.public())
    return Country.objects.filter(pk__in=involved.values("country")).ordered_by_name()


def project_list() -> QuerySet[Proposal]:
    """Public projects (approved and later) with what a list row shows, in constant queries."""
    return (
        Proposal.objects.public()
        .with_totals()
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "countries",
                queryset=InvolvedCountry.objects.select_related("country").only(
                    "proposal_id",
                    "role",
                    "endorsement",
                    "country__iso2",
                    *(f"country__{f}" for f in Country.LINK_FIELDS),
                ),
            ),
            "components",
            Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
        )
        .order_by("-state_changed_at", "-pk")
    )


def project_get(reference: str) -> Proposal | None:
    return (
        project_list()
        .prefetch_related(
            "themes",
            "results",
            "budget_lines",
            "co_financing",
            "reports",
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("contribution__donor").order_by(
                    "allocated_at"
                ),
            ),
        )
        .filter(reference=reference)
        .first()
    )


def project_donor_list(project: Proposal) -> list[dict[str, Any]]:
    """Who funds a project: allocations summed per donor."""
    rows: dict[int, dict[str, Any]] = {}
    for allocation in project.allocations.all():
        donor = allocation.contribution.donor
        row = rows.setdefault(donor.pk, {"donor": donor, "amount": ZERO})
        row["amount"] += allocation.amount
    return sorted(rows.values(), key=lambda r: -r["amount"])


def proposal_list(user: Any) -> QuerySet[Proposal]:
    """The private list: what this user may open (same rules as workflow.can_view)."""
    qs = Proposal.objects.select_related("organisation").prefetch_related(
        Prefetch("countries", queryset=InvolvedCountry.objects.select_related("country"))
    )
    if not user.is_authenticated:
        return qs.none()
    if workflow.is_secretariat(user):
        return qs
    visible = Q(organisation_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    if has_role(user, Role.FOCAL_POINT) and user.country_id:
        visible |= Q(countries__country_id=user.country_id) & ~Q(state=Proposal.State.DRAFT)
    if has_role(user, Role.TAP_MEMBER):
        visible |= Q(reviews__reviewer=user) & ~Q(state=Proposal.State.DRAFT)
        if workflow.is_tap_chair(user):
            visible |= Q(state__in=workflow.CHAIR_SEES, reviews__isnull=False)
    return qs.filter(visible).distinct()


def proposal_content_list(user: Any) -> QuerySet[Proposal]:
    """What the user may open, with everything a proposal's page or API detail shows."""
    return proposal_list(user).prefetch_related(
        "components",
        "themes",
        Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
        "results",
        "budget_lines",
        "co_financing",
    )


def proposal_private_get(user: Any, pk: int) -> Proposal | None:
    return (
        proposal_content_list(user)
        .prefetch_related("attachments", "transitions__by", "versions")
        .filter(pk=pk)
        .first()
    )


def endorsement_pending_list(user: Any) -> QuerySet[InvolvedCountry]:
    """What a focal point has to answer for their country."""
    if not (user.is_authenticated and user.country_id and has_role(user, Role.FOCAL_POINT)):
        return InvolvedCountry.objects.none()
    return InvolvedCountry.objects.filter(
        country_id=user.country_id,
        endorsement=InvolvedCountry.Endorsement.PENDING,
        proposal__state=Proposal.State.ENDORSEMENT,
    ).select_related("proposal__organisation")


def tap_assignment_list(user: Any) -> QuerySet[Review]:
    """A TAP member's reviews of the current version of each proposal assigned to them."""
    if not (user.is_authenticated and has_role(user, Role.TAP_MEMBER)):
        return Review.objects.none()
    return (
        Review.objects.filter(reviewer=user, version=F("proposal__version"))
        .exclude(proposal__state=Proposal.State.DRAFT)
        .select_related("proposal__organisation")
        .order_by("-proposal__state_changed_at", "-pk")
    )


def tap_decision_pending_list(user: Any) -> QuerySet[Proposal]:
    """What waits for the TAP decision, for whoever records it (the chair, the Secretariat)."""
    if not (user.is_authenticated and workflow.decision_capacity(user)):
        return Proposal.objects.none()
    return Proposal.objects.filter(state=Proposal.State.TAP_REVIEW).select_related("organisation")


def review_summary_get(proposal: Proposal) -> dict[str, Any]:
    """Scores of the current version's submitted reviews: per criterion and overall, the
    recommendations, and whether the quorum is reached."""
    reviews = list(proposal.reviews.filter(version=proposal.version).select_related("reviewer"))
    done = [r for r in reviews if r.submitted_at and not r.conflict_declared]
    criteria = []
    for name, label in Review.CRITERIA:
        values = [getattr(r, name) for r in done]
        criteria.append(
            {
                "name": name,
                "label": label,
                "scores": values,
                "mean": (sum(values) / len(values)) if values else None,
            }
        )
    # A submitted review has every score, so its total is never None.
    totals = [total for r in done if (total := r.total) is not None]
    recommendations = {
        choice.label: sum(1 for r in done if r.recommendation == choice.value)
        for choice in Review.Recommendation
    }
    return {
        "reviews": reviews,
        "submitted": done,
        "criteria": criteria,
        "mean_total": (sum(totals) / len(totals)) if totals else None,
        "max_total": 5 * len(Review.CRITERIA),
        "recommendations": recommendations,
        "quorum": settings.PROJECT_TAP_QUORUM,
        "quorum_reached": len(done) >= settings.PROJECT_TAP_QUORUM,
    }


def donor_list() -> QuerySet[Organisation]:
    received = Q(contributions__status=Contribution.Status.RECEIVED)
    return (
        Organisation.objects.filter(contributions__isnull=False)
        .annotate(
            pledged_total=Sum("contributions__amount"),
            received_total=Sum("contributions__amount", filter=received),
            contribution_count=Count("contributions"),
        )
        .order_by("-received_total", "name")
    )


def donor_get(slug: str) -> Organisation | None:
    return donor_list().filter(slug=slug).first()


def donor_contribution_list(donor: Organisation) -> QuerySet[Contribution]:
    return (
        donor.contributions.select_related("project", "component", "country")
        .with_allocated()
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("project").filter(
                    project__state__in=Proposal.PUBLIC_STATES
                ),
            )
        )
    )


def funding_total_list() -> list[dict[str, Any]]:
    """Pledged, received, allocated and disbursed money per currency, for the overview."""
    out: dict[str, dict[str, Decimal]] = {}

    def entry(currency: str) -> dict[str, Decimal]:
        return out.setdefault(
            currency,
            {"pledged": ZERO, "received": ZERO, "allocated": ZERO, "disbursed": ZERO},
        )

    for row in Contribution.objects.values("currency", "status").annotate(s=Sum("amount")):
        entry(row["currency"])["pledged"] += row["s"]
        if row["status"] == Contribution.Status.RECEIVED:
            entry(row["currency"])["received"] += row["s"]
    for row in Allocation.objects.values("contribution__currency").annotate(s=Sum("amount")):
        entry(row["contribution__currency"])["allocated"] += row["s"]
    for row in Disbursement.objects.values("allocation__contribution__currency").annotate(
        s=Sum("amount")
    ):
        entry(row["allocation__contribution__currency"])["disbursed"] += row["s"]
    return [{"currency": c, **v} for c, v in sorted(out.items())]


def pool_balance_list() -> list[dict[str, Any]]:
    """Received, allocated and available money per pool and currency."""
    rows: dict[tuple, dict[str, Any]] = {}
    received = Contribution.objects.filter(status=Contribution.Status.RECEIVED).select_related(
        "project", "component", "country"
    )
    for c in received.with_allocated():
        key = (c.pool_label, c.currency)
        row = rows.setdefault(
            key,
            {"pool": c.pool_label, "currency": c.currency, "received": ZERO, "allocated": ZERO},
        )
        row["received"] += c.amount
        row["allocated"] += c.allocated
    for row in rows.values():
        row["available"] = row["received"] - row["allocated"]
    return sorted(rows.values(), key=lambda r: (r["pool"], r["currency"]))


def country_project_list(country: Country) -> list[Proposal]:
    """The projects section of the country profile: one query."""
    return list(
        Proposal.objects.public()
        .filter(countries__country=country)
        .only(
            "reference",
            "title",
            "title_fr",
            "title_es",
            "state",
            "currency",
            "approved_amount",
            "is_sample",
            "state_changed_at",
        )
        .order_by("-state_changed_at", "-pk")
        .distinct()[:20]
    )


def proposal_gaps_list(proposal: Proposal) -> list[str]:
    """What a proposal still lacks before it can be submitted (empty when complete)."""
    missing = []
    if not proposal.summary.strip():
        missing.append(_("a summary"))
    if not proposal.components.exists():
        missing.append(_("at least one IMDI component"))
    if not proposal.duration_months:
        missing.append(_("the duration"))
    if not proposal.countries.exists():
        missing.append(_("the countries involved"))
    if not proposal.prsp_statement.strip():
        missing.append(_("the alignment with the national development strategy"))
    if not proposal.partners.filter(role__in=[Partner.Role.LEAD, Partner.Role.EXECUTING]):
        missing.append(_("an executing international organisation"))
    if not proposal.results.filter(level=ResultLine.Level.OBJECTIVE).exists():
        missing.append(_("an objective in the results framework"))
    if not proposal.budget_lines.exists():
        missing.append(_("a budget"))
    return missing


def contribution_balance_get(contribution: Contribution) -> Decimal:
    """What is left of a received contribution once its allocations are deducted (0 while
    it is only pledged)."""
    if contribution.status != Contribution.Status.RECEIVED:
        return ZERO
    used = contribution.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
    return contribution.amount - used
