"""The regulatory-framework database: permit categories in IMDI's common format of twelve
elements, the laws they rest on, and agreements between countries.

A permit category exists as one published row (what the public sees) and, while a focal
point revises it, one draft row pointing to it (`public`). A new category starts as a draft
without `public`. Publishing copies the draft into the published row and keeps a JSON
snapshot of every published version (PermitCategoryVersion) for the "what changed" view.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models import Country, TransitionLog
from imdi_portal.core.translation import active_language


class PermitKind(models.TextChoices):
    HIGHLY_SKILLED = "highly_skilled", _("Highly skilled worker")
    GENERAL_WORK = "general_work", _("General work permit")
    SEASONAL = "seasonal", _("Seasonal work")
    INTRA_CORPORATE = "intra_corporate", _("Intra-corporate transfer")
    GATS_CSS = "gats_css", _("GATS Mode 4: contractual service supplier")
    GATS_IP = "gats_ip", _("GATS Mode 4: independent professional")
    BUSINESS_VISITOR = "business_visitor", _("Business visitor")
    INVESTOR = "investor", _("Investor or entrepreneur")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    PERMANENT_ECONOMIC = "permanent_economic", _("Permanent residence on economic grounds")


class Law(models.Model):
    """A migration law or regulation of general application (element 12)."""

    class Source(models.TextChoices):
        IML = "iml", _("IOM International Migration Law database")
        GAZETTE = "gazette", _("Official gazette")
        OTHER = "other", _("Other official source")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="laws")
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.GAZETTE
    )
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        ordering = ["country", "-year", "title"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class PermitCategoryQuerySet(models.QuerySet):
    def published(self) -> "PermitCategoryQuerySet":
        return self.filter(state=PermitCategory.State.PUBLISHED)

    def for_country(self, country: Country) -> "PermitCategoryQuerySet":
        return self.filter(country=country)

    def with_elements(self) -> "PermitCategoryQuerySet":
        return self.select_related("country").prefetch_related(
            "requirements", "documents", "fees", "professional_bodies", "contact_points", "laws"
        )


class PermitCategory(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned for changes")
        PUBLISHED = "published", _("Published")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="permit_categories")
    public = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="drafts",
        help_text=_("For a draft: the published category it revises."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    slug = models.SlugField(max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    kind = models.CharField(_("kind of permit"), max_length=20, choices=PermitKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # 3. Method of presenting an application
    apply_online = models.BooleanField(_("online application"), default=False)
    apply_at_consulate = models.BooleanField(_("at a consulate or embassy"), default=False)
    apply_in_country = models.BooleanField(_("in the country"), default=False)
    application_url = models.URLField(_("where to apply"), blank=True)
    application_notes = models.TextField(_("how to apply"), blank=True)
    # 4. Processing time (fees are Fee rows)
    processing_days_typical = models.PositiveSmallIntegerField(
        _("typical processing time (days)"), null=True, blank=True
    )
    processing_days_max = models.PositiveSmallIntegerField(
        _("maximum processing time (days)"), null=True, blank=True
    )
    # 5. Length and conditions of stay
    initial_stay_months = models.PositiveSmallIntegerField(
        _("initial stay (months)"), null=True, blank=True
    )
    stay_conditions = models.TextField(_("conditions of stay"), blank=True)
    # 6. Extensions
    renewable = models.BooleanField(_("renewable"), default=False)
    max_total_stay_months = models.PositiveSmallIntegerField(
        _("maximum total stay (months)"),
        null=True,
        blank=True,
        help_text=_("Blank when there is no limit."),
    )
    extension_conditions = models.TextField(_("conditions for extension"), blank=True)
    multiple_entry_visa = models.BooleanField(_("multiple-entry visa available"), default=False)
    # 7. Accompanying dependants
    dependants_allowed = models.BooleanField(_("dependants may accompany"), default=False)
    dependants_who = models.CharField(_("which family members"), max_length=300, blank=True)
    spouse_may_work = models.BooleanField(_("spouse or partner may work"), default=False)
    # 8. Review and appeal
    appeal_available = models.BooleanField(_("review or appeal available"), default=False)
    appeal_body = models.CharField(_("appeal body"), max_length=300, blank=True)
    appeal_deadline_days = models.PositiveSmallIntegerField(
        _("deadline to appeal (days)"), null=True, blank=True
    )
    # 9. Economic needs test and quotas
    labour_market_test = models.BooleanField(_("labour market test"), default=False)
    labour_market_test_criteria = models.TextField(_("labour market test criteria"), blank=True)
    annual_quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    quota_period = models.CharField(_("quota period"), max_length=60, blank=True)
    # 10. Recognition of qualifications (bodies are ProfessionalBody rows)
    recognition_procedure = models.TextField(_("recognition of qualifications"), blank=True)
    # 12. Laws
    laws = models.ManyToManyField(Law, blank=True, related_name="permit_categories")

    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample record"),
        default=False,
        help_text=_("Not taken from an official source; labelled as sample data on pages."),
    )
    review_comment = models.TextField(_("comment of the reviewer"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PermitCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["country", "name_en"]
        verbose_name = _("permit category")
        verbose_name_plural = _("permit categories")
        constraints = [
            # One published category per slug and country; drafts may share the slug.
            models.UniqueConstraint(
                fields=["country", "slug"],
                condition=models.Q(state="published"),
                name="permit_category_published_slug",
            ),
            # At most one draft under revision per published category.
            models.UniqueConstraint(
                fields=["public"],
                condition=models.Q(public__isnull=False),
                name="permit_category_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country.iso3} · {self.name_en} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse(
            "legislation:category-detail", kwargs={"iso3": self.country.iso3, "slug": self.slug}
        )

    @property
    def name(self) -> str:
        return getattr(self, f"name_{active_language()}") or self.name_en

    @property
    def elements(self) -> dict:
        """The published snapshot (annotated as `snapshot` by the API's queryset)."""
        snapshot = getattr(self, "snapshot", None)
        if isinstance(snapshot, str):  # SQLite returns the JSON as text through Subquery
            import json

            snapshot = json.loads(snapshot)
        return snapshot or {}

    @property
    def is_out_of_date(self) -> bool:
        """Not verified for 12 months: pages say it may be out of date."""
        if self.last_verified_on is None:
            return True
        return (timezone.localdate() - self.last_verified_on).days > 365


class Requirement(models.Model):
    """1. A requirement of the permit category."""

    category = models.ForeignKey(
        PermitCategory, on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("requirement"), max_length=500)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class RequiredDocument(models.Model):
    """2. A document to present."""

    category = models.ForeignKey(PermitCategory, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("document"), max_length=300)
    translation_required = models.BooleanField(_("certified translation required"), default=False)
    legalisation_required = models.BooleanField(
        _("legalisation or apostille required"), default=False
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """4. One fee, in the currency the authority charges."""

    class Payer(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        EMPLOYER = "employer", _("Employer")

    category = models.ForeignKey(PermitCategory, on_delete=models.CASCADE, related_name="fees")
    label = models.CharField(_("fee"), max_length=200)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    payer = models.CharField(
        _("paid by"), max_length=10, choices=Payer.choices, default=Payer.APPLICANT
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount} {self.currency}"


class ProfessionalBody(models.Model):
    """10. A body that recognises qualifications."""

    category = models.ForeignKey(
        PermitCategory, on_delete=models.CASCADE, related_name="professional_bodies"
    )
    name = models.CharField(_("name"), max_length=300)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ContactPoint(models.Model):
    """11. Where to ask."""

    category = models.ForeignKey(
        PermitCategory, on_delete=models.CASCADE, related_name="contact_points"
    )
    authority = models.CharField(_("authority"), max_length=300)
    address = models.CharField(_("address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.authority


class PermitCategoryVersion(models.Model):
    """A published version, kept whole for the "what changed" view."""

    category = models.ForeignKey(PermitCategory, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["category", "number"], name="permit_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.category_id} v{self.number}"


class StateChange(TransitionLog):
    """Every move of the editorial workflow: who, when, from, to, why.

    `by` and `at` keep their first definitions: unlike the other logs, a row outlives the
    account that made it (`by` is emptied, not protected), and `at` is a plain default.
    """

    category = models.ForeignKey(
        PermitCategory, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=10)
    to_state = models.CharField(max_length=10)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta(TransitionLog.Meta):
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.from_state} -> {self.to_state}"


class Agreement(models.Model):
    """A bilateral or regional agreement on labour mobility, shown on every party's page."""

    class Kind(models.TextChoices):
        LABOUR = "labour", _("Bilateral labour agreement")
        MOU = "mou", _("Memorandum of understanding")
        FREE_MOVEMENT = "free_movement", _("Free-movement regime")
        REGIONAL = "regional", _("Regional agreement")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    countries = models.ManyToManyField(Country, related_name="agreements")
    signed_year = models.PositiveSmallIntegerField(_("signed in"), null=True, blank=True)
    url = models.URLField(_("text"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        ordering = ["-signed_year", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title


class CountryRegime(models.Model):
    """A country's migration regime in brief: the text above its permit categories."""

    country = models.OneToOneField(Country, on_delete=models.PROTECT, related_name="regime")
    overview_en = models.TextField(_("overview (English)"))
    overview_fr = models.TextField(_("overview (French)"), blank=True)
    overview_es = models.TextField(_("overview (Spanish)"), blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("migration regime")
        verbose_name_plural = _("migration regimes")

    def __str__(self) -> str:
        return f"{self.country.iso3} regime"

    @property
    def overview(self) -> str:
        return getattr(self, f"overview_{active_language()}") or self.overview_en
