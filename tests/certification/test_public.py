"""Public registry, enterprise and label pages, twinnings and the API; audit details never
leave the admin."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification import services
from certification.models import (
    AuditFinding,
    Commitment,
    Enterprise,
    TemplateCommitment,
    Twinning,
)
from imdi_portal.core.exceptions import DomainError
from tests.certification.factories import (
    Certification,
    EnterpriseFactory,
    TwinningFactory,
    TwinningTemplateFactory,
)
from tests.imdi_portal.factories import CountryFactory, UserFactory
from tests.imdi_portal.hostile import HOSTILE, neutralised

pytestmark = pytest.mark.django_db
SECRET = "Passports of 12 workers found in the manager's safe"


def labelled(rating: str = "minor") -> Certification:
    c = Certification()
    c.to("audited", rating=rating)
    AuditFinding.objects.update(finding=SECRET)
    services.application_act(
        user=c.officer,
        application=c.refresh(),
        action="accept",
        reason="Minor issues to correct",
        today=date(2026, 12, 1),
    )
    return c


def test_audit_details_never_leak_through_pages_or_api(client, api_client):
    c = labelled()
    number = c.label.number
    pages = [
        reverse("certification:registry"),
        reverse("certification:enterprise", args=[c.enterprise.slug]),
        reverse("certification:label", args=[number]),
        reverse("certification:verify") + f"?number={number}",
        reverse("imdi_portal:country-detail", args=[c.enterprise.country.iso3]),
        reverse("api:label-list"),
        reverse("api:label-detail", args=[number]),
        reverse("api:label-verify") + f"?number={number}",
    ]
    for url in pages:
        text = (api_client if "/api/" in url else client).get(url).content.decode()
        assert c.enterprise.legal_name in text, url
        for secret in (SECRET, "Fix it", "Minor non-conformity", "minor"):
            assert secret not in text, (url, secret)


def test_registry_search_by_name_country_sector_and_status(client):
    c = labelled(rating="conform")
    other = labelled(rating="conform")
    url = reverse("certification:registry")

    def names(params):
        return client.get(url, params).content.decode()

    assert c.enterprise.legal_name in names({"name": c.enterprise.legal_name[-6:]})
    text = names({"country": c.enterprise.country.iso3})
    assert c.enterprise.legal_name in text and other.enterprise.legal_name not in text
    assert c.enterprise.legal_name in names({"sector": "N", "status": "active"})
    assert c.enterprise.legal_name not in names({"status": "withdrawn"})
    assert c.enterprise.legal_name not in names({"sector": "Q9"})  # no such sector: no label


def test_enterprise_and_label_pages(client):
    c = labelled(rating="conform")
    label = c.label
    page = client.get(reverse("certification:enterprise", args=[c.enterprise.slug])).content
    assert label.number in page.decode() and "Recruitment of nurses" in page.decode()
    label_page = client.get(reverse("certification:label", args=[label.number])).content.decode()
    assert "<svg" in label_page and "QR code: verify this label" in label_page
    assert f"/certification/verify/?number={label.number}" in label_page
    lower = client.get(reverse("certification:label", args=[label.number.lower()]))
    assert lower.status_code == 301
    assert (
        client.get(reverse("certification:label", args=["IMDI-00000-00000-0"])).status_code == 404
    )
    assert client.get(reverse("certification:enterprise", args=["nobody"])).status_code == 404


def test_api_registry_and_verification(api_client):
    c = labelled(rating="conform")
    body = api_client.get(reverse("api:label-list"), {"country": c.enterprise.country.iso3}).json()
    assert [r["number"] for r in body["results"]] == [c.label.number]
    answer = api_client.get(reverse("api:label-verify"), {"number": c.label.number}).json()
    assert (answer["status"], answer["label"]["enterprise"]) == ("valid", c.enterprise.legal_name)
    assert api_client.get(reverse("api:label-verify")).status_code == 400
    unknown = api_client.get(reverse("api:label-verify"), {"number": "nonsense"}).json()
    assert (unknown["status"], unknown["well_formed"]) == ("unknown", False)


def test_evidence_is_checked_by_content_and_private(client):
    c = Certification()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<doc/>")
    upload = SimpleUploadedFile("policy.docx", buffer.getvalue())
    evidence = services.evidence_add(
        user=c.member, application=c.application, upload=upload, indicator=c.indicators[0]
    )
    with pytest.raises(DomainError, match="Only PDF"):
        services.evidence_add(
            user=c.member,
            application=c.application,
            upload=SimpleUploadedFile("x.pdf", b"MZ..."),
            indicator=None,
        )
    url = reverse("certification:evidence", args=[evidence.token])
    assert client.get(url).status_code == 404
    for user, expected in [
        (c.member, 200),
        (UserFactory(), 404),
        (c.auditor, 404),
        (c.officer, 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == expected
    c.to("audit")
    client.force_login(c.auditor)
    assert client.get(url).status_code == 200  # assigned now


def test_twinning_from_template_signed_reviewed_and_on_both_profiles(client, api_client):
    secretariat = UserFactory(secretariat=True)
    template = TwinningTemplateFactory()
    TemplateCommitment.objects.create(
        template=template,
        party="origin",
        area="Irregular migration",
        text="Prevent irregular departures",
    )
    TemplateCommitment.objects.create(
        template=template, party="destination", area="Visas", text="Faster work visas"
    )
    origin, destination = CountryFactory(), CountryFactory()
    twinning = services.twinning_create(
        user=secretariat,
        origin=origin,
        destination=destination,
        title="Orderly mobility",
        template=template,
    )
    assert twinning.commitments.count() == 2
    # Adapted for the pair without touching the template.
    Commitment.objects.filter(twinning=twinning, party="destination").update(
        text="Visas in 10 days"
    )
    assert template.commitments.get(party="destination").text == "Faster work visas"
    with pytest.raises(DomainError, match="Only a signed twinning"):
        services.twinning_review(
            user=secretariat,
            twinning=twinning,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 6, 30),
            summary="s",
            recommendations="",
            ratings={},
        )
    services.twinning_sign(user=secretariat, twinning=twinning, signed_on=date(2026, 12, 1))
    services.benefit_add(
        user=secretariat,
        twinning=twinning,
        kind="quota",
        description="Seasonal work permits",
        quota=300,
    )
    commitments = list(twinning.commitments.all())
    with pytest.raises(DomainError, match="Rate every commitment"):
        services.twinning_review(
            user=secretariat,
            twinning=twinning,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 6, 30),
            summary="s",
            recommendations="",
            ratings={commitments[0].pk: ("met", "", "")},
        )
    services.twinning_review(
        user=secretariat,
        twinning=twinning,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 6, 30),
        summary="First half-year reviewed",
        recommendations="Publish the visa statistics",
        ratings={c.pk: ("partly", "Ministry report", "Train border staff") for c in commitments},
    )
    twinning.refresh_from_db()
    assert twinning.status == Twinning.Status.ACTIVE
    page = client.get(reverse("certification:twinning", args=[twinning.slug])).content.decode()
    assert "First half-year reviewed" in page and "Visas in 10 days" in page
    assert "300 persons a year" in page
    for country in (origin, destination):
        profile = client.get(reverse("imdi_portal:country-detail", args=[country.iso3]))
        assert "Orderly mobility" in profile.content.decode()
    detail = api_client.get(reverse("api:twinning-detail", args=[twinning.slug])).json()
    assert detail["reviews"][0]["ratings"][0]["rating"] == "partly"
    assert (
        api_client.get(reverse("api:twinning-list"), {"country": origin.iso3}).json()["count"] == 1
    )


def test_twinnings_are_managed_by_the_secretariat_only():
    with pytest.raises(DomainError, match="Only the Secretariat"):
        services.twinning_create(
            user=UserFactory(), origin=CountryFactory(), destination=CountryFactory(), title="x"
        )
    same = CountryFactory()
    with pytest.raises(DomainError):
        services.twinning_create(
            user=UserFactory(secretariat=True), origin=same, destination=same, title="x"
        )
    assert not Twinning.objects.exists()


def test_profile_section_lists_labelled_enterprises(client):
    c = labelled(rating="conform")
    TwinningFactory()  # elsewhere
    text = client.get(reverse("imdi_portal:country-detail", args=[c.enterprise.country.iso3]))
    assert c.enterprise.legal_name in text.content.decode()
    empty = client.get(reverse("imdi_portal:country-detail", args=[CountryFactory().iso3]))
    assert (
        "No enterprise in this country holds the IMDI quality label yet" in empty.content.decode()
    )
    assert EnterpriseFactory().legal_name not in text.content.decode()


def test_the_cached_profile_section_shows_a_suspension_at_once(
    client, django_capture_on_commit_callbacks
):
    c = labelled(rating="conform")
    url = reverse("imdi_portal:country-detail", args=[c.enterprise.country.iso3])
    with django_capture_on_commit_callbacks(execute=True):
        assert "Valid" in client.get(url).content.decode()
        services.label_change_status(
            user=c.officer, label=c.label, move="suspend", reason="Complaint upheld"
        )
    text = client.get(url).content.decode()
    section = text.split('id="certification"')[1].split("</section>")[0]
    assert "Suspended" in section and "Valid" not in section


def test_a_twinning_reads_in_the_language_of_the_reader(client):
    twinning = TwinningFactory(
        title="Seasonal work twinning", title_es="Hermanamiento de trabajo estacional"
    )
    url = twinning.get_absolute_url()
    assert "<h1>Seasonal work twinning</h1>" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "es"})
    assert "<h1>Hermanamiento de trabajo estacional</h1>" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "fr"})  # no French text: English shown
    assert "<h1>Seasonal work twinning</h1>" in client.get(url).content.decode()


def test_the_registry_csv_neutralises_formula_like_enterprise_names(client):
    """#21: an enterprise names itself; its name must not run in a spreadsheet."""
    c = Certification()
    c.to("accepted")
    url = reverse("certification:registry")
    for text in HOSTILE:
        Enterprise.objects.filter(pk=c.enterprise.pk).update(legal_name=text)
        response = client.get(url, {"format": "csv"})
        [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
        assert (row["label"], row["enterprise"]) == (c.label.number, neutralised(text))
