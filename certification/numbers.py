"""Label numbers: IMDI-XXXXX-XXXXX-C.

Ten random characters of Crockford's base 32 (no I, L, O or U: nothing to misread) give
2^50 numbers, so a valid one cannot be guessed; the last character is a Luhn mod 32 check
character, so a mistyped number is recognised as such without asking the database.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "IMDI"
BODY = 10
# Crockford's reading rules for what people type.
READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def check_character(body: str) -> str:
    """Luhn mod N (N = 32) over the body."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_number() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return format_number(body + check_character(body))


def format_number(chars: str) -> str:
    return f"{PREFIX}-{chars[:5]}-{chars[5:10]}-{chars[10:]}"


def normalise(text: str) -> str | None:
    """The canonical form of a typed number, or None if it cannot be one (wrong length,
    characters or check character)."""
    chars = "".join(c for c in (text or "").upper() if c.isalnum())
    if chars.startswith(PREFIX):
        chars = chars[len(PREFIX) :]
    chars = chars.translate(READ_AS)
    if len(chars) != BODY + 1 or any(c not in ALPHABET for c in chars):
        return None
    if check_character(chars[:BODY]) != chars[BODY]:
        return None
    return format_number(chars)
