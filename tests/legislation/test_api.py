"""The read API of the regulatory-framework database."""

import pytest

from imdi_portal.core.models import Country
from legislation.models import PermitCategoryVersion
from legislation.services import category_snapshot
from tests.legislation.factories import PermitCategoryFactory

pytestmark = pytest.mark.django_db


def publish(**fields):
    category = PermitCategoryFactory(published=True, with_elements=True, **fields)
    PermitCategoryVersion.objects.create(
        category=category, number=1, data=category_snapshot(category)
    )
    return category


def test_list_nests_every_element_of_published_categories_only(api_client):
    category = publish(name_en="Employment visa", dependants_allowed=True)
    PermitCategoryFactory(name_en="A draft")
    body = api_client.get("/api/v1/permit-categories/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert (item["id"], item["country"], item["name"]) == (category.pk, "PHL", "Employment visa")
    assert item["requirements"] == [{"text": "A job offer"}]
    assert item["fees"] == [
        {"label": "Application fee", "amount": "100.00", "currency": "PHP", "payer": "applicant"}
    ]
    assert item["dependants_allowed"] is True and item["page_url"].endswith("/")


def test_filters_match_the_page_filters(api_client):
    senegal = Country.objects.get(iso3="SEN")
    publish(slug="a", processing_days_typical=20, labour_market_test=True)
    publish(slug="b", processing_days_typical=90, country=senegal, kind="seasonal")

    def ids(**params):
        return [
            r["slug"]
            for r in api_client.get("/api/v1/permit-categories/", params).json()["results"]
        ]

    assert ids(max_processing_days=30) == ["a"]
    assert ids(country="SEN") == ["b"]
    assert ids(kind="seasonal") == ["b"]
    assert ids(labour_market_test="true") == ["a"]
    response = api_client.get("/api/v1/permit-categories/", {"max_processing_days": "soon"})
    assert response.status_code == 400 and "max_processing_days" in response.json()["errors"]


def test_drafts_are_not_found_by_guessed_ids(api_client):
    draft = PermitCategoryFactory()
    response = api_client.get(f"/api/v1/permit-categories/{draft.pk}/")
    assert response.status_code == 404


def test_list_query_count_does_not_grow_with_the_page(api_client, django_assert_max_num_queries):
    for n in range(12):
        publish(slug=f"p{n}")
    with django_assert_max_num_queries(5):
        body = api_client.get("/api/v1/permit-categories/", {"limit": 12}).json()
    assert len(body["results"]) == 12 and all(r["requirements"] for r in body["results"])


def test_agreements_list_their_parties(api_client):
    from legislation.models import Agreement

    agreement = Agreement.objects.create(title="Accord", kind=Agreement.Kind.MOU)
    agreement.countries.set(Country.objects.filter(iso3__in=["PHL", "SEN"]))
    body = api_client.get("/api/v1/agreements/").json()
    assert body["results"][0]["countries"] == ["PHL", "SEN"]


def test_schema_types_every_element(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    props = schema["components"]["schemas"]["PermitCategory"]["properties"]
    for name in ("requirements", "documents", "fees", "professional_bodies", "contact_points"):
        assert props[name]["type"] == "array"
    for name in (
        "processing_days_typical",
        "dependants_allowed",
        "labour_market_test",
        "annual_quota",
        "appeal_deadline_days",
        "max_total_stay_months",
    ):
        assert name in props
    fee = schema["components"]["schemas"]["Fee"]["properties"]
    assert fee["amount"]["format"] == "decimal"


def test_fee_and_quota_filters(api_client):
    from legislation.models import Fee

    cheap = publish(slug="cheap", annual_quota=5000)  # its factory fee: 100.00 PHP
    dear = publish(slug="dear")
    Fee.objects.create(category=dear, label="Work permit", amount="900.00", currency="PHP")
    euro = publish(slug="euro")
    Fee.objects.filter(category=euro).update(currency="EUR")

    def slugs(**params):
        return sorted(
            r["slug"]
            for r in api_client.get("/api/v1/permit-categories/", params).json()["results"]
        )

    assert slugs(max_fee=500, fee_currency="PHP") == ["cheap"]
    assert slugs(max_fee=2000, fee_currency="php") == ["cheap", "dear"]
    assert slugs(fee_currency="EUR") == ["euro"]
    assert slugs(has_quota="true") == ["cheap"]
    assert cheap.annual_quota == 5000
    response = api_client.get("/api/v1/permit-categories/", {"max_fee": "-1"})
    assert response.status_code == 400 and "max_fee" in response.json()["errors"]
