"""Global search with the words people type (issue 22, defect 3): stems in English, French
and Spanish, accents folded, typos tolerated, occupations, shortage lists, the cost tools,
corridors, the directory, organisations and the guiding principles indexed, a country's
name putting its profile first, highlighted snippets, and a search box on every page. The
same on SQLite and PostgreSQL (CI runs both)."""

import pytest

from certification.models import Principle, PrincipleSet
from imdi_portal.core.models import Country
from imdi_portal.gateway.models import Contact
from imdi_portal.search.selectors import search, snippet
from imdi_portal.search.services import search_index_rebuild
from tests.certification.factories import principle_set
from tests.gateway.factories import ContactFactory
from tests.imdi_portal.factories import OrganisationFactory
from tests.labour_market.factories import OccupationFactory, ShortageEntryFactory
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    nursing = OccupationFactory(
        code="2221",
        title_en="Nursing professionals",
        title_fr="Cadres infirmiers",
        definition="Nursing professionals provide treatment and care for the sick.",
    )
    OccupationFactory(code="6113", title_en="Gardeners, horticultural and nursery growers")
    OccupationFactory(code="7212", title_en="Welders and flame cutters")
    ShortageEntryFactory(
        shortage_list__country=Country.objects.get(iso3="DEU"),
        shortage_list__title="Bottleneck occupations",
        occupation=nursing,
    )
    pset = PrincipleSet.objects.filter(is_current=True).first() or principle_set()
    Principle.objects.create(
        principle_set=pset,
        code="PX",
        title="No recruitment fees charged to workers",
        description="Workers pay no fee to be recruited.",
    )
    ContactFactory(
        kind=Contact.Kind.FOCAL_POINT,
        country=Country.objects.get(iso3="PHL"),
        function_en="National focal point for labour migration",
    )
    OrganisationFactory(name="Migrant Workers Centre", acronym="MWC", is_approved=True)
    PermitCategoryFactory(
        country=Country.objects.get(iso3="MYS"),
        published=True,
        name_en="Temporary employment pass",
    )
    search_index_rebuild()


def kinds_and_titles(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(d.kind, d.title) for d in search(text, language=language)[0]]


@pytest.mark.parametrize("text", ["nurse", "nursing", "Nurses", "NURSING"])
def test_forms_of_a_word_find_the_occupation_first(indexed, text):
    results = kinds_and_titles(text)
    assert results[0] == ("occupation", "Nursing professionals (ISCO-08 2221)")
    # "nursery" shares the letters but not the word: it comes after.
    titles = [t for _k, t in results]
    assert titles.index("Nursing professionals (ISCO-08 2221)") < titles.index(
        "Gardeners, horticultural and nursery growers (ISCO-08 6113)"
    )


def test_a_french_word_with_its_accent_finds_the_french_title(indexed):
    assert ("occupation", "Nursing professionals (ISCO-08 2221)") in kinds_and_titles(
        "infirmière", "fr"
    )
    assert kinds_and_titles("infirmiere", "fr") == kinds_and_titles("infirmière", "fr")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("welder", "occupation"),
        ("shortage nurses Germany", "shortage"),
        ("recruitment fees", "principle"),
        ("ethical recruitment", "principle"),
        ("focal point", "contact"),
        ("MWC", "organisation"),
        ("remittance cost", "tool"),
        ("cost of sending money", "tool"),
        ("SDG 10.c", "tool"),
    ],
)
def test_what_people_type_finds_what_they_look_for(indexed, text, kind):
    assert kind in {k for k, _t in kinds_and_titles(text)}


def test_work_permit_in_french_finds_the_permits(indexed):
    assert ("permit", "Temporary employment pass (Malaysia)") in kinds_and_titles(
        "permis de travail", "fr"
    )


def test_a_country_name_puts_its_profile_first(indexed):
    assert kinds_and_titles("Malaysia")[0] == ("country", "Malaysia")
    assert kinds_and_titles("Malaisie", "fr")[0] == ("country", "Malaysia")


def test_a_typo_is_corrected_and_said(client, indexed):
    html = client.get("/search/", {"q": "Philipines"}).content.decode()
    assert "showing the results for “philippines”" in html
    assert '<a href="/countries/PHL/">Philippines</a>' in html


def test_snippets_mark_the_words_found(client, indexed):
    html = client.get("/search/", {"q": "treatment"}).content.decode()
    assert "<mark>treatment</mark>" in html
    marked = snippet("Care for the <sick> and nursing homes", "nurse")
    assert marked == "Care for the &lt;sick&gt; and <mark>nursing</mark> homes"


@pytest.mark.parametrize("url", ["/", "/countries/", "/remittances/", "/data/indicators/"])
def test_every_page_has_a_search_box_in_its_header(client, url):
    html = client.get(url).content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert 'role="search"' in header and 'action="/search/"' in header and 'name="q"' in header
