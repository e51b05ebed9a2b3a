"""The "what changed" page says in words what differs between two published versions."""

import pytest

from imdi_portal.core.models import Country
from legislation.models import Law, PermitKind
from legislation.services import (
    category_create,
    category_publish,
    category_save_draft,
    category_start_revision,
    category_submit,
)
from tests.imdi_portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions():
    philippines = Country.objects.get(iso3="PHL")
    focal_point = UserFactory(focal_point=True, country=philippines)
    secretariat = UserFactory(secretariat=True)
    code = Law.objects.create(country=philippines, title="Labour Code", year=1974)
    act = Law.objects.create(country=philippines, title="Migrant Workers Act", year=1995)
    draft = category_create(
        user=focal_point,
        country=philippines,
        name_en="Employment visa",
        kind=PermitKind.GENERAL_WORK,
        processing_days_typical=30,
        stay_conditions="The holder may work for the sponsoring employer only.",
    )
    category_save_draft(
        user=focal_point,
        category=draft,
        fields={},
        laws=[code],
        elements={
            "requirements": [{"text": "A job offer"}],
            "fees": [{"label": "Visa fee", "amount": "100.00", "currency": "PHP"}],
        },
    )
    category_submit(user=focal_point, category=draft)
    published = category_publish(user=secretariat, category=draft)
    draft = category_start_revision(user=focal_point, category=published)
    category_save_draft(
        user=focal_point,
        category=draft,
        fields={
            "kind": PermitKind.HIGHLY_SKILLED,
            "processing_days_typical": 45,
            "renewable": True,
            "stay_conditions": "The holder may work for any employer in the sector.",
        },
        laws=[code, act],
        elements={
            "requirements": [{"text": "A job offer"}, {"text": "A university degree"}],
            "fees": [
                {"label": "Visa fee", "amount": "150.00", "currency": "PHP", "payer": "employer"}
            ],
        },
    )
    category_submit(user=focal_point, category=draft)
    return category_publish(user=secretariat, category=draft, comment="New rules")


def rows(html):
    table = html.split('id="v2"')[1].split("</table>")[0]
    return {
        row.split('<th scope="row">')[1].split("</th>")[0]: row
        for row in table.split("<tr")[1:]
        if '<th scope="row">' in row
    }


def test_what_changed_is_labelled_and_readable(client, two_versions):
    html = client.get("/legislation/PHL/employment-visa/changes/").content.decode()
    changed = rows(html)
    assert "Kind of permit" in changed
    assert "General work permit" in changed["Kind of permit"]
    assert "Highly skilled worker" in changed["Kind of permit"]
    assert "<td>30</td><td>45</td>" in changed["Typical processing time (days)"]
    assert "<td>No</td><td>Yes</td>" in changed["Renewable"]
    stay = changed["Conditions of stay"]
    assert "<del>sponsoring employer only.</del>" in stay
    assert "for <ins>any employer in</ins> the <ins>sector.</ins>" in stay
    assert "<ins>A university degree</ins>" in changed["Requirements"]
    assert "A job offer" not in changed["Requirements"]  # unchanged items are not repeated
    fees = changed["Fees"]
    assert "<del>Visa fee: 100.00 PHP (paid by: Applicant)</del>" in fees
    assert "<ins>Visa fee: 150.00 PHP (paid by: Employer)</ins>" in fees
    assert "<ins>Migrant Workers Act (1995)</ins>" in changed["Laws"]
    # No field names, no Python reprs.
    for raw in ("<code>", "processing_days_typical", "{&#x27;", "[{", "True", "False"):
        assert raw not in html.split('id="v2"')[1], raw
