"""Content that editors write in up to three languages: `<field>_en` (required) and optional
`<field>_fr` / `<field>_es` columns, read through a `Translated` attribute that gives the
active language's text and falls back to English where no translation was written.
`translated()` gives the same text and says whether it is that fallback, for the pages that
tell the reader so ({% translated_text %} in imdi_portal.core.templatetags.translated)."""

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django.utils.translation import get_language

LANGUAGES = ("en", "fr", "es")


def active_language() -> str:
    """'en', 'fr' or 'es': the suffix of the translated columns to show."""
    lang = (get_language() or "en")[:2]
    return lang if lang in LANGUAGES else "en"


class Translated:
    """`title = Translated("title")` reads title_fr in French, title_es in Spanish, and
    title_en otherwise or when the translation is blank. `english` names the column of
    the original text where it is not `<field>_en` (older models keep it in `<field>`)."""

    def __init__(self, field: str, english: str = "") -> None:
        self.field = field
        self.english = english or f"{field}_en"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        lang = active_language()
        text = getattr(obj, f"{self.field}_{lang}", "") if lang != "en" else ""
        return text or getattr(obj, self.english)


# --- Telling the reader that a text is shown in English -----------------------------------
#
# Pages show English where no translation was written, or where the content exists in one
# language only (the 23 GCM objectives in the resolution's wording, organisation names,
# permit texts). `translated()` says which is the case, so that a template can mark the text
# lang="en" and, on a French or Spanish page, say that no translation exists yet
# (imdi_portal.core.templatetags.translated). Proper names that are the same in every
# language (acronyms, codes, numbers) are not passed through it.


class TranslatedText(NamedTuple):
    """A text in the reader's language, or its English original when `is_fallback`."""

    text: str
    is_fallback: bool


def _has_column(obj: Any, name: str) -> bool:
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return hasattr(obj, name)
    return any(f.name == name for f in meta.concrete_fields)


def translated(obj: Any, field: str, english: str = "") -> TranslatedText:
    """The active language's text of `obj.<field>`: `<field>_fr` / `<field>_es` when written,
    else the English column (`english`, `<field>_en`, or `<field>` itself for single-language
    content) with is_fallback True. English pages, and blank texts, never fall back. `field`
    may be a dotted path through related objects ("enterprise.sector.title")."""
    if "." in field:  # "enterprise.sector.title": the title of obj.enterprise.sector
        path, field = field.rsplit(".", 1)
        for step in path.split("."):
            obj = getattr(obj, step, None)
            if obj is None:
                return TranslatedText("", False)
    lang = active_language()
    if not english:
        english = f"{field}_en" if _has_column(obj, f"{field}_en") else field
    original = getattr(obj, english, "") or ""
    if lang == "en":
        return TranslatedText(original, False)
    column = f"{field}_{lang}"
    text = (getattr(obj, column, "") or "") if _has_column(obj, column) else ""
    if text:
        return TranslatedText(text, False)
    return TranslatedText(original, bool(str(original).strip()))


def any_fallback(sources: Iterable[tuple[Any, Sequence[str]]]) -> bool:
    """True when one of the fields of one of the objects is shown in English on this page.
    A source is (object, fields) or (iterable of objects, fields)."""
    if active_language() == "en":
        return False
    for target, fields in sources:
        if _is_many(target):
            objects = list(target)
        else:
            objects = [] if target is None or target == "" else [target]
        if any(translated(obj, f).is_fallback for obj in objects for f in fields):
            return True
    return False


def _is_many(value: Any) -> bool:
    return hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict))


def untranslated_note(kind: str = "text") -> str:
    """What the reader is told in their language: about one text ("text"), a list or section
    ("list"), or the page ("page"). Empty on English pages."""
    from django.utils.translation import gettext

    lang = active_language()
    notes = {
        ("fr", "text"): gettext("Not yet translated into French: English text shown."),
        ("es", "text"): gettext("Not yet translated into Spanish: English text shown."),
        ("fr", "list"): gettext("The texts below are shown in English; no French translation yet."),
        ("es", "list"): gettext(
            "The texts below are shown in English; no Spanish translation yet."
        ),
        ("fr", "page"): gettext(
            "Some texts on this page are shown in English; no French translation yet."
        ),
        ("es", "page"): gettext(
            "Some texts on this page are shown in English; no Spanish translation yet."
        ),
    }
    return notes.get((lang, kind), "")
