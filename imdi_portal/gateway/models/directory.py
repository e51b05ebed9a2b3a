"""The directory of national focal points and contact points of ministries and organisations.

Official contact details (an office's address, e-mail, telephone, website) are public. The
name and direct details of the person holding the post are personal data: they are shown
only while the person's consent to publication is recorded (who recorded it, when, how), and
withdrawing consent hides them at once. Every change is kept in the entry's history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from imdi_portal.core.models.reference import Country, Organisation, Theme
from imdi_portal.core.translation import Translated


class ContactQuerySet(models.QuerySet):
    def public(self) -> "ContactQuerySet":
        return self.filter(is_active=True)


class Contact(models.Model):
    class Kind(models.TextChoices):
        FOCAL_POINT = "focal_point", _("National focal point")
        MINISTRY = "ministry", _("Ministry contact point")
        ORGANISATION = "organisation", _("Organisation contact point")

    class ConsentMethod(models.TextChoices):
        PORTAL = "portal", _("Given by the person on the portal")
        WRITING = "writing", _("Received in writing (letter or e-mail)")

    kind = models.CharField(_("kind of contact"), max_length=12, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("country"),
        help_text=_("The country the contact point serves (blank for a global contact)."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("ministry or organisation"),
    )
    function_en = models.CharField(_("function (English)"), max_length=200)
    function_fr = models.CharField(_("function (French)"), max_length=200, blank=True)
    function_es = models.CharField(_("function (Spanish)"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        Theme, blank=True, related_name="contacts", verbose_name=_("topics")
    )
    # Official details of the office: public.
    office = models.CharField(_("office or unit"), max_length=200, blank=True)
    office_email = models.EmailField(_("official e-mail"), blank=True)
    office_phone = models.CharField(_("official telephone"), max_length=40, blank=True)
    office_address = models.TextField(_("official address"), blank=True)
    website = models.URLField(_("official website"), blank=True)
    # The person holding the post: personal data, public only with recorded consent.
    person_name = models.CharField(_("name of the person"), max_length=200, blank=True)
    person_email = models.EmailField(_("direct e-mail"), blank=True)
    person_phone = models.CharField(_("direct telephone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("portal account of the person"),
        help_text=_("Lets the person give or withdraw consent on the portal themselves."),
    )
    consent_given_at = models.DateTimeField(_("consent to publication given"), null=True)
    consent_method = models.CharField(
        _("how consent was given"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True)
    is_active = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_("Untick when the post no longer exists; the entry's history is kept."),
    )
    is_sample = models.BooleanField(_("sample record"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(table_name="imdi_portal_historicalcontact")
    objects = ContactQuerySet.as_manager()

    function = Translated("function")

    class Meta:
        db_table = "imdi_portal_contact"
        ordering = ["kind", "organisation__name", "function_en"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self) -> str:
        where = self.country.iso3 if self.country_id else _("global")
        return f"{self.function_en}, {self.organisation} ({where})"

    def clean(self) -> None:
        if not (self.office_email or self.office_phone or self.website or self.office_address):
            raise ValidationError(
                _(
                    "Give at least one official way to reach the office: e-mail, telephone, "
                    "address or website."
                )
            )
        if self.kind == self.Kind.FOCAL_POINT and not self.country_id:
            raise ValidationError({"country": _("A national focal point serves one country.")})

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None

    @property
    def has_personal_details(self) -> bool:
        return bool(self.person_name or self.person_email or self.person_phone)

    @property
    def shows_person(self) -> bool:
        """The one rule for pages, profile and API: the person's details are published only
        while their consent is recorded."""
        return self.has_consent and self.has_personal_details
