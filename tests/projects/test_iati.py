"""The IATI export validates against the official IATI 2.03 activity schema (shipped in
projects/data/iati-2.03) and carries the project's figures."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from projects import services
from tests.projects.factories import Journey

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "projects/data/iati-2.03/iati-activities-schema.xsd"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_the_export_is_valid_iati_and_carries_the_figures(client, schema):
    j = Journey()
    project = j.to("funded")
    allocation = project.allocations.get()
    services.disbursement_create(
        user=j.secretariat,
        allocation=allocation,
        amount=Decimal("25000"),
        paid_on=date(2027, 2, 1),
        recipient=j.agency,
    )
    response = client.get(reverse("projects:iati"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    (activity,) = document.findall("iati-activity")
    assert activity.findtext("iati-identifier").endswith(project.reference)
    assert activity.findtext("title/narrative") == "Fair recruitment corridor"
    assert sum(Decimal(v.text) for v in activity.findall("budget/value")) == Decimal("90000")
    # The first country is the country of origin, the second the destination.
    assert [c.get("code") for c in activity.findall("recipient-country")] == [j.countries[0].iso2]
    transactions = {
        t.find("transaction-type").get("code"): t.find("value").text
        for t in activity.findall("transaction")
    }
    assert transactions == {"1": "90000.00", "2": "90000.00", "3": "25000.00"}
    roles = {
        (o.get("role"), o.findtext("narrative")) for o in activity.findall("participating-org")
    }
    assert ("4", str(j.agency)) in roles
    assert ("2", str(j.ngo)) in roles
    indicator = activity.find("result/indicator")
    assert indicator.find("period/target").get("value") == "200"


def test_proposals_under_review_are_not_exported(client):
    j = Journey()
    j.to("tap_review")
    response = client.get(reverse("projects:iati"))
    assert response.status_code == 404
    assert "at least one activity" in response.content.decode()


def test_invalid_filters_get_a_clear_message(client):
    response = client.get(reverse("projects:iati"), {"country": "not a code!"})
    assert response.status_code == 400
    assert "country" in response.content.decode().lower()


def test_translated_titles_and_summaries_go_out_as_narratives_in_their_language(client, schema):
    from projects.models import Proposal

    j = Journey()
    project = j.to("funded")
    Proposal.objects.filter(pk=project.pk).update(
        title_fr="Couloir de recrutement équitable", summary_es="Un corredor de contratación."
    )
    document = etree.fromstring(client.get(reverse("projects:iati")).content)
    schema.assertValid(document)
    (activity,) = document.findall("iati-activity")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    titles = {n.get(lang): n.text for n in activity.findall("title/narrative")}
    assert titles == {None: "Fair recruitment corridor", "fr": "Couloir de recrutement équitable"}
    descriptions = {
        n.get(lang): n.text for n in activity.findall("description[@type='1']/narrative")
    }
    assert (
        descriptions[None] == project.summary
        and descriptions["es"] == "Un corredor de contratación."
    )
    # The public page shows the translation to readers in French, English otherwise.
    url = reverse("projects:project-detail", args=[project.reference])
    assert "Fair recruitment corridor" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "fr"})
    html = client.get(url).content.decode()
    assert "<h1>Couloir de recrutement équitable</h1>" in html
    client.post(reverse("set_language"), {"language": "es"})
    html = client.get(url).content.decode()
    assert "<h1>Fair recruitment corridor</h1>" in html and "Un corredor de contratación." in html
