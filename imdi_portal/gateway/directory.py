"""Services and selectors of the directory of focal points and contact points.

Consent to publish a person's details is recorded by the person on the portal, or by the
Secretariat when it arrives in writing; either may withdraw it. Only these functions change
it, so the record of who recorded what and when (kept in the entry's history) stays whole.
"""

from typing import Any

from django.db import transaction
from django.db.models import FilteredRelation, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Country, Organisation, User
from imdi_portal.core.roles import is_secretariat
from imdi_portal.core.text_search import words_filter
from imdi_portal.gateway.models import Contact

CONSENT_FIELDS = [
    "consent_given_at",
    "consent_method",
    "consent_recorded_by",
    "consent_withdrawn_at",
    "updated_at",
]


def _save_consent(contact: Contact) -> Contact:
    contact.save(update_fields=CONSENT_FIELDS)  # a history record of the consent change
    return contact


def can_manage_consent(user: Any, contact: Contact) -> bool:
    """The person themselves (their portal account is linked to the entry) or the Secretariat."""
    if not user.is_authenticated:
        return False
    return (contact.user_id is not None and contact.user_id == user.pk) or is_secretariat(user)


@transaction.atomic
def contact_give_consent(*, user: User, contact: Contact) -> Contact:
    """Record consent to publishing the person's name and direct details."""
    if not can_manage_consent(user, contact):
        raise DomainError(
            _("Only the person named in the entry or the Secretariat records consent.")
        )
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.has_personal_details:
        raise DomainError(_("The entry holds no personal details to publish."))
    if contact.has_consent:
        raise DomainError(_("Consent is already recorded for this entry."))
    by_person = contact.user_id == user.pk
    contact.consent_given_at = timezone.now()
    contact.consent_method = (
        Contact.ConsentMethod.PORTAL if by_person else Contact.ConsentMethod.WRITING
    )
    contact.consent_recorded_by = user
    contact.consent_withdrawn_at = None
    return _save_consent(contact)


@transaction.atomic
def contact_withdraw_consent(*, user: User, contact: Contact) -> Contact:
    """Stop publishing the person's details at once (the official details stay)."""
    if not can_manage_consent(user, contact):
        raise DomainError(
            _("Only the person named in the entry or the Secretariat withdraws consent.")
        )
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.has_consent:
        raise DomainError(_("No consent is recorded for this entry."))
    contact.consent_given_at = None
    contact.consent_method = ""
    contact.consent_recorded_by = user
    contact.consent_withdrawn_at = timezone.now()
    return _save_consent(contact)


def contact_countries() -> QuerySet[Country]:
    """Countries of listed directory entries, for the directory's country picker."""
    listed = Contact.objects.public().filter(country__isnull=False)
    return Country.objects.filter(pk__in=listed.values("country")).ordered_by_name()


def contact_list() -> QuerySet[Contact]:
    """Listed directory entries with what the pages show: one query and one for topics."""
    return (
        Contact.objects.public()
        .select_related("country", "organisation")
        .prefetch_related("topics")
        .order_by("country__name_en", "kind", "organisation__name", "function_en")
    )


CONTACT_SEARCH_FIELDS = (
    "function_en",
    "function_fr",
    "function_es",
    "office",
    "organisation__name",
    "organisation__acronym",
    lambda word: Q(person_name__icontains=word, consent_given_at__isnull=False),
)


def contact_search(queryset: QuerySet[Contact], text: str) -> QuerySet[Contact]:
    """Every word in the function, office or organisation; a person's name only where
    consent allows showing it (otherwise a search would reveal it)."""
    return words_filter(queryset, text, CONTACT_SEARCH_FIELDS)


def contacts_of(user: User) -> QuerySet[Contact]:
    """The entries naming this person, for their own consent page."""
    return Contact.objects.filter(user=user).select_related("country", "organisation")


CARD_FIELDS = (
    "id",
    "kind",
    "function_en",
    "function_fr",
    "function_es",
    "office",
    "office_email",
    "office_phone",
    "office_address",
    "website",
    "person_name",
    "person_email",
    "person_phone",
    "consent_given_at",
    "is_sample",
    "updated_at",
)
ORGANISATION_FIELDS = ("id", "name", "acronym", "kind", "website", "is_gmg_member", "is_sample")


def country_directory(country: Any) -> dict[str, Any]:
    """A country profile's directory section in one query: the organisations based in the
    country or serving it through a contact point, joined to those contact points."""
    here = FilteredRelation(
        "contacts", condition=Q(contacts__country=country, contacts__is_active=True)
    )
    rows = (
        Organisation.objects.annotate(here=here)
        .filter(Q(country=country) | Q(here__isnull=False))
        .values_list(
            "country_id",
            *ORGANISATION_FIELDS,
            *(f"here__{name}" for name in CARD_FIELDS),
        )
        .order_by("here__kind", "name", "here__function_en")
    )
    organisations: dict[int, Organisation] = {}
    contacts = []
    based_here = []
    n = len(ORGANISATION_FIELDS)
    for org_country, *values in rows:
        org_values, contact_values = values[:n], values[n:]
        org = organisations.get(org_values[0])
        if org is None:
            org = organisations[org_values[0]] = Organisation(
                country_id=org_country, **dict(zip(ORGANISATION_FIELDS, org_values, strict=True))
            )
            if org_country == country.pk:
                based_here.append(org)
        if contact_values[0] is not None:
            contact = Contact(**dict(zip(CARD_FIELDS, contact_values, strict=True)))
            contact.organisation, contact.country = org, country
            contacts.append(contact)
    return {
        "contacts": contacts,
        "organisations": sorted(based_here, key=lambda o: o.name),
        "updated": max((c.updated_at for c in contacts), default=None),
    }
