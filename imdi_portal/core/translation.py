"""Content that editors write in up to three languages: `<field>_en` (required) and optional
`<field>_fr` / `<field>_es` columns, read through a `Translated` attribute that gives the
active language's text and falls back to English where no translation was written."""

from typing import Any

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
