"""Component III: the ethical-recruitment quality label and the Twinning Programme.

Enterprises apply against a versioned set of guiding principles (each with indicators),
assess themselves, are audited per indicator, and receive a label when the Certification
officer accepts. The label's status (active, suspended, withdrawn, expired) is public and
verifiable by its number; audit findings never leave the admin. Application and label
states move only through certification.workflow and certification.services, each move
recorded.

Twinnings pair a country of origin and one of destination with commitments (from a template
framework, adapted per pair), the destination's benefits, and periodic reviews.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import Country, Organisation, TransitionLog
from imdi_portal.core.translation import Translated
from imdi_portal.core.uploads import PrivateDocument
from labour_market.models import Industry

User = settings.AUTH_USER_MODEL


class PrincipleSet(models.Model):
    """One version of the guiding principles; applications are assessed against the version
    that was current when they were created."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    localized_title = Translated("title", english="title")
    adopted_on = models.DateField(_("adopted on"))
    is_current = models.BooleanField(_("current version"), default=False)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        ordering = ["-adopted_on"]
        verbose_name = _("set of guiding principles")
        verbose_name_plural = _("sets of guiding principles")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def all_indicators(self) -> list:
        """Every indicator, principle by principle (from the prefetched rows when there are)."""
        return [i for p in self.principles.all() for i in p.indicators.all()]


class Principle(models.Model):
    principle_set = models.ForeignKey(
        PrincipleSet, on_delete=models.CASCADE, related_name="principles"
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    localized_title = Translated("title", english="title")
    localized_description = Translated("description", english="description")

    class Meta:
        ordering = ["principle_set", "code"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [
            models.UniqueConstraint(fields=["principle_set", "code"], name="principle_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class PrincipleIndicator(models.Model):
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=10)
    text = models.CharField(_("indicator"), max_length=400)

    class Meta:
        ordering = ["principle__code", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Enterprise(models.Model):
    """An employer or recruitment agency; its members are the users of its organisation."""

    class Kind(models.TextChoices):
        RECRUITER = "recruiter", _("Recruitment agency")
        EMPLOYER = "employer", _("Employer")
        BOTH = "both", _("Employer and recruitment agency")

    class Size(models.TextChoices):
        MICRO = "micro", _("Micro (fewer than 10 staff)")
        SMALL = "small", _("Small (10 to 49)")
        MEDIUM = "medium", _("Medium (50 to 249)")
        LARGE = "large", _("Large (250 or more)")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="enterprise"
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    registration_number = models.CharField(_("registration number"), max_length=60)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="enterprises")
    sector = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sector (ISIC Rev.4 section)"),
        limit_choices_to={"level": 1},
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    size = models.CharField(_("size"), max_length=6, choices=Size.choices)
    website = models.URLField(_("website"), blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"], name="enterprise_registration_once"
            )
        ]

    def __str__(self) -> str:
        return self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("certification:enterprise", kwargs={"slug": self.slug})


class Application(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        AUDIT = "audit", _("Audit in progress")
        AUDITED = "audited", _("Audited, awaiting decision")
        ACCEPTED = "accepted", _("Accepted: label issued")
        DEFERRED = "deferred", _("Deferred: corrective actions")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn by the enterprise")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="applications"
    )
    principle_set = models.ForeignKey(PrincipleSet, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    scope = models.TextField(
        _("scope"),
        help_text=_("What the label would cover: activities, sites, corridors of recruitment."),
    )
    auditor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("label application")
        verbose_name_plural = _("label applications")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("certification:application", kwargs={"pk": self.pk})


class SelfAssessment(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes, fully")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="self_assessments"
    )
    indicator = models.ForeignKey(PrincipleIndicator, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=6, choices=Answer.choices)
    comment = models.TextField(_("how the enterprise meets it"), blank=True)

    class Meta:
        ordering = ["indicator__principle__code", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "indicator"], name="self_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.answer}"


class Evidence(PrivateDocument):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(
        PrincipleIndicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(PrivateDocument.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def storage_folder(self) -> str:
        return f"certification/{self.application_id}"

    def get_absolute_url(self) -> str:
        return reverse("certification:evidence", kwargs={"token": self.token})


class AuditFinding(models.Model):
    """The auditor's rating of one indicator. Confidential: admin only."""

    class Rating(models.TextChoices):
        CONFORM = "conform", _("Conform")
        MINOR = "minor", _("Minor non-conformity")
        MAJOR = "major", _("Major non-conformity")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="findings")
    round = models.PositiveSmallIntegerField(_("audit round"), default=1)
    indicator = models.ForeignKey(PrincipleIndicator, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    finding = models.TextField(_("finding"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    deadline = models.DateField(_("deadline for the corrective action"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "indicator__principle__code", "indicator__code"]
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "indicator"], name="finding_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.get_rating_display()}"


class ApplicationTransition(TransitionLog):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=10, choices=Application.State.choices)
    to_state = models.CharField(max_length=10, choices=Application.State.choices)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class LabelQuerySet(models.QuerySet):
    def listed(self) -> "LabelQuerySet":
        """What the public registry lists: every label ever issued, with its status."""
        return self.select_related("enterprise__country", "enterprise__sector")

    def in_force(self) -> "LabelQuerySet":
        return self.filter(status=Label.Status.ACTIVE)


class Label(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    number = models.CharField(_("label number"), max_length=24, unique=True)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="labels")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="label")
    principle_set = models.ForeignKey(PrincipleSet, on_delete=models.PROTECT, related_name="+")
    scope = models.TextField(_("scope"))
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    status_reason = models.TextField(_("reason of the status"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("quality label")
        verbose_name_plural = _("quality labels")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")), name="label_expires_after_issue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("certification:label", kwargs={"number": self.number})


class LabelStatusChange(TransitionLog):
    """One change of a label's status; the first row (from nothing to active) is its issue."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=10, choices=Label.Status.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=Label.Status.choices)

    def __str__(self) -> str:
        return f"{self.label_id}: {self.from_state} → {self.to_state}"


class RenewalReminder(models.Model):
    """One row per reminder sent: the unique key makes the daily task idempotent."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["label", "days_before"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.label_id}: {self.days_before} days before expiry"


class Complaint(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        INVESTIGATING = "investigating", _("Under investigation")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        UNFOUNDED = "unfounded", _("Unfounded")
        CORRECTED = "corrected", _("Corrected by the enterprise")
        SUSPENDED = "suspended", _("Label suspended")
        WITHDRAWN = "withdrawn", _("Label withdrawn")

    class Kind(models.TextChoices):
        LABEL = "label", _("About a label in the registry")
        FALSE_CLAIM = "false_claim", _("Claims the label but is not in the registry")

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=11, choices=Kind.choices, default=Kind.LABEL)
    label = models.ForeignKey(
        Label, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    # A false claim: an enterprise shows the IMDI label without holding one. What the
    # reporter saw, as they saw it; the number is not checked against the registry.
    claimed_enterprise_name = models.CharField(
        _("name of the enterprise, as shown"), max_length=200, blank=True
    )
    claim_seen_at = models.CharField(
        _("where the claim was seen"),
        max_length=500,
        blank=True,
        help_text=_("A web address, or a description such as a poster in an office."),
    )
    claimed_number = models.CharField(_("label number, as shown"), max_length=60, blank=True)
    claim_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    description = models.TextField(_("what happened"))
    reporter_name = models.CharField(_("your name (optional)"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("your e-mail address (optional)"), blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED
    )
    officer = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("findings of the investigation"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="label") & Q(label__isnull=False))
                | (
                    Q(kind="false_claim")
                    & Q(label__isnull=True)
                    & ~Q(claimed_enterprise_name="")
                    & ~Q(claim_seen_at="")
                ),
                name="complaint_label_or_claim",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.received_at:%Y-%m-%d}"

    @property
    def is_false_claim(self) -> bool:
        return self.kind == self.Kind.FALSE_CLAIM

    @property
    def claim_link(self) -> str:
        """Where the claim was seen, when that is a web address (checked when filed)."""
        seen = self.claim_seen_at
        return seen if seen.startswith(("https://", "http://")) and " " not in seen else ""

    @property
    def subject(self) -> str:
        """The label's number, or the name the enterprise shows for a false claim."""
        if self.is_false_claim:
            return self.claimed_enterprise_name
        return self.label.number if self.label_id else ""


# --- Twinning Programme ------------------------------------------------------------------------


class Party(models.TextChoices):
    ORIGIN = "origin", _("Country of origin")
    DESTINATION = "destination", _("Country of destination")


class TwinningTemplate(models.Model):
    """IMDI's template framework; a twinning starts from a copy of its commitments."""

    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(_("version"), max_length=20)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        verbose_name = _("twinning template")
        verbose_name_plural = _("twinning templates")

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class CommitmentFields(models.Model):
    """What a commitment says, in the template framework and in a twinning alike."""

    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    area = models.CharField(_("area"), max_length=120)
    text = models.TextField(_("commitment"))
    criteria = models.TextField(_("criteria"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)

    class Meta:
        abstract = True

    def copy_fields(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in ("party", "area", "text", "criteria", "indicators")}


class TemplateCommitment(CommitmentFields):
    template = models.ForeignKey(
        TwinningTemplate, on_delete=models.CASCADE, related_name="commitments"
    )

    class Meta:
        ordering = ["template", "party", "id"]

    def __str__(self) -> str:
        return f"{self.area}: {self.text[:60]}"


class Twinning(models.Model):
    class Status(models.TextChoices):
        NEGOTIATION = "negotiation", _("Under negotiation")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("In implementation")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    localized_title = Translated("title", english="title")
    localized_summary = Translated("summary", english="summary")
    origin = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(
        TwinningTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEGOTIATION
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["origin__name_en", "destination__name_en"]
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin=models.F("destination")), name="twinning_two_countries"
            ),
            models.CheckConstraint(
                condition=Q(status="negotiation") | Q(signed_on__isnull=False),
                name="twinning_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("certification:twinning", kwargs={"slug": self.slug})


class Commitment(CommitmentFields):
    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="commitments")

    class Meta:
        ordering = ["party", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.area}"


class Benefit(models.Model):
    """What the destination offers: visa facilitation, labour market access, quotas."""

    class Kind(models.TextChoices):
        VISA = "visa", _("Visa facilitation")
        LABOUR_MARKET = "labour_market", _("Labour market access")
        QUOTA = "quota", _("Quota")
        OTHER = "other", _("Other")

    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    description = models.TextField(_("description"))
    quota = models.PositiveIntegerField(_("quota (persons a year)"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")

    def __str__(self) -> str:
        return self.get_kind_display()


class TwinningReview(models.Model):
    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="reviews")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    reviewed_on = models.DateField(_("reviewed on"))
    summary = models.TextField(_("summary"))
    recommendations = models.TextField(_("recommendations"), blank=True)

    class Meta:
        ordering = ["-period_end"]
        verbose_name = _("implementation review")
        verbose_name_plural = _("implementation reviews")

    def __str__(self) -> str:
        return f"{self.twinning} · {self.period_start} to {self.period_end}"


class CommitmentRating(models.Model):
    class Rating(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        NOT_ASSESSED = "not_assessed", _("Not assessed")

    review = models.ForeignKey(TwinningReview, on_delete=models.CASCADE, related_name="ratings")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)

    class Meta:
        ordering = ["commitment__party", "commitment_id"]
        constraints = [models.UniqueConstraint(fields=["review", "commitment"], name="rating_once")]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.rating}"
