"""Services and selectors of the information gateway (activities and good practices):
submission by editors of approved organisations, moderation by the Secretariat, public reads.
Both kinds go through the same functions; `model` says which."""

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Country, User
from imdi_portal.core.roles import Role, has_role
from imdi_portal.core.slugs import unique_slug
from imdi_portal.core.text_search import words_filter
from imdi_portal.core.translation import Translated
from imdi_portal.gateway.models import Activity, GatewayEntry, GoodPractice
from imdi_portal.gateway.workflow import SUBMIT, WORKFLOWS, may_moderate

E = TypeVar("E", bound=GatewayEntry)
M2M = ("countries", "components", "themes", "objectives")
# Text columns a search in the list pages looks into, per kind.
SEARCH_FIELDS: dict[type[GatewayEntry], tuple[str, ...]] = {
    GoodPractice: ("what_was_done", "lessons"),
    Activity: ("organisation__name", "organisation__acronym"),
}


def can_submit(user: Any, model: type[GatewayEntry] = GoodPractice) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, str(model.sign_in_message)
    organisation = user.organisation
    if organisation is None or not organisation.is_approved:
        return False, _("Entries are shared by members of an approved organisation.")
    if not (user.is_superuser or has_role(user, Role.SUBMITTER)):
        return False, _("Only the editors of an organisation share entries.")
    return True, ""


@transaction.atomic
def entry_submit(model: type[E], *, user: User, **fields: Any) -> E:
    """An entry submitted for moderation (not public until the Secretariat publishes it)."""
    allowed, reason = can_submit(user, model)
    if not allowed:
        raise DomainError(reason)
    relations = {name: fields.pop(name, []) for name in M2M if hasattr(model, name)}
    entry = model(
        organisation=user.organisation,
        submitted_by=user,
        slug=unique_slug(model, fields.get("title_en", ""), length=80),
        **fields,
    )
    try:
        entry.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    if model.needs_country and not relations["countries"]:
        raise DomainError(_("Name at least one country."))
    if not relations["components"]:
        raise DomainError(_("Name at least one IMDI component."))
    entry.save()
    for name, values in relations.items():
        getattr(entry, name).set(values)
    WORKFLOWS[model].record(entry, SUBMIT, user, from_state="", to_state=entry.state)
    return entry


@transaction.atomic
def entry_moderate(*, user: User, entry: E, publish: bool, note: str = "") -> E:
    """Publish the entry, or not (with a note the organisation is told): a move of the
    gateway's workflow, logged. Returns the entry as moved, read afresh."""
    workflow = WORKFLOWS[type(entry)]
    action = "publish" if publish else "reject"
    # Who may is asked first, as before, whatever the entry's state; nothing is locked.
    allowed, reason = may_moderate(user)
    if not allowed:
        raise DomainError(reason)
    # A fresh copy, locked: the engine re-reads the state it moves from.
    entry = type(entry).objects.select_for_update().get(pk=entry.pk)
    entry.reviewed_by = user  # saved with the move (workflow._stamp)
    workflow.move(entry, action, user, note)
    return entry


def entry_list(model: type[E]) -> QuerySet[E]:
    """Published entries of a kind, with what the list pages show."""
    related = ["countries", "components"]
    if model is GoodPractice:
        related.append("objectives")
    return model.objects.published().select_related("organisation").prefetch_related(*related)


def entry_countries(model: type[GatewayEntry]) -> QuerySet[Country]:
    """Countries that published entries of a kind concern, for the list page's picker."""
    entries = model.objects.published().filter(countries__isnull=False)
    return Country.objects.filter(pk__in=entries.values("countries")).ordered_by_name()


def entry_search(queryset: QuerySet[E], text: str) -> QuerySet[E]:
    """Every word in a title, a summary or the kind's own text columns."""
    columns = (
        "title_en",
        "title_fr",
        "title_es",
        "summary_en",
        "summary_fr",
        "summary_es",
        *SEARCH_FIELDS[queryset.model],
    )
    return words_filter(queryset, text, columns)


@dataclass(frozen=True)
class GatewayItem:
    """An activity or good practice as a country profile lists it."""

    kind: str  # "activity" or "practice"
    slug: str
    title_en: str
    title_fr: str
    title_es: str
    is_sample: bool
    published_at: datetime.datetime
    organisation: str

    title = Translated("title")

    @property
    def url(self) -> str:
        return reverse(f"imdi_portal:{self.kind}-detail", kwargs={"slug": self.slug})


def country_gateway(country: Any) -> list[GatewayItem]:
    """Published activities and good practices naming a country, newest first, read in one
    query (a union) for its profile."""
    columns = ("slug", "title_en", "title_fr", "title_es", "is_sample", "published_at")
    parts = [
        model.objects.published()
        .filter(countries=country)
        .annotate(kind=Value(kind, output_field=CharField()))
        .values_list("kind", *columns, "organisation__name")
        .order_by()  # the union is ordered as a whole
        for model, kind in ((Activity, "activity"), (GoodPractice, "practice"))
    ]
    union = parts[0].union(parts[1], all=True).order_by("-published_at")
    return [GatewayItem(*row) for row in union]
