"""Compare, finder and Atom feeds of the regulatory-framework database."""

import xml.etree.ElementTree as ET

import pytest

from imdi_portal.core.models import Country
from legislation.models import Agreement, PermitCategoryVersion
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def country(iso3):
    return Country.objects.get(iso3=iso3)


@pytest.fixture
def categories():
    made = {}
    for iso3, days in (("PHL", 30), ("SEN", 60), ("DEU", 90)):
        made[iso3] = PermitCategoryFactory(
            country=country(iso3),
            published=True,
            slug="work",
            name_en=f"Work permit {iso3}",
            processing_days_typical=days,
        )
    PermitCategoryFactory(
        country=country("SEN"),
        published=True,
        slug="seasonal",
        name_en="Harvest permit",
        kind="seasonal",
    )
    PermitCategoryFactory(country=country("SEN"), slug="draft", name_en="Draft permit")
    return made


def test_compare_shows_the_chosen_countries_in_the_chosen_order(client, categories):
    response = client.get(
        "/legislation/compare/", {"kind": "general_work", "country": ["SEN", "DEU", "PHL", ""]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(f"Work permit {iso3}") for iso3 in ("SEN", "DEU", "PHL")]
    assert positions == sorted(positions)
    assert "Harvest permit" not in html and "Draft permit" not in html
    assert "60 days" in html and "90 days" in html


def test_compare_refuses_more_than_four_countries_and_unknown_values(client, categories):
    response = client.get(
        "/legislation/compare/",
        {"kind": "general_work", "country": ["PHL", "SEN", "DEU", "MYS", "CAN"]},
    )
    assert response.status_code == 400
    assert "Compare at most 4 countries at a time." in response.content.decode()
    response = client.get("/legislation/compare/", {"kind": "astronaut", "country": ["ZZZ"]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_finder_lists_destination_categories_and_shared_agreements(client, categories):
    agreement = Agreement.objects.create(title="PHL-SEN accord", kind=Agreement.Kind.MOU)
    agreement.countries.set([country("PHL"), country("SEN")])
    other = Agreement.objects.create(title="SEN-DEU accord", kind=Agreement.Kind.MOU)
    other.countries.set([country("DEU"), country("SEN")])
    html = client.get(
        "/legislation/finder/", {"nationality": "PHL", "destination": "SEN", "kind": "seasonal"}
    ).content.decode()
    assert "Harvest permit" in html and "Work permit SEN" not in html
    assert "PHL-SEN accord" in html and "SEN-DEU accord" not in html


def test_finder_refuses_the_same_country_twice(client):
    response = client.get("/legislation/finder/", {"nationality": "PHL", "destination": "PHL"})
    assert response.status_code == 400
    assert "Choose a country other than your own." in response.content.decode()


def test_feeds_list_published_versions_globally_and_per_country(client, categories):
    PermitCategoryVersion.objects.create(category=categories["PHL"], number=1, data={})
    PermitCategoryVersion.objects.create(
        category=categories["SEN"], number=2, data={}, comment="Fees updated"
    )
    root = ET.fromstring(client.get("/legislation/feed/").content)
    titles = [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]
    assert titles == [
        "Senegal: Work permit SEN, version 2",
        "Philippines: Work permit PHL, version 1",
    ]
    root = ET.fromstring(client.get("/legislation/SEN/feed/").content)
    entries = list(root.iter(f"{ATOM}entry"))
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}summary").text == "Fees updated"
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/legislation/SEN/work/changes/#v2")
    assert client.get("/legislation/ZZZ/feed/").status_code == 404


def test_compare_without_a_kind_asks_for_one_and_offers_the_kinds_published(client, categories):
    response = client.get("/legislation/compare/", {"country": ["SEN", "DEU"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a kind of permit above" in html
    assert "?kind=general_work&amp;country=SEN&amp;country=DEU" in html
    assert "?kind=seasonal&amp;country=SEN&amp;country=DEU" in html
    assert html.index("General work permit</a>") < html.index("Seasonal work</a>")  # 2 before 1
    assert client.get("/legislation/compare/", {"kind": ""}).status_code == 200


def test_compare_shows_all_twelve_elements_with_their_values(client):
    from legislation.models import Law, ProfessionalBody

    category = PermitCategoryFactory(
        country=country("DEU"),
        published=True,
        slug="blue-card",
        name_en="Blue card",
        processing_days_max=120,
        renewable=True,
        max_total_stay_months=48,
        multiple_entry_visa=True,
        recognition_procedure="Degrees are checked by the central office.",
    )
    ProfessionalBody.objects.create(category=category, name="Central office for education")
    category.laws.add(Law.objects.create(country=country("DEU"), title="Residence Act", year=2004))
    html = client.get(
        "/legislation/compare/", {"kind": "general_work", "country": ["DEU"]}
    ).content.decode()
    for element in (
        "1. Categories of permits and their requirements",
        "2. Documentation required",
        "3. Method of presenting an application",
        "4. Processing time and application fees",
        "5. Length and conditions of stay",
        "6. Extensions and multiple entry",
        "7. Accompanying dependants",
        "8. Review and appeal",
        "9. Economic needs test and quotas",
        "10. Recognition of qualifications and professional bodies",
        "11. Contact points",
        "12. Migration laws",
    ):
        assert element in html
    for label, value in (
        ("Maximum processing time", "120 days"),
        ("Maximum total stay", "48 months"),
        ("Multiple-entry visa", "yes"),
        ("Recognition procedure", "Degrees are checked by the central office."),
        ("Professional bodies", "Central office for education"),
        ("Laws", "Residence Act (2004)"),
    ):
        row = html.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
        assert value in row, label


def test_the_comparison_downloads_as_csv_in_the_chosen_order(client, categories):
    import csv
    import io

    params = {"kind": "general_work", "country": ["SEN", "DEU", "PHL"]}
    page = client.get("/legislation/compare/", params).content.decode()
    assert "format=csv" in page and "Download this comparison" in page
    response = client.get("/legislation/compare/", {**params, "format": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["country"], r["name_en"]) for r in rows] == [
        ("SEN", "Work permit SEN"),
        ("DEU", "Work permit DEU"),
        ("PHL", "Work permit PHL"),
    ]
    assert {r["processing_days_typical"] for r in rows} == {"30", "60", "90"}
