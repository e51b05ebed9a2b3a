"""Reference data: regions, countries, organisations and users."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from imdi_portal.core.translation import active_language


class Region(models.Model):
    """A UN M49 geographic region, sub-region or intermediate region."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUB_REGION = "sub_region", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    code = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        # M49 names are translated in the message catalogues (see imdi_portal/m49.py).
        return gettext(self.name)


class IncomeGroup(models.TextChoices):
    """World Bank income classification (codes as in the World Bank's country API)."""

    HIGH = "HIC", _("High income")
    UPPER_MIDDLE = "UMC", _("Upper middle income")
    LOWER_MIDDLE = "LMC", _("Lower middle income")
    LOW = "LIC", _("Low income")


class CountryQuerySet(models.QuerySet):
    def with_regions(self) -> "CountryQuerySet":
        return self.select_related("region", "sub_region", "intermediate_region")

    def ordered_by_name(self) -> "CountryQuerySet":
        return self.order_by(f"name_{active_language()}")


class Country(models.Model):
    """An ISO 3166-1 country or territory, with its UN M49 and World Bank classification."""

    # What a link to a country needs (code and name in every language): for .only().
    LINK_FIELDS = ("iso3", "name_en", "name_fr", "name_es")

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    m49 = models.CharField(_("M49 / ISO numeric code"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_es = models.CharField(_("name (Spanish)"), max_length=100)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sub_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    intermediate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    income_group = models.CharField(
        _("income group"), max_length=3, choices=IncomeGroup.choices, blank=True
    )
    wb_region = models.CharField(_("World Bank region"), max_length=60, blank=True)

    history = HistoricalRecords()
    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("imdi_portal:country-detail", kwargs={"iso3": self.iso3})

    @property
    def name(self) -> str:
        return getattr(self, f"name_{active_language()}") or self.name_en


class OrganisationQuerySet(models.QuerySet):
    def gmg_members(self) -> "OrganisationQuerySet":
        return self.filter(is_gmg_member=True)

    def for_country(self, country: Country) -> "OrganisationQuerySet":
        return self.filter(country=country)


class Organisation(models.Model):
    """A government body, NGO, international organisation, business or donor."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government body")
        NGO = "ngo", _("Non-governmental organisation")
        INTERNATIONAL = "international", _("International organisation")
        BUSINESS = "business", _("Business")
        DONOR = "donor", _("Donor")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Country of the headquarters (blank for none)."),
    )
    website = models.URLField(_("website"), blank=True)
    is_gmg_member = models.BooleanField(_("Global Migration Group member"), default=False)
    is_approved = models.BooleanField(
        _("approved by the Secretariat"),
        default=True,
        help_text=_(
            "Organisations that sign up on the portal wait for the Secretariat's approval "
            "before their members may submit proposals."
        ),
    )
    is_sample = models.BooleanField(
        _("sample record"),
        default=False,
        help_text=_("Demo record not taken from a real source; labelled as sample data."),
    )

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name


class Component(models.Model):
    """IMDI's three components; every project, programme and good practice has one or more."""

    code = models.CharField(_("code"), max_length=3, unique=True)  # I, II, III
    name = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ["id"]
        verbose_name = _("IMDI component")
        verbose_name_plural = _("IMDI components")

    def __str__(self) -> str:
        return f"{self.code}. {self.localized_name}"

    @property
    def localized_name(self) -> str:
        return gettext(self.name)  # names are translated in the message catalogues


class Theme(models.Model):
    """A theme of labour migration and development that projects and practices are tagged
    with (a reference list kept by the Secretariat)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return gettext(self.name)


class User(AbstractUser):
    """A portal account. Roles are Django groups (see imdi_portal.roles)."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For national focal points: the only country whose entries they may edit."),
    )
