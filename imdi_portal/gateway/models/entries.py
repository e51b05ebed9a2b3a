"""The information gateway: programmes and activities of Global Migration Group members and
other organisations, and the good-practices library. Both are shared by organisations and
moderated by the Secretariat, and tagged with IMDI components, themes and countries; good
practices also with the objectives of the Global Compact for Migration they serve."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models.reference import Component, Country, Organisation, Theme
from imdi_portal.core.translation import Translated


class GCMObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration
    (UN General Assembly resolution A/RES/73/195), loaded by migration 0017."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title (English)"), max_length=250)

    class Meta:
        db_table = "imdi_portal_gcmobjective"
        ordering = ["number"]
        verbose_name = _("Global Compact objective")
        verbose_name_plural = _("Global Compact objectives")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class GatewayQuerySet(models.QuerySet):
    def published(self) -> "GatewayQuerySet":
        return self.filter(state=GatewayEntry.State.PUBLISHED)


class GatewayEntry(models.Model):
    """What activities and good practices have in common: an organisation shares the entry,
    with a title and summary in up to three languages, and the Secretariat moderates it."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    slug = models.SlugField(max_length=90, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"))
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries")
    )
    components = models.ManyToManyField(
        Component, related_name="+", verbose_name=_("IMDI components")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.TextField(_("note of the Secretariat"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    objects = GatewayQuerySet.as_manager()

    title = Translated("title")
    summary = Translated("summary")
    # Each kind's words in messages, and whether it must name a country (a GMG programme
    # may be global).
    sign_in_message = _("Sign in to share an entry.")
    needs_country = True

    class Meta:
        abstract = True
        ordering = ["-published_at", "-submitted_at"]

    def __str__(self) -> str:
        return self.title_en


class GoodPractice(GatewayEntry):
    what_was_done = models.TextField(_("what was done"))
    results = models.TextField(_("results and evidence"))
    lessons = models.TextField(_("lessons learned"))
    objectives = models.ManyToManyField(
        GCMObjective,
        blank=True,
        related_name="practices",
        verbose_name=_("Global Compact objectives"),
    )
    document_url = models.URLField(_("link to a document"), blank=True)

    sign_in_message = _("Sign in to share a good practice.")

    class Meta(GatewayEntry.Meta):
        db_table = "imdi_portal_goodpractice"
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def get_absolute_url(self) -> str:
        return reverse("imdi_portal:practice-detail", kwargs={"slug": self.slug})


class Activity(GatewayEntry):
    """A programme or activity of a GMG member or another organisation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Blank while no end is set.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    url = models.URLField(_("link to the programme"), blank=True)

    sign_in_message = _("Sign in to share an activity.")
    needs_country = False  # a GMG member's programme may be global

    class Meta(GatewayEntry.Meta):
        db_table = "imdi_portal_activity"
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="activity_period_in_order",
                violation_error_message=_("The end year comes before the start year."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("imdi_portal:activity-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        this_year = datetime.date.today().year
        if self.start_year and not 1945 <= self.start_year <= this_year + 10:
            raise ValidationError(
                {"start_year": _("Give a start year between 1945 and ten years from now.")}
            )
        if self.status == self.Status.COMPLETED and self.end_year and self.end_year > this_year:
            raise ValidationError(
                {"status": _("A completed activity cannot end in a future year.")}
            )

    @property
    def period(self) -> str:
        if self.end_year is None:
            return gettext("since %(year)s") % {"year": self.start_year}
        return f"{self.start_year}\u2013{self.end_year}"  # an en dash between the years
