"""Services and selectors of the good-practices library: submission by members of approved
organisations, moderation by the Secretariat, public reads."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from imdi_portal.exceptions import DomainError
from imdi_portal.models import GoodPractice, User
from imdi_portal.roles import Role, has_role

M2M = ("countries", "components", "themes", "objectives")


def can_submit(user: Any) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Sign in to share a good practice.")
    organisation = user.organisation
    if organisation is None or not organisation.is_approved:
        return False, _("Good practices are shared by members of an approved organisation.")
    if not (user.is_superuser or has_role(user, Role.SUBMITTER)):
        return False, _("Only the editors of an organisation share good practices.")
    return True, ""


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80] or "practice"
    slug, n = base, 1
    while GoodPractice.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def practice_submit(*, user: User, **fields: Any) -> GoodPractice:
    """A practice submitted for moderation (not public until the Secretariat publishes it)."""
    allowed, reason = can_submit(user)
    if not allowed:
        raise DomainError(reason)
    relations = {name: fields.pop(name, []) for name in M2M}
    practice = GoodPractice(
        organisation=user.organisation,
        submitted_by=user,
        slug=_unique_slug(fields.get("title_en", "")),
        **fields,
    )
    try:
        practice.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    if not relations["countries"] or not relations["components"]:
        raise DomainError(_("Name at least one country and one IMDI component."))
    practice.save()
    for name, values in relations.items():
        getattr(practice, name).set(values)
    return practice


@transaction.atomic
def practice_moderate(
    *, user: User, practice: GoodPractice, publish: bool, note: str = ""
) -> GoodPractice:
    if not (user.is_superuser or has_role(user, Role.SECRETARIAT)):
        raise DomainError(_("Only the Secretariat moderates good practices."))
    practice = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    if not publish and not note.strip():
        raise DomainError(_("Say why the practice is not published: its organisation is told."))
    practice.state = GoodPractice.State.PUBLISHED if publish else GoodPractice.State.REJECTED
    practice.reviewed_by = user
    practice.review_note = note
    practice.published_at = timezone.now() if publish else None
    practice.save(update_fields=["state", "reviewed_by", "review_note", "published_at"])
    return practice


def practice_list() -> QuerySet[GoodPractice]:
    return (
        GoodPractice.objects.published()
        .select_related("organisation")
        .prefetch_related("countries", "components", "objectives")
    )


def practice_search(queryset: QuerySet[GoodPractice], text: str) -> QuerySet[GoodPractice]:
    for word in text.split()[:8]:
        queryset = queryset.filter(
            Q(title_en__icontains=word)
            | Q(title_fr__icontains=word)
            | Q(title_es__icontains=word)
            | Q(summary_en__icontains=word)
            | Q(what_was_done__icontains=word)
            | Q(lessons__icontains=word)
        )
    return queryset
