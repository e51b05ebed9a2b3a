"""The "what changed" page in words: the differences between two published versions of a
permit category, labelled as the editor labels its fields, with values as the public
pages show them (choices by label, yes/no, lists item by item, long texts word by word).

Versions are JSON snapshots (`services.category_snapshot`); `selectors.version_diff`
finds the keys that differ, and this module says what each difference means.
"""

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from legislation.models import Fee, Law, PermitCategory

# The list elements of a snapshot, as the editor names them.
LIST_LABELS = {
    "requirements": _("Requirements"),
    "documents": _("Documents required"),
    "fees": _("Fees"),
    "professional_bodies": _("Professional bodies"),
    "contact_points": _("Contact points"),
    "laws": _("Laws"),
}
# Keys of a snapshot that are not fields of PermitCategory.
OTHER_LABELS = {"country": _("Country")}


@dataclass
class Change:
    """One changed element: `kind` is "value" (before and after as text), "text" (both
    as segments `(words, changed)` to mark) or "list" (the items removed and added)."""

    key: str
    label: str
    kind: str
    before: str | None = None
    after: str | None = None
    before_segments: list[tuple[str, bool]] = field(default_factory=list)
    after_segments: list[tuple[str, bool]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _model_field(key: str) -> models.Field | None:
    try:
        found = PermitCategory._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _label(key: str) -> str:
    if key in LIST_LABELS:
        return str(LIST_LABELS[key])
    if key in OTHER_LABELS:
        return str(OTHER_LABELS[key])
    model_field = _model_field(key)
    return capfirst(str(model_field.verbose_name)) if model_field else key.replace("_", " ")


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def _value(key: str, value: Any) -> str | None:
    """A scalar as the public pages show it; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _yes_no(value)
    model_field = _model_field(key)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _item(key: str, row: dict[str, Any]) -> str:
    """One row of a list element in words."""
    if key == "requirements":
        return str(row.get("text", ""))
    if key == "documents":
        parts = [str(row.get("name", ""))]
        if row.get("translation_required"):
            parts.append(gettext("certified translation"))
        if row.get("legalisation_required"):
            parts.append(gettext("legalisation or apostille"))
        text = " · ".join(parts)
        return f"{text} ({row['notes']})" if row.get("notes") else text
    if key == "fees":
        payer = dict(Fee.Payer.choices).get(str(row.get("payer")), row.get("payer"))
        return gettext("%(label)s: %(amount)s %(currency)s (paid by: %(payer)s)") % {
            "label": row.get("label", ""),
            "amount": row.get("amount", ""),
            "currency": row.get("currency", ""),
            "payer": payer,
        }
    names: tuple[str, ...] = ("name", "url")
    if key == "contact_points":
        names = ("authority", "address", "website", "email", "phone")
    return " · ".join(str(row[name]) for name in names if row.get(name))


def _law_names(pks: set[int]) -> dict[int, str]:
    names = {law.pk: str(law) for law in Law.objects.filter(pk__in=pks)}
    return {pk: names.get(pk, gettext("a law since removed from the database")) for pk in pks}


def _list_change(key: str, before: list[Any], after: list[Any]) -> Change:
    change = Change(key=key, label=_label(key), kind="list")
    if key == "laws":
        names = _law_names(set(before) | set(after))
        old, new = [names[pk] for pk in before], [names[pk] for pk in after]
    else:
        old, new = [_item(key, row) for row in before], [_item(key, row) for row in after]
    change.removed = [item for item in old if item not in new]
    change.added = [item for item in new if item not in old]
    if not change.removed and not change.added:
        change.added = [
            gettext("Same items, in a new order: %(items)s") % {"items": "; ".join(new)}
        ]
    return change


def _word_segments(
    before: str, after: str
) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts cut into runs of words, each run marked when it differs from the other."""
    old, new = before.split(), after.split()
    old_runs: list[tuple[str, bool]] = []
    new_runs: list[tuple[str, bool]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            old_runs.append((" ".join(old[i1:i2]), op != "equal"))
        if j2 > j1:
            new_runs.append((" ".join(new[j1:j2]), op != "equal"))
    return old_runs, new_runs


def _is_long_text(key: str) -> bool:
    return isinstance(_model_field(key), models.TextField)


def readable_change(key: str, before: Any, after: Any) -> Change:
    """One difference between two snapshots, in words."""
    if key in LIST_LABELS:
        return _list_change(key, before or [], after or [])
    if _is_long_text(key) and before and after:
        old_runs, new_runs = _word_segments(str(before), str(after))
        return Change(
            key=key,
            label=_label(key),
            kind="text",
            before_segments=old_runs,
            after_segments=new_runs,
        )
    return Change(
        key=key,
        label=_label(key),
        kind="value",
        before=_value(key, before),
        after=_value(key, after),
    )


def readable_changes(diff: list[dict[str, Any]]) -> list[Change]:
    """The rows of `selectors.version_diff`, in words and in the order of the common format."""
    order = {name: n for n, name in enumerate(f.name for f in PermitCategory._meta.fields)}
    order.update({name: len(order) + n for n, name in enumerate(LIST_LABELS)})
    rows = sorted(diff, key=lambda row: order.get(row["field"], len(order) + 99))
    return [readable_change(row["field"], row["before"], row["after"]) for row in rows]
