"""Labour market reference data: the ISCO-08 and ISIC Rev.4 classifications, and the
shortage occupation lists that destination countries publish."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.models.reference import Country
from imdi_portal.core.translation import active_language


class ClassificationGroup(models.Model):
    """A group of a hierarchical statistical classification, with titles in three languages."""

    title_en = models.CharField(_("title (English)"), max_length=255)
    title_fr = models.CharField(_("title (French)"), max_length=255, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return getattr(self, f"title_{active_language()}") or self.title_en

    def ancestors(self) -> list:
        """From the top level down to the parent (parents are loaded one query each)."""
        chain, parent = [], self.parent
        while parent is not None:
            chain.insert(0, parent)
            parent = parent.parent
        return chain


class OccupationQuerySet(models.QuerySet):
    def major_groups(self) -> "OccupationQuerySet":
        return self.filter(level=1)


class Occupation(ClassificationGroup):
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

    def get_absolute_url(self) -> str:
        return reverse("labour_market:occupation-detail", args=[self.code])

    @property
    def skill_level(self) -> str:
        """ISCO-08 skill level(s) of the major group (ILO, ISCO-08 vol. 1, table 1)."""
        return SKILL_LEVELS.get(self.code[0], "")


# ISCO-08 major group -> skill level(s), as published by the ILO (ISCO-08, table 1).
SKILL_LEVELS = {
    "1": "3+4",
    "2": "4",
    "3": "3",
    "4": "2",
    "5": "2",
    "6": "2",
    "7": "2",
    "8": "2",
    "9": "1",
    "0": "1+2+4",
}


class Industry(ClassificationGroup):
    """An ISIC Rev.4 group: section (letter), division (2 digits), group (3) or class (4)."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("Section")
        DIVISION = 2, _("Division")
        GROUP = 3, _("Group")
        CLASS = 4, _("Class")

    code = models.CharField(_("ISIC Rev.4 code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta(ClassificationGroup.Meta):
        verbose_name = _("economic activity (ISIC Rev.4)")
        verbose_name_plural = _("economic activities (ISIC Rev.4)")

    def get_absolute_url(self) -> str:
        return reverse("labour_market:industry-detail", args=[self.code])

    @property
    def section(self) -> str:
        """The section letter, which ILOSTAT uses to break figures down by activity."""
        node = self
        while node.parent is not None:
            node = node.parent
        return node.code


class ShortageListQuerySet(models.QuerySet):
    def valid_on(self, day) -> "ShortageListQuerySet":
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )


class ShortageList(models.Model):
    """A destination country's published list of occupations short of workers."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="shortage_lists", verbose_name=_("country")
    )
    region = models.CharField(
        _("region within the country"),
        max_length=120,
        blank=True,
        help_text=_("Leave empty when the list applies to the whole country."),
    )
    title = models.CharField(_("title"), max_length=255)
    source = models.CharField(
        _("source"), max_length=255, help_text=_("Who publishes the list, and in which document.")
    )
    source_url = models.URLField(_("source link"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Demonstration record, not taken from an official source."),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ShortageListQuerySet.as_manager()

    class Meta:
        ordering = ["country__name_en", "region", "-valid_from"]
        verbose_name = _("shortage occupation list")
        verbose_name_plural = _("shortage occupation lists")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "region", "title", "valid_from"], name="shortage_list_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="shortage_list_valid_period",
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.country.iso3} {self.region}".strip()
        return f"{self.title} ({where})"

    def get_absolute_url(self) -> str:
        return reverse("labour_market:shortage-detail", args=[self.pk])

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The list cannot end before it starts.")})


class ShortageEntry(models.Model):
    shortage_list = models.ForeignKey(
        ShortageList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("list")
    )
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        related_name="shortage_entries",
        verbose_name=_("occupation (ISCO-08)"),
    )
    title_as_published = models.CharField(
        _("title as published"),
        max_length=255,
        blank=True,
        help_text=_("The occupation's name in the country's own list, if it differs."),
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["occupation__code"]
        verbose_name = _("shortage occupation")
        verbose_name_plural = _("shortage occupations")
        constraints = [
            models.UniqueConstraint(
                fields=["shortage_list", "occupation"], name="shortage_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occupation.code} in {self.shortage_list}"
