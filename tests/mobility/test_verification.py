"""Checks by an authorised body: a Verifier sees the qualifications and languages of
workers who accepted an invitation and consent to that destination, and no one else's;
records verified / not verified with a note; the worker and the recruiter see the result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imdi_portal.core.exceptions import DomainError
from mobility import services
from mobility.models import Application, LanguageSkill, Qualification, Verification
from tests.imdi_portal.factories import UserFactory
from tests.mobility.factories import (
    VacancyFactory,
    WorkerProfileFactory,
    agency_member,
    application,
    verifier,
)

pytestmark = pytest.mark.django_db
State = Application.State
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def applicant():
    vacancy = VacancyFactory()
    profile = WorkerProfileFactory(
        occupations=[(vacancy.occupation.code, 4)],
        languages=[("fr", 4)],
        consent_to=[vacancy.destination],
    )
    qualification = services.qualification_add(
        profile=profile,
        title="Diploma in nursing",
        awarding_body="A test school",
        country=profile.home_country,
        year=2015,
        upload=SimpleUploadedFile("diploma.pdf", PDF, content_type="application/pdf"),
    )
    app = application(vacancy=vacancy, profile=profile, state=State.ACCEPTED)
    return app, qualification


def _page(app):
    return reverse("mobility:verify-application", args=[app.pk])


def test_a_verifier_sees_an_applicant_who_accepted_and_consented(client, applicant):
    app, qualification = applicant
    client.force_login(verifier())
    queue = client.get(reverse("mobility:verify")).content.decode()
    assert app.profile.short_reference in queue
    page = client.get(_page(app))
    assert page.status_code == 200 and "Diploma in nursing" in page.content.decode()
    assert app.profile.views.filter(context="verification").count() == 1
    document = client.get(qualification.document.get_absolute_url())
    assert document.status_code == 200


@pytest.mark.parametrize(
    "state",
    [State.SHORTLISTED, State.INVITED, State.DECLINED, State.WITHDRAWN, State.PLACED],
)
def test_a_verifier_does_not_see_applicants_before_acceptance_or_after_closing(
    client, applicant, state
):
    app, qualification = applicant
    Application.objects.filter(pk=app.pk).update(state=state)
    client.force_login(verifier())
    assert (
        app.profile.short_reference not in client.get(reverse("mobility:verify")).content.decode()
    )
    assert client.get(_page(app)).status_code == 404
    assert client.get(qualification.document.get_absolute_url()).status_code == 404


def test_a_verifier_does_not_see_a_worker_who_withdrew_her_consent(client, applicant):
    app, _qualification = applicant
    consent = app.profile.consents.get()
    services.consent_withdraw(profile=app.profile, consent_id=consent.pk)
    client.force_login(verifier())
    assert client.get(_page(app)).status_code == 404


def test_a_verifier_cannot_check_someone_who_never_applied(applicant):
    _app, _qualification = applicant
    stranger = WorkerProfileFactory(languages=[("en", 3)])
    skill = stranger.languages.get()
    with pytest.raises(DomainError):
        services.verification_record(
            user=verifier(), subject="language", subject_id=skill.pk, result="verified"
        )
    assert not Verification.objects.exists()


@pytest.mark.parametrize("who", ["recruiter", "worker", "stranger", "no_organisation"])
def test_nobody_but_a_verifier_checks(client, applicant, who):
    app, qualification = applicant
    user = {
        "recruiter": lambda: agency_member(app.vacancy.agency),
        "worker": lambda: app.profile.user,
        "stranger": UserFactory,
        "no_organisation": lambda: _verifier_without_organisation(),
    }[who]()
    client.force_login(user)
    assert client.get(_page(app)).status_code == 404
    response = client.post(
        _page(app),
        {"subject": "qualification", "subject_id": qualification.pk, "result": "verified"},
    )
    assert response.status_code == 404
    with pytest.raises(DomainError, match="Only a Verifier"):
        services.verification_record(
            user=user, subject="qualification", subject_id=qualification.pk, result="verified"
        )
    assert not Verification.objects.exists()


def _verifier_without_organisation():
    user = verifier()
    user.organisation = None
    user.save()
    return user


def test_a_verifier_of_a_recruitment_agency_is_refused(applicant):
    app, qualification = applicant
    user = verifier(organisation=app.vacancy.agency.organisation)
    with pytest.raises(DomainError):
        services.verification_record(
            user=user, subject="qualification", subject_id=qualification.pk, result="verified"
        )


def test_the_check_is_recorded_and_shown_to_the_worker_and_the_recruiter(client, applicant):
    app, qualification = applicant
    checker = verifier()
    client.force_login(checker)
    client.post(
        _page(app),
        {
            "subject": "qualification",
            "subject_id": qualification.pk,
            "result": "verified",
            "note": "Original seen",
        },
    )
    skill = LanguageSkill.objects.get(profile=app.profile)
    client.post(
        _page(app),
        {"subject": "language", "subject_id": skill.pk, "result": "not_verified", "note": "B1"},
    )
    check = Verification.objects.get(qualification=qualification)
    assert (check.result, check.by, check.organisation, check.note) == (
        "verified",
        checker,
        checker.organisation,
        "Original seen",
    )
    assert check.at is not None
    assert Qualification.objects.get(pk=qualification.pk).is_verified
    assert Verification.objects.get(language=skill).result == "not_verified"

    client.force_login(app.profile.user)
    mine = client.get(reverse("mobility:my-applications")).content.decode()
    assert f"checked by {checker.organisation.name}" in mine and "Not verified" in mine

    client.force_login(agency_member(app.vacancy.agency))
    ranked = client.get(reverse("mobility:candidates", args=[app.vacancy.pk])).content.decode()
    assert f"Verified by {checker.organisation.name} on" in ranked


def test_a_later_not_verified_check_clears_the_qualification_flag(applicant):
    _app, qualification = applicant
    checker = verifier()
    for result in ("verified", "not_verified"):
        services.verification_record(
            user=checker, subject="qualification", subject_id=qualification.pk, result=result
        )
    qualification.refresh_from_db()
    assert qualification.is_verified is False
    assert Verification.objects.filter(qualification=qualification).count() == 2


def test_a_bad_check_form_gives_a_message(client, applicant):
    app, qualification = applicant
    client.force_login(verifier())
    response = client.post(
        _page(app),
        {"subject": "qualification", "subject_id": qualification.pk, "result": "maybe"},
        follow=True,
    )
    assert "Choose verified or not verified." in response.content.decode()
    assert not Verification.objects.exists()


def _menu(client, user):
    client.force_login(user)
    page = client.get(reverse("mobility:vacancies")).content.decode()
    menu = page.split('aria-label="Job mobility"', 1)[1].split("</nav>", 1)[0]
    return menu


def test_the_menu_offers_each_person_only_the_pages_of_their_roles(client):
    agency_link = f'href="{reverse("mobility:agency")}"'
    queue_link = f'href="{reverse("mobility:verify")}"'
    checker = _menu(client, verifier())
    assert queue_link in checker and agency_link not in checker
    recruiter = _menu(client, agency_member(VacancyFactory().agency))
    assert agency_link in recruiter and queue_link not in recruiter
    worker = _menu(client, UserFactory())
    assert agency_link not in worker and queue_link not in worker
    assert f'href="{reverse("mobility:my-applications")}"' in worker
    # The page shown (the vacancies) is the current one, and only it.
    assert f'href="{reverse("mobility:vacancies")}" aria-current="page"' in worker
    assert worker.count("aria-current") == 1


def test_every_link_of_the_menu_opens_for_that_person(client):
    for user in (verifier(), agency_member(VacancyFactory().agency), UserFactory()):
        menu = _menu(client, user)
        for href in [part.split('"', 1)[0] for part in menu.split('href="')[1:]]:
            assert client.get(href).status_code == 200, (user, href)
