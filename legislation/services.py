"""Every write of the regulatory-framework database."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.text import slugify

from imdi_portal.core.exceptions import DomainError
from legislation.models import (
    ContactPoint,
    Fee,
    PermitCategory,
    PermitCategoryVersion,
    ProfessionalBody,
    RequiredDocument,
    Requirement,
)
from legislation.workflows import CATEGORIES, can_edit, can_move

State = PermitCategory.State
CHILDREN: dict[str, tuple[type[models.Model], list[str]]] = {
    "requirements": (Requirement, ["position", "text"]),
    "documents": (
        RequiredDocument,
        ["position", "name", "translation_required", "legalisation_required", "notes"],
    ),
    "fees": (Fee, ["label", "amount", "currency", "payer"]),
    "professional_bodies": (ProfessionalBody, ["name", "url"]),
    "contact_points": (ContactPoint, ["authority", "address", "website", "email", "phone"]),
}
# Fields that belong to the row's place in the workflow, not to its content.
NOT_CONTENT = {"id", "public", "state", "review_comment", "updated_at", "country", "laws"}


def _content_fields() -> list[str]:
    return [
        f.name
        for f in PermitCategory._meta.concrete_fields
        if f.name not in NOT_CONTENT and not f.name.endswith("_ptr")
    ]


def category_snapshot(category: PermitCategory) -> dict[str, Any]:
    """Everything the public sees of a category, as JSON-ready data (for versions and diffs)."""
    data = {name: getattr(category, name) for name in _content_fields()}
    data["last_verified_on"] = (
        category.last_verified_on.isoformat() if category.last_verified_on else None
    )
    data["country"] = category.country.iso3
    for name, (_model, fields) in CHILDREN.items():
        data[name] = [
            {f: str(v) if f == "amount" else v for f, v in model_to_dict(obj, fields).items()}
            for obj in getattr(category, name).all()
        ]
    data["laws"] = sorted(law.pk for law in category.laws.all())
    return data


def _replace_elements(category: PermitCategory, elements: dict[str, list[dict[str, Any]]]) -> None:
    """Replace whole lists of a category's elements, each row checked by the model first.

    The one place that writes child rows: the editor, the API, imports and the copies made
    for revisions and publication all come through here.
    """
    for name, rows in elements.items():
        if name not in CHILDREN:
            raise DomainError(f"unknown element '{name}'")
        model, fields = CHILDREN[name]
        objects = []
        for position, row in enumerate(rows, start=1):
            unknown = set(row) - set(fields)
            if unknown:
                raise DomainError(f"unknown field(s) for {name}: {', '.join(sorted(unknown))}")
            if "position" in fields:
                row = {**row, "position": position}
            obj = model(category=category, **row)
            try:
                obj.full_clean(exclude=["category"])
            except ValidationError as exc:
                problems = "; ".join(f"{f}: {' '.join(m)}" for f, m in exc.message_dict.items())
                raise DomainError(f"{name}, item {position}: {problems}") from None
            objects.append(obj)
        getattr(category, name).all().delete()
        model._default_manager.bulk_create(objects)


def _elements_of(category: PermitCategory) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [
            model_to_dict(obj, [f for f in fields if f != "position"])
            for obj in getattr(category, name).all()
        ]
        for name, (_model, fields) in CHILDREN.items()
    }


def _record_new_draft(draft: PermitCategory, action: str, user: Any, reason: str = "") -> None:
    """How a draft came to exist: created, opened to revise a published row, or imported."""
    CATEGORIES.record(draft, action, user, reason, from_state="", to_state=State.DRAFT)


@transaction.atomic
def category_create(
    *,
    user: Any,
    country: Any,
    name_en: str,
    kind: str,
    laws: Any = (),
    elements: dict[str, list[dict[str, Any]]] | None = None,
    **fields: Any,
) -> PermitCategory:
    """A new category, as a draft of `country`, with its laws and lists: all or nothing."""
    probe = PermitCategory(country=country, state=State.DRAFT)
    allowed, why = can_edit(user, probe)
    if not allowed:
        raise DomainError(why)
    slug = fields.pop("slug", "") or slugify(name_en)[:80]
    category = PermitCategory.objects.create(
        country=country, name_en=name_en, kind=kind, slug=slug, state=State.DRAFT, **fields
    )
    _record_new_draft(category, "create", user)
    if laws:
        category_set_laws(user=user, category=category, laws=list(laws))
    if elements:
        _replace_elements(category, elements)
    return category


@transaction.atomic
def category_start_revision(*, user: Any, category: PermitCategory) -> PermitCategory:
    """The draft that revises a published category (the existing one, or a new copy)."""
    if category.state != State.PUBLISHED:
        raise DomainError("Only published categories are revised; edit the draft itself.")
    existing = category.drafts.first()
    if existing is not None:
        return existing
    allowed, why = can_edit(user, PermitCategory(country=category.country, state=State.DRAFT))
    if not allowed:
        raise DomainError(why)
    draft = _copy(
        category, PermitCategory(public=category, state=State.DRAFT, country=category.country)
    )
    _record_new_draft(draft, "revise", user, f"revision of published category #{category.pk}")
    return draft


def _copy(source: PermitCategory, target: PermitCategory) -> PermitCategory:
    for name in _content_fields():
        setattr(target, name, getattr(source, name))
    target.save()
    target.laws.set(source.laws.all())
    _replace_elements(target, _elements_of(source))
    return target


@transaction.atomic
def category_update(*, user: Any, category: PermitCategory, **fields: Any) -> PermitCategory:
    allowed, why = can_edit(user, category)
    if not allowed:
        raise DomainError(why)
    for name, value in fields.items():
        if name not in _content_fields() or name == "is_sample":
            raise DomainError(f"'{name}' cannot be changed here")
        setattr(category, name, value)
    try:
        category.full_clean(exclude=["country", "public", "slug"])
    except ValidationError as exc:
        problems = "; ".join(f"{f}: {' '.join(m)}" for f, m in exc.message_dict.items())
        raise DomainError(problems) from None
    category.save()
    return category


@transaction.atomic
def category_submit(*, user: Any, category: PermitCategory) -> PermitCategory:
    CATEGORIES.move(category, "submit", user)
    return category


@transaction.atomic
def category_return(*, user: Any, category: PermitCategory, reason: str) -> PermitCategory:
    if not reason.strip():
        raise DomainError("Say what needs to change: a returned category needs a comment.")
    CATEGORIES.move(category, "return", user, reason.strip())
    return category


@transaction.atomic
def category_publish(
    *, user: Any, category: PermitCategory, comment: str = "", verified_on: date | None = None
) -> PermitCategory:
    """Publish a submitted draft; returns the published row.

    A new category's draft becomes the published row. A revision is copied into the
    published row it revises and the draft is deleted, so the public URL stays the same.
    """
    allowed, why = can_move(user, category, State.PUBLISHED)
    if not allowed:
        raise DomainError(why)
    clash = PermitCategory.objects.published().filter(country=category.country, slug=category.slug)
    if category.public_id:
        clash = clash.exclude(pk=category.public_id)
    if clash.exists():
        raise DomainError(
            "A published category of this country already uses this short name "
            f"('{category.slug}'); change it before publishing."
        )
    category.last_verified_on = verified_on or timezone.localdate()
    if category.public_id is None:
        category.save(update_fields=["last_verified_on"])
        CATEGORIES.move(category, "publish", user, comment)
        published = category
    else:
        CATEGORIES.lock(category)  # refused if it is no longer the submitted draft
        assert category.public is not None
        published = _copy(category, category.public)
        # The public row records the move; the draft that made it is deleted.
        CATEGORIES.record(
            published,
            "publish",
            user,
            comment or f"revision #{category.pk} published",
            from_state=State.SUBMITTED,
            to_state=State.PUBLISHED,
        )
        category.delete()
    number = (
        published.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    PermitCategoryVersion.objects.create(
        category=published,
        number=number,
        data=category_snapshot(published),
        published_by=user,
        comment=comment,
    )
    return published


@transaction.atomic
def category_set_elements(
    *, user: Any, category: PermitCategory, elements: dict[str, list[dict[str, Any]]]
) -> PermitCategory:
    """Replace the list elements (requirements, documents, fees, bodies, contacts) of a draft.

    `elements` maps a name of CHILDREN to the complete new list of rows (dicts of fields).
    """
    allowed, why = can_edit(user, category)
    if not allowed:
        raise DomainError(why)
    _replace_elements(category, elements)
    return category


@transaction.atomic
def category_set_laws(*, user: Any, category: PermitCategory, laws: list[Any]) -> None:
    """Element 12: the laws a draft rests on, all of its own country."""
    allowed, why = can_edit(user, category)
    if not allowed:
        raise DomainError(why)
    if any(law.country_id != category.country_id for law in laws):
        raise DomainError("A category can only cite laws of its own country.")
    category.laws.set(laws)


@transaction.atomic
def category_save_draft(
    *,
    user: Any,
    category: PermitCategory,
    fields: dict[str, Any],
    laws: list[Any],
    elements: dict[str, list[dict[str, Any]]],
) -> PermitCategory:
    """What the editor's Save does, all or nothing: fields, laws and list elements."""
    category_update(user=user, category=category, **fields)
    category_set_laws(user=user, category=category, laws=laws)
    category_set_elements(user=user, category=category, elements=elements)
    return category


def _apply(
    category: PermitCategory,
    fields: dict[str, Any],
    laws: list[Any],
    elements: dict[str, list[dict[str, Any]]],
) -> None:
    for name, value in fields.items():
        setattr(category, name, value)
    category.save()
    category.laws.set(laws)
    _replace_elements(category, elements)


@transaction.atomic
def category_import_draft(
    *,
    country: Any,
    slug: str,
    fields: dict[str, Any],
    laws: list[Any],
    elements: dict[str, list[dict[str, Any]]],
    source_name: str,
) -> str:
    """Turn one validated record of the common format into a draft for review.

    For the import pipeline (run by the Secretariat or an operator), not for focal points'
    requests. Returns "created", "updated" or "unchanged": a record equal to the country's
    draft, or to its published category when there is no draft, changes nothing.
    """
    from legislation.common_format import record_of

    drafts = PermitCategory.objects.filter(country=country, slug=slug).exclude(
        state=State.PUBLISHED
    )
    published = PermitCategory.objects.published().filter(country=country, slug=slug).first()
    draft = drafts.filter(public=published).first() if published else drafts.first()
    reason = f"imported from {source_name}"
    if draft is not None:
        if draft.state not in (State.DRAFT, State.RETURNED):
            raise DomainError(f"{country.iso3}/{slug} is under review; wait for the decision")
        before = record_of(draft)
        _apply(draft, fields, laws, elements)
        return "unchanged" if record_of(draft) == before else "updated"
    if published is not None:
        with transaction.atomic():
            draft = _copy(
                published, PermitCategory(public=published, state=State.DRAFT, country=country)
            )
            _apply(draft, fields, laws, elements)
            if record_of(draft) == record_of(published):
                transaction.set_rollback(True)
                return "unchanged"
        _record_new_draft(draft, "import", None, reason)
        return "created"
    draft = PermitCategory(country=country, slug=slug, state=State.DRAFT)
    _apply(draft, fields, laws, elements)
    _record_new_draft(draft, "import", None, reason)
    return "created"
