"""The information gateway's good-practices library: practices and lessons learned that
organisations submit and the Secretariat moderates, tagged with IMDI components, themes,
countries and the objectives of the Global Compact for Migration they serve."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.models.reference import Component, Country, Organisation, Theme, active_language


class GCMObjective(models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration
    (UN General Assembly resolution A/RES/73/195), loaded by migration 0017."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title (English)"), max_length=250)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Global Compact objective")
        verbose_name_plural = _("Global Compact objectives")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class PracticeQuerySet(models.QuerySet):
    def published(self) -> "PracticeQuerySet":
        return self.filter(state=GoodPractice.State.PUBLISHED)


class GoodPractice(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    slug = models.SlugField(max_length=90, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("organisation"),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"))
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_es = models.TextField(_("summary (Spanish)"), blank=True)
    what_was_done = models.TextField(_("what was done"))
    results = models.TextField(_("results and evidence"))
    lessons = models.TextField(_("lessons learned"))
    countries = models.ManyToManyField(
        Country, related_name="practices", verbose_name=_("countries")
    )
    components = models.ManyToManyField(
        Component, related_name="practices", verbose_name=_("IMDI components")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="practices", verbose_name=_("themes")
    )
    objectives = models.ManyToManyField(
        GCMObjective,
        blank=True,
        related_name="practices",
        verbose_name=_("Global Compact objectives"),
    )
    document_url = models.URLField(_("link to a document"), blank=True)
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

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-submitted_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("imdi_portal:practice-detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return getattr(self, f"title_{active_language()}") or self.title_en

    @property
    def summary(self) -> str:
        return getattr(self, f"summary_{active_language()}") or self.summary_en
