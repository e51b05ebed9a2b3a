"""Bilateral job matching (issue 23, phase 1): workers' professional profiles with their
consents, licensed recruitment agencies and their blacklist, vacancies in destination
countries, and the log of who viewed which profile.

Profiles are private: who may see one is decided in mobility.permissions only, and every
view by someone other than the owner writes a ProfileView row the owner can read.
"""

import uuid
from datetime import date

import pycountry
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certification.models import Label, Twinning
from imdi_portal.core.models import Country, Organisation, TransitionLog
from imdi_portal.core.uploads import PrivateDocument
from labour_market.models import Industry, Occupation, ShortageEntry
from legislation.models import Agreement, PermitCategory

User = settings.AUTH_USER_MODEL

MAX_OCCUPATIONS = 3


class EducationLevel(models.IntegerChoices):
    """ISCED 2011 levels of education (UNESCO Institute for Statistics)."""

    EARLY_CHILDHOOD = 0, _("ISCED 0 · Early childhood education")
    PRIMARY = 1, _("ISCED 1 · Primary education")
    LOWER_SECONDARY = 2, _("ISCED 2 · Lower secondary education")
    UPPER_SECONDARY = 3, _("ISCED 3 · Upper secondary education")
    POST_SECONDARY = 4, _("ISCED 4 · Post-secondary non-tertiary education")
    SHORT_TERTIARY = 5, _("ISCED 5 · Short-cycle tertiary education")
    BACHELOR = 6, _("ISCED 6 · Bachelor's or equivalent level")
    MASTER = 7, _("ISCED 7 · Master's or equivalent level")
    DOCTORAL = 8, _("ISCED 8 · Doctoral or equivalent level")


class CEFRLevel(models.IntegerChoices):
    """Common European Framework of Reference for Languages, stored as 1..6 to compare."""

    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"


# ISO 639-1: the languages that have a two-letter code, as pycountry lists them.
LANGUAGE_CHOICES = sorted(
    ((lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")),
    key=lambda pair: pair[1],
)
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


# --- Worker profiles -------------------------------------------------------------------------


class WorkerProfile(models.Model):
    """One person's professional profile. Private by default: see mobility.permissions."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="worker_profile")
    home_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country of citizenship"),
        help_text=_("Its employment service is the one you may let see your profile."),
    )
    education_level = models.PositiveSmallIntegerField(
        _("highest level of education completed"), choices=EducationLevel.choices
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    is_abroad = models.BooleanField(_("I live abroad at present"), default=False)
    wants_to_return = models.BooleanField(
        _("I live abroad and would like to return to my country"), default=False
    )
    has_returned = models.BooleanField(_("I have returned to my country"), default=False)
    destinations = models.ManyToManyField(
        Country,
        related_name="+",
        blank=True,
        verbose_name=_("destination countries of interest"),
    )
    sectors = models.ManyToManyField(
        Industry,
        related_name="+",
        blank=True,
        limit_choices_to={"level": Industry.Level.SECTION},
        verbose_name=_("sectors of interest (ISIC Rev.4 sections)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_active_at = models.DateTimeField(default=timezone.now)
    # Retention (mobility.retention): when the owner was last told that the profile will be
    # removed for inactivity; a reminder older than last_active_at no longer counts.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("worker profile")
        verbose_name_plural = _("worker profiles")

    def __str__(self) -> str:
        # Never the person's name: this string appears in the admin and in logs.
        return f"Profile {str(self.reference)[:8]}"

    AVAILABLE_WITHIN_YEARS = 5  # our judgement: a date further ahead is a typing mistake

    def clean(self) -> None:
        """A situation that can be true, and an availability date that can be meant."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.wants_to_return:
            self.is_abroad = True  # "I live abroad and would like to return" says both
        if self.has_returned and self.is_abroad:
            errors["has_returned"] = _(
                "You cannot live abroad and have returned at the same time: choose one."
            )
        if self.available_from:
            today = timezone.localdate()
            if self.available_from.year > today.year + self.AVAILABLE_WITHIN_YEARS:
                errors["available_from"] = _("Give a date within the next %(years)d years.") % {
                    "years": self.AVAILABLE_WITHIN_YEARS
                }
        if errors:
            raise ValidationError(errors)

    @property
    def short_reference(self) -> str:
        return str(self.reference)[:8]


class ProfileOccupation(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="occupations")
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    years_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)

    class Meta:
        ordering = ["-years_experience", "occupation__code"]
        verbose_name = _("occupation of a profile")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "occupation"], name="profile_occupation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation.code} ({self.years_experience})"


class Qualification(models.Model):
    profile = models.ForeignKey(
        WorkerProfile, on_delete=models.CASCADE, related_name="qualifications"
    )
    title = models.CharField(_("title of the qualification"), max_length=200)
    awarding_body = models.CharField(_("awarding body"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year awarded"))
    # Set by an authorised body in phase 2 (the Verifier role); never by the worker.
    is_verified = models.BooleanField(_("verified"), default=False, editable=False)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class QualificationDocument(PrivateDocument):
    """The diploma or certificate, checked by content and kept outside the web root."""

    qualification = models.OneToOneField(
        Qualification, on_delete=models.CASCADE, related_name="document"
    )

    class Meta(PrivateDocument.Meta):
        verbose_name = _("qualification document")
        verbose_name_plural = _("qualification documents")

    def storage_folder(self) -> str:
        return "mobility/qualifications"

    def get_absolute_url(self) -> str:
        return reverse("mobility:document", kwargs={"token": self.token})


class LanguageSkill(models.Model):
    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    level = models.PositiveSmallIntegerField(_("level (CEFR)"), choices=CEFRLevel.choices)

    class Meta:
        ordering = ["-level", "language"]
        verbose_name = _("language skill")
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.get_level_display()}"


class Audience(models.TextChoices):
    RECRUITERS = "recruiters", _("Licensed recruiters and employers in a destination")
    EMPLOYMENT_SERVICE = "employment_service", _("My own country's employment service")


class ConsentQuerySet(models.QuerySet):
    def active(self) -> "ConsentQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """Who the person lets see the profile, with the words they agreed to and when."""

    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="consents")
    audience = models.CharField(
        _("who may see the profile"), max_length=20, choices=Audience.choices
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The destination (recruiters) or the person's own country (service)."),
    )
    text = models.TextField(_("text agreed to"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "audience", "country"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience} {self.country_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ProfileView(models.Model):
    """The access log: one row each time someone other than the owner sees a profile."""

    class Context(models.TextChoices):
        PROFILE = "profile", _("Profile page")
        CANDIDATES = "candidates", _("List of candidates for a vacancy")
        ADMIN = "admin", _("Administration")
        APPLICATION = "application", _("Application to a vacancy")
        VERIFICATION = "verification", _("Check by an authorised body")
        EMPLOYMENT_SERVICE = "service", _("Public employment service of your country")

    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    agency = models.ForeignKey(
        "RecruitmentAgency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vacancy = models.ForeignKey(
        "Vacancy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    context = models.CharField(max_length=12, choices=Context.choices)
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("profile view")
        verbose_name_plural = _("profile views")

    def __str__(self) -> str:
        return f"{self.profile_id} seen by {self.viewer_id} at {self.viewed_at:%Y-%m-%d %H:%M}"


# --- Recruitment agencies --------------------------------------------------------------------


class RecruitmentAgencyQuerySet(models.QuerySet):
    def with_standing(self, day: date | None = None) -> "RecruitmentAgencyQuerySet":
        """Annotate has_valid_licence, has_label, is_blacklisted as of `day` (EXISTS each)."""
        day = day or timezone.localdate()
        return self.annotate(
            has_valid_licence=Exists(Licence.objects.filter(agency=OuterRef("pk")).valid_on(day)),
            has_label=Exists(
                Label.objects.in_force().filter(
                    enterprise__organisation=OuterRef("organisation"), expires_on__gte=day
                )
            ),
            is_blacklisted=Exists(
                BlacklistEntry.objects.filter(agency=OuterRef("pk")).in_force(day)
            ),
        )

    def may_recruit(self, day: date | None = None) -> "RecruitmentAgencyQuerySet":
        return (
            self.with_standing(day)
            .filter(Q(has_valid_licence=True) | Q(has_label=True))
            .filter(is_blacklisted=False)
        )


class RecruitmentAgency(models.Model):
    """A private recruitment agency (or an employer recruiting directly) that a country
    licenses. Its users are the members of its organisation."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country of licence"),
    )
    organisation = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruitment_agency",
        limit_choices_to={"kind": Organisation.Kind.BUSINESS},
        help_text=_(
            "The business organisation whose members act for the agency on the portal, and "
            "whose enterprise may hold the IMDI quality label."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecruitmentAgencyQuerySet.as_manager()

    class Meta:
        ordering = ["country__name_en", "name"]
        verbose_name = _("recruitment agency")
        verbose_name_plural = _("recruitment agencies")

    def __str__(self) -> str:
        return self.name


class LicenceQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> "LicenceQuerySet":
        return self.filter(status=Licence.Status.VALID, valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Licence(models.Model):
    class Status(models.TextChoices):
        # In their own context: French and Spanish agree them with "licence" (feminine).
        VALID = "valid", pgettext_lazy("licence status", "Valid")
        SUSPENDED = "suspended", pgettext_lazy("licence status", "Suspended")
        REVOKED = "revoked", pgettext_lazy("licence status", "Revoked")
        EXPIRED = "expired", pgettext_lazy("licence status", "Expired")

    agency = models.ForeignKey(RecruitmentAgency, on_delete=models.CASCADE, related_name="licences")
    number = models.CharField(_("licence number"), max_length=60)
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = LicenceQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="licence_valid_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_status_display()})"

    def is_valid_on(self, day: date) -> bool:
        return (
            self.status == self.Status.VALID
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )


class BlacklistQuerySet(models.QuerySet):
    def in_force(self, day: date) -> "BlacklistQuerySet":
        return self.filter(decided_on__lte=day).filter(
            Q(lifted_on__isnull=True) | Q(lifted_on__gt=day)
        )


class BlacklistEntry(models.Model):
    """An authority's decision that an agency was abusive or fraudulent."""

    agency = models.ForeignKey(
        RecruitmentAgency, on_delete=models.CASCADE, related_name="blacklist_entries"
    )
    decision_reference = models.CharField(_("reference of the decision"), max_length=120)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))
    lifted_on = models.DateField(
        _("lifted on"),
        null=True,
        blank=True,
        help_text=_("Only when a later decision lifts the entry."),
    )

    objects = BlacklistQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist entries")

    def __str__(self) -> str:
        return f"{self.agency} · {self.decision_reference}"


# --- Vacancies -------------------------------------------------------------------------------


class VacancyQuerySet(models.QuerySet):
    def open(self) -> "VacancyQuerySet":
        return self.filter(status=Vacancy.Status.OPEN)

    def with_shortage(self, day: date | None = None) -> "VacancyQuerySet":
        """Annotate in_shortage: the occupation, or a group containing it, is on a shortage
        list of the destination valid on `day`."""
        day = day or timezone.localdate()
        code = OuterRef("occupation__code")
        prefixes = Q()
        for length in range(1, 5):
            prefixes |= Q(occupation__code=Substr(code, 1, length))
        return self.annotate(
            in_shortage=Exists(
                ShortageEntry.objects.filter(
                    prefixes,
                    shortage_list__country=OuterRef("destination"),
                    shortage_list__valid_from__lte=day,
                ).filter(
                    Q(shortage_list__valid_to__isnull=True) | Q(shortage_list__valid_to__gte=day)
                )
            )
        )

    def for_page(self) -> "VacancyQuerySet":
        return self.select_related(
            "agency", "agency__country", "destination", "occupation", "sector"
        ).with_shortage()


class Vacancy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    agency = models.ForeignKey(
        RecruitmentAgency,
        on_delete=models.PROTECT,
        related_name="vacancies",
        verbose_name=_("posted by"),
    )
    employer_name = models.CharField(
        _("employer"),
        max_length=200,
        blank=True,
        help_text=_("When the agency recruits for an employer."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    destination = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination country")
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    sector = models.ForeignKey(
        Industry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Industry.Level.SECTION},
        verbose_name=_("sector (ISIC Rev.4 section)"),
    )
    posts = models.PositiveIntegerField(_("number of posts"), default=1)
    min_education = models.PositiveSmallIntegerField(
        _("minimum level of education"), choices=EducationLevel.choices, null=True, blank=True
    )
    min_experience_years = models.PositiveSmallIntegerField(
        _("minimum years of experience"), default=0
    )
    salary_min = models.DecimalField(_("monthly salary from"), max_digits=12, decimal_places=2)
    salary_max = models.DecimalField(_("monthly salary to"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    contract_months = models.PositiveSmallIntegerField(_("contract length (months)"))
    permit_category = models.ForeignKey(
        PermitCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("permit category"),
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bilateral agreement"),
    )
    twinning = models.ForeignKey(
        Twinning,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("twinning"),
    )
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    is_sample = models.BooleanField(_("sample record"), default=False)
    posted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_max__gte=models.F("salary_min")), name="vacancy_salary_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mobility:vacancy", args=[self.pk])


class VacancyLanguage(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    min_level = models.PositiveSmallIntegerField(
        _("minimum level (CEFR)"), choices=CEFRLevel.choices
    )

    class Meta:
        ordering = ["language"]
        verbose_name = _("required language")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "language"], name="vacancy_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.language} ≥ {self.get_min_level_display()}"


# --- Applications: from the shortlist to the placement (phase 2) ---------------------------


class PreselectionItem(models.Model):
    """One pre-selection criterion agreed under a bilateral agreement or a Twinning, ticked
    for each application to a vacancy that falls under it (kept by the Secretariat)."""

    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("bilateral agreement"),
    )
    twinning = models.ForeignKey(
        Twinning,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("twinning"),
    )
    text = models.CharField(_("criterion"), max_length=300)
    is_required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("pre-selection criterion")
        verbose_name_plural = _("pre-selection criteria")
        constraints = [
            models.CheckConstraint(
                condition=(Q(agreement__isnull=False) & Q(twinning__isnull=True))
                | (Q(agreement__isnull=True) & Q(twinning__isnull=False)),
                name="preselection_item_one_framework",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if bool(self.agreement_id) == bool(self.twinning_id):
            raise ValidationError(_("Choose either a bilateral agreement or a Twinning, not both."))


class ApplicationQuerySet(models.QuerySet):
    def open(self) -> "ApplicationQuerySet":
        return self.filter(state__in=Application.OPEN_STATES)

    def consented(self) -> "ApplicationQuerySet":
        """Only while the worker consents to recruiters of the vacancy's destination."""
        return self.filter(
            Exists(
                Consent.objects.active().filter(
                    profile=OuterRef("profile"),
                    audience=Audience.RECRUITERS,
                    country=OuterRef("vacancy__destination"),
                )
            )
        )

    def for_agency_list(self) -> "ApplicationQuerySet":
        """What the agency's list of one vacancy shows: not the withdrawn, only while the
        worker consents; counts of the checklist and of the preparation steps left."""
        return (
            self.exclude(state=Application.State.WITHDRAWN)
            .filter(profile__user__is_active=True)
            .consented()
            .select_related("profile", "vacancy")
            .annotate(
                ticked_count=models.Count("ticks", distinct=True),
                steps_to_do=models.Count(
                    "steps",
                    filter=Q(steps__status=PreparationStep.Status.TO_DO),
                    distinct=True,
                ),
            )
            .order_by("-updated_at", "-pk")
        )


class Application(models.Model):
    """A worker's candidacy for a vacancy, from the agency's shortlist to the placement.
    Its moves are the table of mobility.workflow; each is logged as an ApplicationTransition."""

    class State(models.TextChoices):
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Invitation accepted")
        DECLINED = "declined", _("Invitation declined")
        PRESELECTED = "preselected", _("Pre-selected")
        SELECTED = "selected", _("Selected")
        PREPARING = "preparing", _("Preparing departure")
        PLACED = "placed", _("Placed")
        WITHDRAWN = "withdrawn", _("Withdrawn by the worker")
        NOT_SELECTED = "not_selected", _("Not selected")

    OPEN_STATES = (
        State.SHORTLISTED,
        State.INVITED,
        State.ACCEPTED,
        State.PRESELECTED,
        State.SELECTED,
        State.PREPARING,
    )
    # Open, and the worker has accepted the invitation: an authorised body may check her.
    VERIFIABLE_STATES = (State.ACCEPTED, State.PRESELECTED, State.SELECTED, State.PREPARING)

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="applications")
    profile = models.ForeignKey(
        WorkerProfile, on_delete=models.CASCADE, related_name="applications"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SHORTLISTED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "profile"], name="application_once")
        ]

    def __str__(self) -> str:
        # No personal data: the profile's short reference only.
        return f"Application {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ApplicationTransition(TransitionLog):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=16, choices=Application.State.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=Application.State.choices)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state or '∅'} → {self.to_state}"


class ChecklistTick(models.Model):
    """The agency's record that one criterion is met for one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="ticks")
    item = models.ForeignKey(PreselectionItem, on_delete=models.CASCADE, related_name="+")
    ticked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item__order", "item_id"]
        verbose_name = _("criterion ticked")
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="checklist_tick_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ✓ {self.item_id}"


class Verification(models.Model):
    """A check of one qualification or one language skill by an authorised body (a user
    with the Verifier role, acting for their organisation)."""

    class Result(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        NOT_VERIFIED = "not_verified", _("Not verified")

    qualification = models.ForeignKey(
        Qualification,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    language = models.ForeignKey(
        LanguageSkill,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("check of a qualification or language")
        verbose_name_plural = _("checks of qualifications and languages")
        constraints = [
            models.CheckConstraint(
                condition=(Q(qualification__isnull=False) & Q(language__isnull=True))
                | (Q(qualification__isnull=True) & Q(language__isnull=False)),
                name="verification_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.at:%Y-%m-%d}"


class PreparationStep(models.Model):
    """One step before departure of a selected worker, with its status and who recorded it."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        ORIENTATION = "orientation", _("Pre-departure orientation")
        MEDICAL = "medical", _("Medical examination")
        DOCUMENTS = "documents", _("Travel documents")
        VISA = "visa", _("Visa")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        TO_DO = "to_do", _("To do")
        DONE = "done", _("Done")
        NOT_NEEDED = "not_needed", _("Not needed")

    # Created for every selected worker when preparation starts; "other" steps are added.
    FIXED_KINDS = (Kind.TRAINING, Kind.ORIENTATION, Kind.MEDICAL, Kind.DOCUMENTS, Kind.VISA)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    details = models.CharField(_("details"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.TO_DO
    )
    on = models.DateField(_("date"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("preparation step")
        verbose_name_plural = _("preparation steps")

    def __str__(self) -> str:
        return f"{self.kind}: {self.status}"
