"""Who sees which proposal, and attachments: checked by content, private, never guessable."""

import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from imdi_portal.core.exceptions import DomainError
from projects import services
from projects.selectors import proposal_list
from tests.imdi_portal.factories import CountryFactory, UserFactory
from tests.projects.factories import Journey

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # Fixed dates: the bytes (and so the test ids) are the same in every process.
        stamp = (2026, 1, 1, 0, 0, 0)
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", stamp), "<Types/>")
        archive.writestr(zipfile.ZipInfo(f"{folder}/document.xml", stamp), "<doc/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("plan.docx", office_file("word"), "wordprocessingml"),
        ("budget.xlsx", office_file("xl"), "spreadsheetml"),
        ("no-extension", PDF, "application/pdf"),
    ],
    ids=["pdf", "docx", "xlsx", "no-extension"],
)
def test_documents_are_recognised_by_their_content(name, content, kind):
    j = Journey()
    attachment = services.attachment_add(
        user=j.submitter, proposal=j.proposal, upload=upload(name, content), kind="document"
    )
    assert kind in attachment.content_type
    assert attachment.original_name.startswith(name)
    # Stored under a random name in the private storage, not under the uploaded name.
    assert name not in attachment.file.name


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.pdf", b"MZ\x90\x00binary", "Only PDF"),
        ("fake.docx", b"PK\x03\x04not really a zip", "Only PDF"),
        ("archive.docx", office_file("other"), "Only PDF"),
        ("empty.pdf", b"", "empty"),
    ],
    ids=["executable", "broken-zip", "other-zip", "empty"],
)
def test_other_files_are_refused(name, content, message):
    j = Journey()
    with pytest.raises(DomainError, match=message):
        services.attachment_add(
            user=j.submitter, proposal=j.proposal, upload=upload(name, content), kind="document"
        )
    assert not j.proposal.attachments.exists()


@override_settings(PROJECT_ATTACHMENT_MAX_BYTES=100)
def test_files_over_the_limit_are_refused():
    j = Journey()
    with pytest.raises(DomainError, match="limit"):
        services.attachment_add(
            user=j.submitter,
            proposal=j.proposal,
            upload=upload("big.pdf", PDF + b"x" * 200),
            kind="document",
        )


def test_attachment_download_is_permission_checked(client):
    j = Journey()
    attachment = services.attachment_add(
        user=j.submitter, proposal=j.proposal, upload=upload("plan.pdf", PDF), kind="document"
    )
    url = reverse("projects:attachment", args=[attachment.token])
    assert url == f"/projects/attachments/{attachment.token}/"  # a random UUID, not the pk

    def status(user) -> int:
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(url).status_code

    outsider_fp = UserFactory(focal_point=True, country=CountryFactory())
    assert status(None) == 404
    assert status(j.submitter) == 200
    assert status(j.focal_points[0]) == 404  # a draft is the organisation's own
    assert status(outsider_fp) == 404
    assert status(j.tap[0]) == 404
    j.to("tap_review")
    assert status(j.focal_points[0]) == 200  # involved country, once submitted
    assert status(outsider_fp) == 404
    assert status(j.tap[0]) == 200  # assigned
    assert status(j.tap[2]) == 404  # not assigned
    assert status(j.secretariat) == 200
    client.force_login(j.submitter)
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("projects:attachment", args=[uuid.uuid4()])).status_code == 404


def test_each_role_sees_only_its_proposals():
    j = Journey()
    other = Journey()  # another NGO's draft, other countries
    j.to("tap_review")
    assert set(proposal_list(j.submitter)) == {j.proposal}
    assert set(proposal_list(j.focal_points[0])) == {j.proposal}
    assert set(proposal_list(other.focal_points[0])) == set()  # other's is a draft
    assert set(proposal_list(j.tap[0])) == {j.proposal}
    assert set(proposal_list(j.tap[2])) == set()
    assert set(proposal_list(j.secretariat)) == {j.proposal, other.proposal}


@pytest.mark.parametrize("who", ["anonymous", "other_submitter", "other_focal_point", "tap"])
def test_private_pages_of_a_proposal_are_not_found_for_others(client, who):
    j = Journey()
    j.to("endorsement")
    users = {
        "anonymous": None,
        "other_submitter": UserFactory(submitter=True, organisation=j.agency),
        "other_focal_point": UserFactory(focal_point=True, country=CountryFactory()),
        "tap": j.tap[0],  # not assigned yet
    }
    if users[who] is not None:
        client.force_login(users[who])
    for name, args in [
        ("projects:proposal-detail", [j.proposal.pk]),
        ("projects:proposal-edit", [j.proposal.pk, "project"]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert reverse("login") in response["Location"]
    response = client.post(
        reverse("projects:proposal-endorse", args=[j.proposal.pk]), {"decision": "endorse"}
    )
    assert response.status_code in (302, 404)
    assert set(j.refresh().countries.values_list("endorsement", flat=True)) == {"pending"}
