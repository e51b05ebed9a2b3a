import pytest

from imdi_portal.core.models import Country
from legislation.models import Law
from legislation.selectors import legislation_search
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    PermitCategoryFactory(
        published=True, slug="a", name_en="Seasonal worker visa", summary="For harvests"
    )
    PermitCategoryFactory(
        published=True, slug="b", name_en="Employment pass", summary="Not for seasonal jobs"
    )
    PermitCategoryFactory(slug="c", name_en="Seasonal draft")  # never found: a draft
    Law.objects.create(country=Country.objects.get(iso3="PHL"), title="Seasonal Workers Act")


def names(results):
    return [getattr(r["object"], "name_en", None) or r["object"].title for r in results]


def test_search_finds_published_categories_and_laws_but_no_drafts(entries):
    found = names(legislation_search(query="seasonal"))
    assert "Seasonal worker visa" in found and "Employment pass" in found
    assert "Seasonal Workers Act" in found and "Seasonal draft" not in found


def test_a_match_in_the_name_ranks_above_one_in_the_summary(entries):
    found = [n for n in names(legislation_search(query="seasonal")) if n != "Seasonal Workers Act"]
    assert found.index("Seasonal worker visa") < found.index("Employment pass")


@pytest.mark.postgres_only
def test_postgresql_ranks_with_full_text_search(entries):
    # Both words must match: only the visa has "harvests".
    assert names(legislation_search(query="seasonal harvests")) == ["Seasonal worker visa"]
    results = legislation_search(query="seasonal")
    ranks = {name: r["rank"] for name, r in zip(names(results), results, strict=True)}
    assert ranks["Seasonal worker visa"] > ranks["Employment pass"] > 0


def test_search_page(client, entries):
    html = client.get("/legislation/search/", {"q": "seasonal"}).content.decode()
    assert "Seasonal worker visa" in html and "Seasonal draft" not in html
    assert client.get("/legislation/search/", {"q": "x" * 5000}).status_code == 200
