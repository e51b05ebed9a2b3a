"""The permission matrix: every role and action, on the pages. A refusal about a profile is a
404 (its existence does not leak); anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from mobility.models import Licence, ProfileView, WorkerProfile
from tests.mobility.conftest import vacancy_for

ROLES = [
    "anonymous",
    "other_worker",
    "owner",
    "agency_valid",
    "agency_no_consent",
    "agency_suspended",
    "agency_blacklisted",
    "staff",
]

# role -> (view profile, list candidates, post vacancy, export, delete). "own" = 200 with the
# user's own data, never the profile's; "gone" = the profile was deleted (redirect).
MATRIX = {
    "anonymous": (302, 302, 302, 302, 302),
    "other_worker": (404, 404, 404, "own", "own"),
    "owner": (200, 404, 404, 200, "gone"),
    "agency_valid": (200, 200, 200, 404, 404),
    "agency_no_consent": (404, "without", 200, 404, 404),
    "agency_suspended": (404, 404, 404, 404, 404),
    "agency_blacklisted": (404, 404, 404, 404, 404),
    "staff": (404, 404, 404, 404, 404),
}
ACTIONS = ["view_profile", "list_candidates", "post_vacancy", "export", "delete"]


def _client(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _request(client, world, role, action):
    vacancy = vacancy_for(world, role)
    if action == "view_profile":
        if role == "owner":
            return client.get(reverse("mobility:my-profile"))
        return client.get(reverse("mobility:candidate", args=[vacancy.pk, world.profile.reference]))
    if action == "list_candidates":
        return client.get(reverse("mobility:candidates", args=[vacancy.pk]))
    if action == "post_vacancy":
        return client.get(reverse("mobility:vacancy-new"))
    if action == "export":
        return client.get(reverse("mobility:export"))
    return client.post(reverse("mobility:delete"), {"confirm": "yes"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(client, world, role, action):
    expected = MATRIX[role][ACTIONS.index(action)]
    response = _request(_client(client, world, role), world, role, action)
    reference = str(world.profile.reference)
    body = response.content.decode() if response.status_code == 200 else ""
    profile_exists = WorkerProfile.objects.filter(pk=world.profile.pk).exists()
    if expected == "own":
        assert response.status_code in (200, 302)
        assert reference not in body
        assert profile_exists
    elif expected == "gone":
        assert response.status_code == 302
        assert not profile_exists
    elif expected == "without":  # the agency's list for a destination she did not consent to
        assert response.status_code == 200
        assert reference[:8] not in body
    else:
        assert response.status_code == expected
        if expected == 302:
            assert "/accounts/login/" in response["Location"]
        assert profile_exists
        if action in ("view_profile", "export") and role == "owner":
            assert reference[:8] in body or reference in body
        if action == "list_candidates" and expected == 200:
            assert reference[:8] in body


def test_suspension_removes_access_at_once(client, world):
    client.force_login(world.users["agency_valid"])
    url = reverse("mobility:candidate", args=[world.vacancy.pk, world.profile.reference])
    assert client.get(url).status_code == 200
    Licence.objects.filter(agency=world.vacancy.agency).update(status=Licence.Status.SUSPENDED)
    assert client.get(url).status_code == 404
    assert client.get(reverse("mobility:candidates", args=[world.vacancy.pk])).status_code == 404
    assert client.get(reverse("mobility:vacancy-new")).status_code == 404


def test_revoked_licence_but_label_keeps_access(client, world):
    """`agency_may_recruit`: a valid IMDI quality label stands in for the licence."""
    from tests.certification.factories import Certification

    certification = Certification()
    label = certification.to("accepted").label
    assert label.status == "active"
    agency = world.vacancy.agency
    agency.organisation = certification.enterprise.organisation
    agency.save()
    Licence.objects.filter(agency=agency).update(status=Licence.Status.REVOKED)
    client.force_login(certification.member)
    url = reverse("mobility:candidate", args=[world.vacancy.pk, world.profile.reference])
    assert client.get(url).status_code == 200
    page = client.get(reverse("mobility:vacancy", args=[world.vacancy.pk])).content.decode()
    assert "workers pay no recruitment fee" in page


def test_views_are_logged_for_others_only(client, world):
    client.force_login(world.users["owner"])
    client.get(reverse("mobility:my-profile"))
    client.get(reverse("mobility:export"))
    assert not ProfileView.objects.exists()
    client.force_login(world.users["agency_valid"])
    client.get(reverse("mobility:candidates", args=[world.vacancy.pk]))
    client.get(reverse("mobility:candidate", args=[world.vacancy.pk, world.profile.reference]))
    contexts = sorted(
        ProfileView.objects.filter(profile=world.profile).values_list("context", flat=True)
    )
    assert contexts == ["candidates", "profile"]
    assert set(ProfileView.objects.values_list("viewer", flat=True)) == {
        world.users["agency_valid"].pk
    }
    # Refused requests log nothing.
    client.force_login(world.users["agency_suspended"])
    client.get(
        reverse("mobility:candidate", args=[world.vacancy_suspended.pk, world.profile.reference])
    )
    assert ProfileView.objects.count() == 2
    # The owner reads the log on the profile page.
    client.force_login(world.users["owner"])
    page = client.get(reverse("mobility:my-profile")).content.decode()
    assert world.vacancy.agency.name in page
    assert "List of candidates for a vacancy" in page


def test_admin_view_of_a_profile_is_logged(client, world, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:mobility_workerprofile_change", args=[world.profile.pk])
    assert client.get(url).status_code == 200
    row = ProfileView.objects.get()
    assert (row.viewer, row.context) == (admin_user, "admin")


def test_recruiter_views_are_rate_limited(client, world, settings):
    settings.MOBILITY_RECRUITER_VIEWS_PER_HOUR = 2
    client.force_login(world.users["agency_valid"])
    url = reverse("mobility:candidates", args=[world.vacancy.pk])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert ProfileView.objects.count() == 2


def test_an_unapproved_organisation_does_not_act_for_its_agency(client, world):
    organisation = world.vacancy.agency.organisation
    organisation.is_approved = False
    organisation.save()
    client.force_login(world.users["agency_valid"])
    assert client.get(reverse("mobility:candidates", args=[world.vacancy.pk])).status_code == 404
    assert client.get(reverse("mobility:vacancy-new")).status_code == 404
