"""Permission matrix: every role against the private objects and write actions of the portal,
by page, admin and API. Each cell says whether the role may; a refusal must also change
nothing. Roles: anonymous, a submitter of another organisation, the focal point of another
country, an unassigned TAP member, a certification officer, the Secretariat."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from imdi_portal.core.models import Component
from imdi_portal.gateway.models import Activity, Contact
from imdi_portal.stats.models import ImportJob
from legislation.models import PermitCategory
from projects.models import Proposal
from tests.certification.factories import Certification
from tests.gateway.factories import ActivityFactory, ContactFactory
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.legislation.factories import PermitCategoryFactory
from tests.projects.factories import Journey

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "submitter", "other_focal_point", "tap_member", "officer", "secretariat"]


@pytest.fixture
def world(reference_data):
    j = Journey()
    j.to("endorsement")  # submitted: seen by the Secretariat and the involved focal points
    draft = PermitCategoryFactory(country=j.countries[0], name_en="Draft permit")
    cert = Certification()
    waiting = ActivityFactory(title_en="Waiting activity", state=Activity.State.SUBMITTED)
    person = ContactFactory(person_name="Private Person", user=UserFactory())
    users = {
        "anonymous": None,
        "submitter": UserFactory(submitter=True, organisation=OrganisationFactory()),
        "other_focal_point": UserFactory(focal_point=True, country=CountryFactory()),
        "tap_member": UserFactory(tap_member=True),
        "officer": UserFactory(certification_officer=True),
        "secretariat": j.secretariat,
    }
    return {
        "proposal": j.proposal,
        "draft": draft,
        "application": cert.application,
        "waiting": waiting,
        "contact": person,
        "users": users,
    }


def _client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
        client.force_login(user)
    return client


def _allowed(response) -> bool:
    if response.status_code in (200, 201, 202, 204):
        return True
    if response.status_code == 302:
        return "/login/" not in response["Location"]
    assert response.status_code in (400, 401, 403, 404, 405, 409), response.status_code
    return False


def _csv_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")


# action -> (how to call it, roles that may)
ACTIONS = {
    "page: private proposal": (
        lambda c, w: c.get(f"/projects/proposals/{w['proposal'].pk}/"),
        {"secretariat"},
    ),
    "api: read private proposal": (
        lambda c, w: c.get(f"/api/v1/proposals/{w['proposal'].pk}/"),
        {"secretariat"},
    ),
    "api: edit another organisation's proposal": (
        lambda c, w: c.patch(
            f"/api/v1/proposals/{w['proposal'].pk}/", {"title": "Hijacked"}, format="json"
        ),
        set(),
    ),
    "admin: proposal": (
        lambda c, w: c.get(f"/admin/projects/proposal/{w['proposal'].pk}/change/"),
        {"secretariat"},
    ),
    "api: permit category draft of a country": (
        lambda c, w: c.get(f"/api/v1/permit-category-drafts/{w['draft'].pk}/"),
        {"secretariat"},
    ),
    "api: edit that draft": (
        lambda c, w: c.patch(
            f"/api/v1/permit-category-drafts/{w['draft'].pk}/",
            {"summary": "Hijacked"},
            format="json",
        ),
        {"secretariat"},
    ),
    "admin: certification application (audit)": (
        lambda c, w: c.get(f"/admin/certification/application/{w['application'].pk}/change/"),
        {"officer"},
    ),
    "api: list imports": (lambda c, w: c.get("/api/v1/imports/"), {"secretariat"}),
    "api: upload an import": (
        lambda c, w: c.post(
            "/api/v1/imports/", {"source": "wdi", "file": _csv_upload()}, format="multipart"
        ),
        {"secretariat"},
    ),
    "admin: add an import": (
        lambda c, w: c.get("/admin/stats/importjob/add/"),
        {"secretariat"},
    ),
    "page: an activity awaiting moderation": (
        lambda c, w: c.get(f"/activities/{w['waiting'].slug}/"),
        set(),  # nobody sees it on the site before it is published
    ),
    "admin: moderate activities": (
        lambda c, w: c.get(f"/admin/gateway/activity/{w['waiting'].pk}/change/"),
        {"secretariat"},
    ),
    "page: share an activity": (
        lambda c, w: c.post(
            "/activities/new/",
            {
                "title_en": "Shared",
                "summary_en": "S",
                "start_year": 2024,
                "status": "ongoing",
                "components": [Component.objects.get(code="I").pk],
            },
        ),
        {"submitter"},
    ),
    "admin: directory entry with personal details": (
        lambda c, w: c.get(f"/admin/gateway/contact/{w['contact'].pk}/change/"),
        {"secretariat"},
    ),
    "page: give consent for someone else": (
        lambda c, w: c.post("/directory/mine/", {"contact": w["contact"].pk, "consent": "give"}),
        set(),
    ),
    "admin: users": (lambda c, w: c.get("/admin/imdi_portal/user/"), {"secretariat"}),
}


def _shared() -> bool:
    created = Activity.objects.filter(title_en="Shared")
    done = created.exists()
    created.delete()
    return done


EFFECTS = {"page: share an activity": _shared}


@pytest.mark.parametrize("action", list(ACTIONS), ids=list(ACTIONS))
def test_each_role_may_do_exactly_what_the_matrix_says(world, action):
    call, allowed_roles = ACTIONS[action]
    found = {}
    for role in ROLES:
        response = call(_client(world["users"][role]), world)
        if action in EFFECTS:  # the page answers with a redirect either way: look at the data
            found[role] = EFFECTS[action]()
        else:
            found[role] = _allowed(response)
    assert found == {role: role in allowed_roles for role in ROLES}


def test_refused_writes_change_nothing(world):
    proposal, draft, contact = world["proposal"], world["draft"], world["contact"]
    for role in ROLES:
        if role == "secretariat":
            continue
        client = _client(world["users"][role])
        for action in (
            "api: edit another organisation's proposal",
            "api: edit that draft",
            "api: upload an import",
            "page: give consent for someone else",
        ):
            ACTIONS[action][0](client, world)
    assert Proposal.objects.get(pk=proposal.pk).title == proposal.title
    assert PermitCategory.objects.get(pk=draft.pk).summary == draft.summary
    assert not ImportJob.objects.exists()
    assert not Contact.objects.get(pk=contact.pk).has_consent
