"""How the search reads words, the same on PostgreSQL and SQLite.

- `normalise`: accents folded (NFKD, combining marks dropped: "infirmière" -> "infirmiere"),
  case folded, anything but letters and digits a space. The index stores its titles and body
  normalised (SearchDocument.plain, .plain_title), so that a LIKE needs no collation.
- `stem`: a light suffix stripping shared by English, French and Spanish ("nursing",
  "nurses", "nurse" -> "nurs"; "infirmière", "infirmier" -> "infirm"; "remittances" ->
  "remittanc"), kept deliberately short so that a stem is a prefix of its word's forms. On
  PostgreSQL the Snowball stemmers of the English, French and Spanish text-search
  configurations add their full rules (selectors._match).
- `closest`: typo tolerance by trigram similarity (the measure of PostgreSQL's pg_trgm: shared
  three-letter groups of the padded words over all their groups), against the words of the
  index's titles, when a query finds nothing ("welfer" -> "welder").
"""

import re
import unicodedata
from collections.abc import Iterable

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Longest first; a suffix is stripped only if at least MIN_STEM letters remain.
SUFFIXES = (
    "ations",
    "ation",
    "ements",
    "ement",
    "ments",
    "ment",
    "ieres",
    "iere",
    "iers",
    "ier",
    "ings",
    "ing",
    "eurs",
    "euse",
    "eur",
    "ers",
    "er",
    "es",
    "s",
    "e",
)
MIN_STEM = 3
SIMILAR = 0.45  # pg_trgm's default similarity threshold is 0.3; words here are short


def fold(text: str) -> str:
    """Accents and case folded, punctuation kept (PostgreSQL's web-search syntax)."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


# Words that say nothing of what is sought, left out when other words remain.
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the"),
        *("to", "with", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "par"),
        *("pour", "sur", "un", "une", "al", "con", "del", "el", "las", "los", "para", "por"),
        *("una", "y"),
    }
)


def query_stems(text: str, limit: int = 12) -> list[str]:
    """The stems of the words typed, without stop words and single letters when other words
    remain ("permis de travail" -> permi, travail; "SDG 10.c" -> sdg, 10)."""
    words = normalise(text).split()[:limit]
    kept = [w for w in words if w not in STOP_WORDS and len(w) > 1] or words
    return list(dict.fromkeys(stem(w) for w in kept))


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def closest(word: str, vocabulary: Iterable[str]) -> str | None:
    """The most similar word of `vocabulary` (None under the SIMILAR threshold)."""
    best, score = None, SIMILAR
    for candidate in vocabulary:
        value = similarity(word, candidate)
        if value > score:
            best, score = candidate, value
    return best
