"""Ad hoc projects: proposals, the countries that endorse them, the TAP's reviews, and the
money that funds them (contributions → allocations → disbursements).

A proposal and a project are the same row: a proposal becomes a project when the TAP
approves it. Its state moves only through projects.workflow (the one table of allowed
transitions) and projects.services; every move is a Transition row.

Money is Decimal with two places, always with its ISO 4217 currency. A project's budget,
approved amount and allocations are in the project's currency; an allocation is made from a
contribution in the same currency (no exchange rates are invented).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import (
    Component,
    Country,
    Notification,
    Organisation,
    Theme,
    TransitionLog,
)
from imdi_portal.core.translation import Translated
from imdi_portal.core.uploads import PrivateDocument

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class ProposalQuerySet(models.QuerySet):
    def public(self) -> "ProposalQuerySet":
        """Projects the public sees: approved by the TAP and later (not closed unfunded)."""
        return self.filter(state__in=Proposal.PUBLIC_STATES)

    def involving(self, country: Country) -> "ProposalQuerySet":
        return self.filter(countries__country=country)

    def with_totals(self) -> "ProposalQuerySet":
        allocated = Allocation.objects.filter(project=models.OuterRef("pk")).values("project")
        disbursed = Disbursement.objects.filter(allocation__project=models.OuterRef("pk")).values(
            "allocation__project"
        )
        budget = BudgetLine.objects.filter(proposal=models.OuterRef("pk")).values("proposal")
        return self.annotate(
            budget_total=models.Subquery(
                budget.annotate(s=Sum("amount")).values("s")[:1],
                output_field=models.DecimalField(**MONEY),
            ),
            allocated_total=models.Subquery(
                allocated.annotate(s=Sum("amount")).values("s")[:1],
                output_field=models.DecimalField(**MONEY),
            ),
            disbursed_total=models.Subquery(
                disbursed.annotate(s=Sum("amount")).values("s")[:1],
                output_field=models.DecimalField(**MONEY),
            ),
        )


class Proposal(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ENDORSEMENT = "endorsement", _("Awaiting country endorsement")
        SCREENING = "screening", _("Screening by the Secretariat")
        TAP_REVIEW = "tap_review", _("Technical Advisory Panel review")
        REVISION = "revision", _("Revision requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        FUNDED = "funded", _("Funded")
        IMPLEMENTATION = "implementation", _("In implementation")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")

    PUBLIC_STATES = (
        State.APPROVED,
        State.FUNDED,
        State.IMPLEMENTATION,
        State.COMPLETED,
        State.CLOSED,
    )
    EDITABLE_STATES = (State.DRAFT, State.REVISION)

    reference = models.CharField(_("reference"), max_length=20, unique=True, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("submitting organisation"),
    )
    # Null only for demo records loaded by `load_demo` (no person wrote them).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveSmallIntegerField(
        _("version"), default=0, help_text=_("Incremented at each submission.")
    )
    # Step 1: the project
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    # The public pages show the French or Spanish text where the organisation wrote one.
    localized_title = Translated("title", english="title")
    localized_summary = Translated("summary", english="summary")
    components = models.ManyToManyField(
        Component, blank=True, related_name="proposals", verbose_name=_("IMDI components")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="proposals", verbose_name=_("themes")
    )
    start_date = models.DateField(_("planned start"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    # Step 2: fit with the national development strategy / PRSP
    prsp_statement = models.TextField(
        _("alignment with the national development strategy"), blank=True
    )
    prsp_reference = models.CharField(
        _("strategy document"),
        max_length=300,
        blank=True,
        help_text=_("Title and year of the development strategy or PRSP, and the section."),
    )
    prsp_url = models.URLField(_("link to the strategy"), blank=True)
    # Step 4: budget
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    # Decided by the TAP
    approved_amount = models.DecimalField(_("approved amount"), null=True, blank=True, **MONEY)
    decision_note = models.TextField(_("TAP decision"), blank=True)

    class Capacity(models.TextChoices):
        TAP_CHAIR = "tap_chair", _("TAP chair")
        SECRETARIAT = "secretariat", _("Secretariat on behalf of the TAP")

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_capacity = models.CharField(
        _("decided as"), max_length=12, choices=Capacity.choices, blank=True
    )
    decision_justification = models.TextField(
        _("justification of a decision against the reviews"), blank=True
    )
    is_sample = models.BooleanField(
        _("sample record"),
        default=False,
        help_text=_("Demo record, not a real project; labelled as sample data on pages."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # The core's notices about this proposal: deleted with it, and queryable as
    # Notification.objects.filter(proposal=...).
    notifications = GenericRelation(
        Notification,
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="proposal",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")
        permissions = [
            ("screen_proposal", "Can screen proposals and assign TAP members"),
            ("decide_proposal", "Can record the TAP decision"),
            # Granted to one TAP member's account (not to the role): the panel's chair.
            ("chair_tap", "Chairs the TAP: records its decision"),
            ("manage_funding", "Can record contributions, allocations and disbursements"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('(new)')} · {self.title}"

    def get_absolute_url(self) -> str:
        if self.is_public:
            return reverse("projects:project-detail", kwargs={"reference": self.reference})
        return reverse("projects:proposal-detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @cached_property
    def budget_sum(self) -> Decimal:
        if hasattr(self, "budget_total"):
            return self.budget_total or ZERO
        return self.budget_lines.aggregate(s=Sum("amount"))["s"] or ZERO

    @cached_property
    def allocated_sum(self) -> Decimal:
        if hasattr(self, "allocated_total"):
            return self.allocated_total or ZERO
        return self.allocations.aggregate(s=Sum("amount"))["s"] or ZERO

    @cached_property
    def disbursed_sum(self) -> Decimal:
        if hasattr(self, "disbursed_total"):
            return self.disbursed_total or ZERO
        return (
            Disbursement.objects.filter(allocation__project=self).aggregate(s=Sum("amount"))["s"]
            or ZERO
        )

    @property
    def funding_gap(self) -> Decimal:
        return max((self.approved_amount or ZERO) - self.allocated_sum, ZERO)


class InvolvedCountry(models.Model):
    """A country the project involves, its role, and its endorsement of the current version."""

    class Role(models.TextChoices):
        ORIGIN = "origin", _("Country of origin")
        DESTINATION = "destination", _("Country of destination")
        TRANSIT = "transit", _("Transit country")
        BENEFICIARY = "beneficiary", _("Beneficiary country")

    class Endorsement(models.TextChoices):
        NOT_REQUESTED = "not_requested", _("Not requested yet")
        PENDING = "pending", _("Awaiting endorsement")
        ENDORSED = "endorsed", _("Endorsed")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="countries")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    endorsement = models.CharField(
        _("endorsement"),
        max_length=14,
        choices=Endorsement.choices,
        default=Endorsement.NOT_REQUESTED,
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    endorsement_comment = models.TextField(_("comment"), blank=True)
    # An endorsement the government sent outside the portal (no focal point): its letter,
    # who signed it and when it arrived; endorsed_by is then the Secretariat who recorded it.
    letter = models.ForeignKey(
        "Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("endorsement letter"),
    )
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("involved country")
        verbose_name_plural = _("involved countries")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "country"], name="proposal_country_once")
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.get_role_display()})"


class Partner(models.Model):
    """An executing organisation (GMG member or other IO) or a local partner."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead executing organisation")
        EXECUTING = "executing", _("Executing organisation")
        LOCAL = "local", _("Local partner")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For a partner not in the list.")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return str(self.organisation) if self.organisation_id else self.name


class ResultLine(models.Model):
    """A line of the results framework: an objective, outcome or output, with its indicator,
    baseline and target."""

    class Level(models.TextChoices):
        OBJECTIVE = "objective", _("Objective")
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="results")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    statement = models.CharField(_("statement"), max_length=500)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=120, blank=True)
    target = models.CharField(_("target"), max_length=120, blank=True)
    achieved = models.CharField(
        _("achieved so far"),
        max_length=120,
        blank=True,
        help_text=_("Reported by the executing organisation."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("result")
        verbose_name_plural = _("results framework")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.statement}"


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        STAFF = "staff", _("Staff and personnel")
        TRAVEL = "travel", _("Travel")
        TRAINING = "training", _("Training and workshops")
        EQUIPMENT = "equipment", _("Equipment and supplies")
        CONTRACTS = "contracts", _("Contractual services")
        MONITORING = "monitoring", _("Monitoring and evaluation")
        INDIRECT = "indirect", _("Indirect support costs")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"


class CoFinancing(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="co_financing")
    source = models.CharField(_("source"), max_length=200)
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("co-financing")
        verbose_name_plural = _("co-financing")

    def __str__(self) -> str:
        return f"{self.source}: {self.amount}"


class Attachment(PrivateDocument):
    class Kind(models.TextChoices):
        PROJECT_DOCUMENT = "document", _("Project document")
        BUDGET = "budget", _("Detailed budget")
        LETTER = "letter", _("Letter of support or endorsement")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(PrivateDocument.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def storage_folder(self) -> str:
        return f"proposals/{self.proposal_id}"

    def get_absolute_url(self) -> str:
        return reverse("projects:attachment", kwargs={"token": self.token})


class Transition(TransitionLog):
    """One move of the state machine: who, when, why, and the version it concerned. Never
    edited."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=16, choices=Proposal.State.choices)
    to_state = models.CharField(max_length=16, choices=Proposal.State.choices)
    version = models.PositiveSmallIntegerField(default=0)

    class Meta(TransitionLog.Meta):
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_state} → {self.to_state}"


class ProposalVersion(models.Model):
    """What was submitted, frozen at each submission: revisions never overwrite history."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"


class Screening(models.Model):
    """The Secretariat's eligibility checklist for one version of a proposal."""

    CHECKS = (
        ("fits_components", _("Fits one or more IMDI components")),
        ("all_endorsed", _("Every involved country has endorsed it")),
        ("prsp_aligned", _("Consistent with the national development strategy / PRSP")),
        ("executing_agency", _("Executed by a participating international organisation")),
        ("budget_complete", _("Budget complete and in line with the activities")),
    )

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="screenings")
    version = models.PositiveSmallIntegerField()
    fits_components = models.BooleanField(_("fits one or more IMDI components"), default=False)
    all_endorsed = models.BooleanField(_("every involved country endorsed"), default=False)
    prsp_aligned = models.BooleanField(_("consistent with the PRSP"), default=False)
    executing_agency = models.BooleanField(_("executed by a participating IO"), default=False)
    budget_complete = models.BooleanField(_("budget complete"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    screened_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "version"], name="screening_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.version}"

    @property
    def passed(self) -> bool:
        return all(getattr(self, name) for name, _label in self.CHECKS)


def score_field(label) -> models.PositiveSmallIntegerField:
    """A review criterion scored 0 to 5, empty until the review is submitted."""
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MaxValueValidator(5)]
    )


class Review(models.Model):
    """A TAP member's assignment to a proposal version, and their review once submitted."""

    CRITERIA = (
        ("relevance", _("Relevance")),
        ("feasibility", _("Feasibility")),
        ("development_impact", _("Development impact")),
        ("cost_effectiveness", _("Cost-effectiveness")),
        ("sustainability", _("Sustainability")),
    )

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REVISE = "revise", _("Request revision")
        REJECT = "reject", _("Reject")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    version = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tap_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_statement = models.TextField(_("conflict of interest"), blank=True)
    relevance = score_field(_("relevance"))
    feasibility = score_field(_("feasibility"))
    development_impact = score_field(_("development impact"))
    cost_effectiveness = score_field(_("cost-effectiveness"))
    sustainability = score_field(_("sustainability"))
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_at"]
        verbose_name = _("TAP review")
        verbose_name_plural = _("TAP reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "version", "reviewer"], name="one_review_per_member"
            ),
            models.CheckConstraint(
                condition=Q(relevance__lte=5)
                & Q(feasibility__lte=5)
                & Q(development_impact__lte=5)
                & Q(cost_effectiveness__lte=5)
                & Q(sustainability__lte=5),
                name="review_scores_0_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.reviewer}"

    @property
    def scores(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name, _label in self.CRITERIA}

    @property
    def total(self) -> int | None:
        values = list(self.scores.values())
        return None if None in values else sum(values)


class ContributionQuerySet(models.QuerySet):
    def with_allocated(self) -> "ContributionQuerySet":
        return self.annotate(
            allocated=models.functions.Coalesce(
                Sum("allocations__amount"), ZERO, output_field=models.DecimalField(**MONEY)
            )
        )


class Contribution(models.Model):
    """A donor's voluntary contribution, pooled for core activities or earmarked."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        RECEIVED = "received", _("Received")

    class Earmark(models.TextChoices):
        CORE = "core", _("Core (pooled)")
        PROJECT = "project", _("Earmarked to a project")
        COMPONENT = "component", _("Earmarked to a component")
        COUNTRY = "country", _("Earmarked to a country")

    donor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contributions")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    pledged_on = models.DateField(_("pledged on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    earmark = models.CharField(_("pool"), max_length=10, choices=Earmark.choices)
    project = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="earmarked"
    )
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("donor reference"), max_length=100, blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-pledged_on", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(earmark="core", project__isnull=True, component__isnull=True)
                    & Q(country__isnull=True)
                )
                | Q(earmark="project", project__isnull=False)
                | Q(earmark="component", component__isnull=False)
                | Q(earmark="country", country__isnull=False),
                name="contribution_earmark_target",
                violation_error_message=_(
                    "Name the project, component or country the contribution is earmarked "
                    "to, and none of them for a core contribution."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="pledged") | Q(received_on__isnull=False),
                name="contribution_received_has_date",
                violation_error_message=_(
                    "A received contribution needs the date it was received."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor} · {self.amount} {self.currency} ({self.get_earmark_display()})"

    @property
    def pool_label(self) -> str:
        if self.earmark == self.Earmark.PROJECT and self.project_id:
            return f"{self.get_earmark_display()}: {self.project.reference}"
        if self.earmark == self.Earmark.COMPONENT and self.component_id:
            return f"{self.get_earmark_display()}: {self.component}"
        if self.earmark == self.Earmark.COUNTRY and self.country_id:
            return f"{self.get_earmark_display()}: {self.country}"
        return str(self.get_earmark_display())


class Allocation(models.Model):
    """Received money of one contribution assigned to one approved project."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="allocations"
    )
    project = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["allocated_at"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.amount} {self.contribution.currency} → {self.project.reference}"


class Disbursement(models.Model):
    """Money paid out of an allocation to the organisation executing the project."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="disbursements"
    )
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(
        _("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")

    def __str__(self) -> str:
        return f"{self.amount} → {self.recipient}"


class Report(models.Model):
    """A progress or final report by the executing organisation."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    project = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    summary = models.TextField(_("summary of progress"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_end", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start} to {self.period_end}"
