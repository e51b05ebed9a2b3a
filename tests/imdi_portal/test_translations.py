"""The French and Spanish catalogues translate every interface string."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "imdi_portal" / "core" / "locale"
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(po: Path):
    """(msgid, [msgstr...], fuzzy) for every entry but the header; for a plural entry the
    msgid is the singular and the plural joined, so that it holds both their placeholders."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith(("msgid", "msgstr")):
                current = line.split(" ", 1)[0]
                fields[current] = "".join(STRING.findall(line))
            elif line.startswith('"') and current:
                fields[current] += "".join(STRING.findall(line))
        if fields.get("msgid"):
            msgid = " | ".join(filter(None, (fields["msgid"], fields.get("msgid_plural"))))
            yield msgid, [v for k, v in fields.items() if k.startswith("msgstr")], fuzzy


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_interface_string_is_translated(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, strs, fuzzy in entries(po) if fuzzy or not all(strs)]
    assert len(list(entries(po))) > 500
    assert missing == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_placeholders_survive_translation(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    placeholder = re.compile(r"%\([a-z_]+\)s")
    # Every placeholder of a translation is one of the original's, and each of the
    # original's appears in the translation (in one of its plural forms, for a plural).
    wrong = [
        msgid
        for msgid, strs, _fuzzy in entries(po)
        if set(placeholder.findall(" ".join(strs))) != set(placeholder.findall(msgid))
        or any(not set(placeholder.findall(s)) <= set(placeholder.findall(msgid)) for s in strs)
    ]
    assert wrong == []
