"""A worker's own side: registration, the profile with its formsets, qualifications with
their files, consents with their text, export and deletion."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imdi_portal.core.uploads import private_storage
from mobility.models import (
    Consent,
    LanguageSkill,
    ProfileOccupation,
    ProfileView,
    Qualification,
    QualificationDocument,
    WorkerProfile,
)
from mobility.selectors import candidates_for
from mobility.services import consent_text, delete_profile, qualification_add
from tests.imdi_portal.factories import CountryFactory, UserFactory
from tests.labour_market.factories import OccupationFactory
from tests.mobility.factories import VacancyFactory, WorkerProfileFactory, agency_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="diploma.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _profile_post(country, occupations, languages=(), destinations=()):
    data = {
        "home_country": country.iso3,
        "education_level": "6",
        "destinations": [c.iso3 for c in destinations],
        "occ-TOTAL_FORMS": str(max(3, len(occupations))),
        "occ-INITIAL_FORMS": "0",
        "lang-TOTAL_FORMS": str(max(3, len(languages))),
        "lang-INITIAL_FORMS": "0",
    }
    for i, (code, years) in enumerate(occupations):
        data[f"occ-{i}-occupation"] = code
        data[f"occ-{i}-years_experience"] = str(years)
    for i in range(len(occupations), 3):
        data[f"occ-{i}-years_experience"] = "0"
    for i, (code, level) in enumerate(languages):
        data[f"lang-{i}-language"] = code
        data[f"lang-{i}-level"] = str(level)
    return data


def test_worker_registers_and_confirms_the_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mobility:register"),
            {"email": "amina@example.org", "username": "amina", "password": "a long passphrase 42"},
        )
    assert response.status_code == 200
    user = UserFactory._meta.model.objects.get(username="amina")
    assert not user.is_active
    (message,) = mail.outbox
    link = next(w for w in message.body.split() if "/mobility/register/confirm/" in w)
    response = client.get(link.split("127.0.0.1:8000")[-1])
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.organisation is None


def test_owner_creates_a_profile_with_occupations_and_languages(client):
    user, country, destination = UserFactory(), CountryFactory(), CountryFactory()
    for code in ("2221", "3221"):
        OccupationFactory(code=code)
    client.force_login(user)
    response = client.post(
        reverse("mobility:my-profile"),
        _profile_post(country, [("2221", 4), ("3221", 2)], [("en", 4)], [destination]),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    profile = WorkerProfile.objects.get(user=user)
    assert sorted(profile.occupations.values_list("occupation__code", "years_experience")) == [
        ("2221", 4),
        ("3221", 2),
    ]
    assert list(profile.languages.values_list("language", "level")) == [("en", 4)]
    assert list(profile.destinations.all()) == [destination]
    page = client.get(reverse("mobility:my-profile")).content.decode()
    # The consent offered for the destination shows the exact text that will be recorded.
    assert consent_text("recruiters", destination) in page.replace("&#x27;", "'")


def test_four_occupations_are_refused_and_nothing_is_written(client):
    user, country = UserFactory(), CountryFactory()
    for code in ("2221", "2222", "3221", "7212"):
        OccupationFactory(code=code)
    client.force_login(user)
    response = client.post(
        reverse("mobility:my-profile"),
        _profile_post(country, [("2221", 1), ("2222", 1), ("3221", 1), ("7212", 1)]),
    )
    assert response.status_code == 400
    assert "at most 3" in " ".join(response.context["occupations"].non_form_errors())
    assert not WorkerProfile.objects.exists()
    assert not ProfileOccupation.objects.exists()


def test_same_language_twice_is_refused(client):
    user, country = UserFactory(), CountryFactory()
    OccupationFactory(code="2221")
    client.force_login(user)
    response = client.post(
        reverse("mobility:my-profile"),
        _profile_post(country, [("2221", 1)], [("en", 3), ("en", 5)]),
    )
    assert response.status_code == 400
    assert not WorkerProfile.objects.exists() and not LanguageSkill.objects.exists()


def test_consent_grant_records_the_text_and_time_and_withdraw_stops_it(client):
    destination = CountryFactory()
    profile = WorkerProfileFactory()
    profile.destinations.add(destination)
    client.force_login(profile.user)
    client.post(
        reverse("mobility:consent"), {"audience": "recruiters", "country": destination.iso3}
    )
    consent = Consent.objects.get(profile=profile)
    assert consent.text == consent_text("recruiters", destination)
    assert consent.granted_at is not None and consent.withdrawn_at is None
    client.post(reverse("mobility:consent"), {"withdraw": str(consent.pk)})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_the_recorded_words_name_the_country_in_the_readers_language(client):
    destination = CountryFactory(name_en="Testland", name_es="Tierra de prueba")
    profile = WorkerProfileFactory()
    profile.destinations.add(destination)
    client.force_login(profile.user)
    client.post(
        reverse("mobility:consent"),
        {"audience": "recruiters", "country": destination.iso3},
        headers={"accept-language": "es"},
    )
    text = Consent.objects.get(profile=profile).text
    assert "Tierra de prueba" in text and "Testland" not in text


def test_employment_service_consent_only_for_the_own_country(client):
    profile = WorkerProfileFactory()
    client.force_login(profile.user)
    client.post(
        reverse("mobility:consent"),
        {"audience": "employment_service", "country": CountryFactory().iso3},
    )
    assert not Consent.objects.exists()
    client.post(
        reverse("mobility:consent"),
        {"audience": "employment_service", "country": profile.home_country.iso3},
    )
    assert Consent.objects.get().country == profile.home_country


def test_qualification_upload_is_checked_by_content(client):
    profile = WorkerProfileFactory()
    client.force_login(profile.user)
    data = {"title": "BSc Nursing", "awarding_body": "A university", "year": "2015"}
    data["country"] = profile.home_country.iso3
    client.post(
        reverse("mobility:qualification-add"),
        {**data, "document": _pdf("diploma.pdf", b"MZ not a pdf")},
    )
    assert not Qualification.objects.exists()
    client.post(reverse("mobility:qualification-add"), {**data, "document": _pdf()})
    document = QualificationDocument.objects.get()
    assert document.qualification.profile == profile
    assert private_storage().exists(document.file.name)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(UserFactory())
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_refused_qualification_keeps_what_was_typed_with_messages_by_the_fields(client):
    profile = WorkerProfileFactory()
    client.force_login(profile.user)
    data = {"title": "BSc Nursing", "awarding_body": "A university", "year": "2015"}
    data["country"] = profile.home_country.iso3
    response = client.post(
        reverse("mobility:qualification-add"),
        {**data, "document": _pdf("diploma.pdf", b"MZ not a pdf")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert not Qualification.objects.exists()
    assert 'value="BSc Nursing"' in page and 'value="A university"' in page
    assert 'value="2015"' in page
    errors = page.split('id="id_document_error">', 1)[1].split("</div>", 1)[0]
    assert "PDF" in errors  # the content check's message, next to the file field
    empty = client.post(reverse("mobility:qualification-add"), {}).content.decode()
    for name in ("title", "awarding_body", "country", "year"):  # the document is optional
        assert f'id="id_{name}_error"' in empty, name


def test_export_holds_everything_given_consents_and_views(client):
    destination = CountryFactory()
    profile = WorkerProfileFactory(
        occupations=[("2221", 3)], languages=[("fr", 5)], consent_to=[destination]
    )
    qualification_add(
        profile=profile,
        title="BSc Nursing",
        awarding_body="A university",
        country=profile.home_country,
        year=2015,
    )
    ProfileView.objects.create(profile=profile, viewer=UserFactory(), context="profile")
    client.force_login(profile.user)
    response = client.get(reverse("mobility:export"))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["profile"]["reference"] == str(profile.reference)
    assert data["occupations"] == [{"isco08": "2221", "years_experience": 3}]
    assert data["languages"] == [{"language": "fr", "cefr": "C1"}]
    assert data["qualifications"][0]["title"] == "BSc Nursing"
    assert data["consents"][0]["country"] == destination.iso3
    assert data["consents"][0]["text"] == consent_text("recruiters", destination)
    assert [v["context"] for v in data["views"]] == ["profile"]


def test_delete_removes_rows_and_files_and_the_candidate_at_once(
    client, django_capture_on_commit_callbacks
):
    vacancy = VacancyFactory()
    profile = WorkerProfileFactory(occupations=[("2221", 5)], consent_to=[vacancy.destination])
    qualification_add(
        profile=profile,
        title="Diploma",
        awarding_body="A school",
        country=profile.home_country,
        year=2010,
        upload=_pdf(),
    )
    name = QualificationDocument.objects.get().file.name
    ProfileView.objects.create(
        profile=profile, viewer=agency_member(vacancy.agency), context="profile"
    )
    assert list(candidates_for(vacancy)) == [profile]
    client.force_login(profile.user)
    assert client.get(reverse("mobility:delete")).status_code == 200  # the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mobility:delete"), {"confirm": "yes"})
    assert response.status_code == 302
    for model in (
        WorkerProfile,
        ProfileOccupation,
        Qualification,
        QualificationDocument,
        Consent,
        ProfileView,
    ):
        assert not model.objects.exists(), model
    assert not private_storage().exists(name)
    assert list(candidates_for(vacancy)) == []
    user = profile.user
    user.refresh_from_db()
    assert (user.email, user.first_name, user.is_active) == ("", "", False)
    assert not user.has_usable_password()


def test_delete_keeps_an_account_that_has_other_roles():
    user = UserFactory(secretariat=True, first_name="Ana")
    delete_profile(WorkerProfileFactory(user=user))
    user.refresh_from_db()
    assert (user.first_name, user.is_active) == ("Ana", True)
    assert not WorkerProfile.objects.exists()


def test_delete_needs_the_confirmation(client):
    profile = WorkerProfileFactory()
    client.force_login(profile.user)
    client.post(reverse("mobility:delete"), {})
    assert WorkerProfile.objects.filter(pk=profile.pk).exists()


def test_the_profile_form_shows_the_saved_country(client):
    profile = WorkerProfileFactory()
    client.force_login(profile.user)
    form = client.get(reverse("mobility:my-profile")).context["form"]
    assert form["home_country"].value() == profile.home_country.iso3


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"available_from": "3000-01-01"}, "available_from", "within the next 5 years"),
        ({"is_abroad": "on", "has_returned": "on"}, "has_returned", "choose one"),
        ({"wants_to_return": "on", "has_returned": "on"}, "has_returned", "choose one"),
    ],
)
def test_a_situation_that_cannot_be_true_is_refused_and_nothing_is_written(
    client, extra, field, message
):
    user, country = UserFactory(), CountryFactory()
    OccupationFactory(code="2221")
    client.force_login(user)
    response = client.post(
        reverse("mobility:my-profile"), {**_profile_post(country, [("2221", 4)]), **extra}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not WorkerProfile.objects.exists()


def test_wanting_to_return_means_living_abroad(client):
    user, country = UserFactory(), CountryFactory()
    OccupationFactory(code="2221")
    client.force_login(user)
    post = {**_profile_post(country, [("2221", 4)]), "wants_to_return": "on"}
    assert client.post(reverse("mobility:my-profile"), post).status_code == 302
    profile = WorkerProfile.objects.get(user=user)
    assert profile.wants_to_return and profile.is_abroad and not profile.has_returned
