"""Content shown in English on French and Spanish pages says so (issue 22, defect 13): the
text is marked lang="en" and the reader is told, once per list or page, in their language,
that no translation exists yet. Nothing of the kind on English pages, nor where the
translation exists."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import escape

from imdi_portal.core.models import Component, Organisation
from imdi_portal.core.translation import translated, untranslated_note
from imdi_portal.gateway.models import GCMObjective, GoodPractice
from imdi_portal.gateway.services import entry_moderate, entry_submit
from labour_market.models import Occupation
from tests.certification.factories import principle_set
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


def _note(lang: str, kind: str) -> str:
    with translation.override(lang):
        return escape(untranslated_note(kind))


def _notes(html: str) -> list[str]:
    return re.findall(r'class="untranslated-note"', html)


# --- translated() ------------------------------------------------------------------------


def test_translated_says_when_the_english_text_stands_in():
    occupation = Occupation(code="2221", level=4, title_en="Nursing professionals")
    occupation.title_fr = "Cadres infirmiers"
    with translation.override("fr"):
        assert translated(occupation, "title") == ("Cadres infirmiers", False)
    with translation.override("es"):
        assert translated(occupation, "title") == ("Nursing professionals", True)
    with translation.override("en"):
        assert translated(occupation, "title") == ("Nursing professionals", False)
    objective = GCMObjective.objects.get(number=6)  # one language only: the resolution's
    with translation.override("fr"):
        text, fallback = translated(objective, "title")
        assert fallback and text.startswith("Facilitate fair and ethical recruitment")
        assert translated(Organisation(name=""), "name") == ("", False)  # nothing to mark


def test_the_tag_marks_only_the_fallback_and_notes_it_in_the_readers_language():
    template = Template('{% load translated %}{% translated_text o "title" %}')
    occupation = Occupation(code="2221", level=4, title_en="Nursing professionals")
    with translation.override("es"):
        html = template.render(Context({"o": occupation}))
    assert '<span lang="en">Nursing professionals</span>' in html
    assert _note("es", "text") in html
    occupation.title_es = "Profesionales de enfermería"
    with translation.override("es"):
        html = template.render(Context({"o": occupation}))
    assert html == "Profesionales de enfermería"


# --- pages -------------------------------------------------------------------------------


def test_a_permit_page_in_french_marks_the_english_text_and_says_so(client):
    category = PermitCategoryFactory(
        published=True,
        name_en="Skilled worker visa",
        summary="For workers with a job offer.",
        with_elements=True,
    )
    html = client.get(category.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<h1><span lang="en">Skilled worker visa</span></h1>' in html
    assert '<span lang="en">For workers with a job offer.</span>' in html
    assert '<span lang="en">A job offer</span>' in html  # a requirement
    assert _note("fr", "page") in html
    assert len(_notes(html)) == 1  # one note for the page, not one per text


def test_a_permit_page_with_its_french_text_shows_it_without_a_note(client):
    category = PermitCategoryFactory(
        published=True, name_en="Skilled worker visa", name_fr="Visa de travailleur qualifié"
    )
    html = client.get(category.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Visa de travailleur qualifié</h1>" in html
    assert "Skilled worker visa" not in html
    assert not _notes(html)


def _published_practice(numbers):
    editor = UserFactory(submitter=True, organisation=OrganisationFactory())
    practice = entry_submit(
        GoodPractice,
        user=editor,
        title_en="Mobile consular days for seafarers",
        title_es="Jornadas consulares móviles para marinos",
        summary_en="Consular staff visit ports to renew documents.",
        what_was_done="Monthly visits to three ports.",
        results="2,000 documents renewed in a year.",
        lessons="Announce the visits through crewing agencies.",
        countries=[CountryFactory()],
        components=list(Component.objects.filter(code="III")),
        objectives=list(GCMObjective.objects.filter(number__in=numbers)),
    )
    entry_moderate(user=UserFactory(secretariat=True), entry=practice, publish=True)
    return practice


def test_the_gcm_objectives_in_spanish_have_one_note_and_each_is_marked_english(client):
    practice = _published_practice([6, 14, 20])
    html = client.get(practice.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Jornadas consulares móviles" in html  # the practice's own Spanish title
    section = html.split('class="untranslated-note"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section)
    assert len(items) == 3
    assert all('<span lang="en">' in item for item in items)
    assert '14. <span lang="en">Enhance consular protection' in section
    assert html.count(_note("es", "list")) == 1
    assert len(_notes(html)) == 1


def test_english_pages_carry_no_note(client):
    practice = _published_practice([6, 14])
    category = PermitCategoryFactory(published=True, summary="For workers.", with_elements=True)
    OrganisationFactory(name="International Labour Organization", acronym="ILO", is_gmg_member=True)
    pset = principle_set()
    assert pset.principles.exists()
    for url in [practice.get_absolute_url(), category.get_absolute_url(), "/", "/certification/"]:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert not _notes(html), url
        assert "Not yet translated" not in html and "no French translation" not in html


def test_gmg_member_names_are_marked_english_but_not_their_acronyms(client):
    OrganisationFactory(name="International Labour Organization", acronym="ILO", is_gmg_member=True)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    section = html.split('id="gmg-title"', 1)[1].split("</section>", 1)[0]
    assert '<span lang="en">International Labour Organization</span>' in section
    assert '<span lang="en">ILO' not in section
    assert section.count(_note("fr", "list")) == 1


def test_guiding_principles_in_french_are_marked_and_a_french_title_is_shown(client):
    pset = principle_set(indicators_per_principle=1, principles=2)
    first = pset.principles.get(code="P1")
    first.title_fr = "Principe un"
    first.save()
    html = client.get("/certification/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "P1. Principe un</h3>" in html
    assert 'P2. <span lang="en">Principle 2</span></h3>' in html
    assert '<span lang="en">Indicator 1.1</span>' in html
    assert html.count(_note("fr", "list")) == 1
