"""Classifications used by the labour market data: ISCO-08 occupations."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.models.reference import active_language


class OccupationQuerySet(models.QuerySet):
    def major_groups(self) -> "OccupationQuerySet":
        return self.filter(level=1)


class Occupation(models.Model):
    """An ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4)."""

    class Level(models.IntegerChoices):
        MAJOR = 1, _("Major group")
        SUB_MAJOR = 2, _("Sub-major group")
        MINOR = 3, _("Minor group")
        UNIT = 4, _("Unit group")

    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title_en = models.CharField(_("title (English)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=255, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    tasks = models.TextField(_("tasks include"), blank=True)
    included = models.TextField(_("included occupations"), blank=True)
    excluded = models.TextField(_("excluded occupations"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation (ISCO-08)")
        verbose_name_plural = _("occupations (ISCO-08)")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("labour_market:occupation-detail", args=[self.code])

    @property
    def title(self) -> str:
        return getattr(self, f"title_{active_language()}") or self.title_en
