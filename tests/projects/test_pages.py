"""The site: the proposal editor step by step (plain HTML forms), the private page, the
public project pages, donors, CSV and the country profile section; organisation sign-up."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from imdi_portal.core.accounts import organisation_approve
from imdi_portal.core.models import Organisation, User
from imdi_portal.core.roles import Role
from projects.models import Proposal
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.imdi_portal.hostile import HOSTILE, neutralised
from tests.projects.factories import ContributionFactory, Journey

pytestmark = pytest.mark.django_db


def formset(prefix: str, rows: list[dict], extra: int = 0, initial: int = 0) -> dict:
    """POST data of a formset; `initial` rows stand for rows the page showed filled in."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows) + extra,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 50,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_an_ngo_writes_and_submits_a_proposal_step_by_step(client):
    ngo = OrganisationFactory(kind="ngo")
    agency = OrganisationFactory(kind="international", slug="iom-test")
    user = UserFactory(submitter=True, organisation=ngo)
    countries = [CountryFactory(), CountryFactory()]
    client.force_login(user)
    response = client.post(
        reverse("projects:proposal-new"),
        {
            "title": "Safe migration desks",
            "title_es": "Ventanillas de migración segura",
            "summary": "Information desks for migrants.",
            "components": ["1"],
            "duration_months": "12",
        },
    )
    proposal = Proposal.objects.get(title="Safe migration desks")
    assert (proposal.title_es, proposal.title_fr) == ("Ventanillas de migración segura", "")
    assert response["Location"] == reverse(
        "projects:proposal-edit", args=[proposal.pk, "countries"]
    )
    edit = lambda step: reverse("projects:proposal-edit", args=[proposal.pk, step])  # noqa: E731
    response = client.post(
        edit("countries"),
        {
            "prsp_statement": "Pillar 2 of the plan.",
            **formset(
                "countries",
                [
                    {"country": countries[0].iso3, "role": "origin"},
                    {"country": countries[1].iso3, "role": "destination"},
                ],
                extra=2,
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(
        edit("partners"), formset("partners", [{"organisation": agency.slug, "role": "lead"}])
    )
    client.post(
        edit("results"),
        formset(
            "results",
            [
                {"level": "objective", "statement": "Safer journeys"},
                {"level": "output", "statement": "Desks open", "indicator": "Desks", "target": "4"},
            ],
        ),
    )
    client.post(
        edit("budget"),
        {
            "currency": "eur",
            **formset(
                "budget_lines", [{"category": "staff", "description": "Staff", "amount": "1500.50"}]
            ),
            **formset("co_financing", []),
        },
    )
    proposal.refresh_from_db()
    assert proposal.currency == "EUR"
    assert [c.country for c in proposal.countries.all()] == countries
    assert proposal.budget_lines.get().amount == Decimal("1500.50")
    review = client.get(edit("review")).content.decode()
    assert "Submit the proposal" in review
    client.post(reverse("projects:proposal-submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ENDORSEMENT
    page = client.get(reverse("projects:proposal-detail", args=[proposal.pk])).content.decode()
    assert "Awaiting endorsement" in page
    assert client.get(edit("project")).status_code == 302  # no editing once submitted


def test_invalid_steps_show_errors_and_save_nothing(client):
    j = Journey()
    client.force_login(j.submitter)
    url = reverse("projects:proposal-edit", args=[j.proposal.pk, "budget"])
    response = client.post(
        url,
        {
            "currency": "XYZ",
            **formset(
                "budget_lines", [{"category": "staff", "description": "Staff", "amount": "-5"}]
            ),
            **formset("co_financing", []),
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "is not an ISO 4217 currency code" in text
    assert "greater than or equal to 0.01" in text
    assert j.refresh().budget_lines.count() == 2  # unchanged
    same_twice = formset(
        "countries",
        [
            {"country": j.countries[0].iso3, "role": "origin"},
            {"country": j.countries[0].iso3, "role": "transit"},
        ],
        initial=2,
    )
    response = client.post(
        reverse("projects:proposal-edit", args=[j.proposal.pk, "countries"]),
        same_twice,
        follow=True,
    )
    assert "A country is listed twice." in response.content.decode()
    assert j.refresh().countries.count() == 2


def test_the_incomplete_draft_lists_what_is_missing(client):
    j = Journey()
    client.force_login(j.submitter)
    client.post(
        reverse("projects:proposal-edit", args=[j.proposal.pk, "partners"]), formset("partners", [])
    )
    page = client.get(reverse("projects:proposal-edit", args=[j.proposal.pk, "review"]))
    assert "an executing international organisation" in page.content.decode()
    assert "Submit the proposal" not in page.content.decode()


def test_a_focal_point_endorses_on_the_proposal_page(client):
    j = Journey()
    j.to("endorsement")
    client.force_login(j.focal_points[0])
    assert j.proposal.title in client.get(reverse("projects:proposal-list")).content.decode()
    page = client.get(reverse("projects:proposal-detail", args=[j.proposal.pk])).content.decode()
    assert "Endorsement by" in page
    response = client.post(
        reverse("projects:proposal-endorse", args=[j.proposal.pk]),
        {"decision": "decline"},
        follow=True,
    )
    assert "Say why the country declines" in response.content.decode()
    client.post(reverse("projects:proposal-endorse", args=[j.proposal.pk]), {"decision": "endorse"})
    assert j.refresh().countries.get(country=j.countries[0]).endorsement == "endorsed"


def test_public_pages_show_approved_projects_with_their_funding(client):
    j = Journey()
    project = j.to("funded")
    hidden = Journey()
    hidden.to("tap_review")
    listing = client.get(reverse("projects:project-list")).content.decode()
    assert project.title in listing
    assert hidden.proposal.reference not in listing
    detail = client.get(reverse("projects:project-detail", args=[project.reference])).content
    text = detail.decode()
    assert "Recruiters trained" in text and "Fully funded." in text
    assert "90,000.00" in text
    assert (
        client.get(reverse("projects:project-detail", args=[hidden.proposal.reference])).status_code
        == 404
    )
    donor = project.allocations.get().contribution.donor
    donor_page = client.get(reverse("projects:donor-detail", args=[donor.slug])).content.decode()
    assert project.reference in donor_page


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"component": "II"}, False),
        ({"component": "I"}, True),
        ({"status": "funded"}, True),
        ({"status": "approved"}, False),
        ({"donor": "nobody"}, False),
    ],
)
def test_public_list_filters(client, params, expected):
    j = Journey()
    project = j.to("funded")
    text = client.get(reverse("projects:project-list"), params).content.decode()
    assert (project.title in text) is expected


def test_filters_by_country_agency_and_donor_and_csv(client):
    j = Journey()
    project = j.to("funded")
    donor = project.allocations.get().contribution.donor
    params = {"country": j.countries[1].iso3, "agency": j.agency.slug, "donor": donor.slug}
    assert project.title in client.get(reverse("projects:project-list"), params).content.decode()
    response = client.get(reverse("projects:project-list"), {**params, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["reference"], r["approved_amount"], r["allocated"]) for r in rows] == [
        (project.reference, "90000.00", "90000.00")
    ]
    bad = client.get(reverse("projects:project-list"), {"country": "1,2,3!"})
    assert bad.status_code == 200 and "Give up to 50 country" in bad.content.decode()


def test_country_profile_lists_the_projects_of_the_country(client):
    j = Journey()
    project = j.to("approved")
    page = client.get(reverse("imdi_portal:country-detail", args=[j.countries[0].iso3]))
    assert project.title in page.content.decode()
    other = CountryFactory()
    page = client.get(reverse("imdi_portal:country-detail", args=[other.iso3])).content.decode()
    assert "No IMDI project involving this country has been approved yet." in page


def test_signup_confirmation_and_approval(client, django_capture_on_commit_callbacks):
    secretariat = UserFactory(secretariat=True)
    country = CountryFactory()
    data = {
        "organisation_name": "Coastal Workers Union",
        "kind": "ngo",
        "country": country.iso3,
        "website": "",
        "first_name": "Ana",
        "last_name": "Diaz",
        "email": "ana@example.org",
        "username": "ana",
        "password": "a-long-and-unusual-passphrase",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("signup"), data)
    assert "Check your e-mail" in response.content.decode()
    user = User.objects.get(username="ana")
    assert not user.is_active and not user.organisation.is_approved
    link = re.search(r"http\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    assert client.login(username="ana", password=data["password"]) is False
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    assert "your e-mail address is confirmed" in response.content.decode()
    assert client.get(link.replace("http://127.0.0.1:8000", "")).status_code == 400  # used
    assert secretariat.notifications.filter(subject__contains="Coastal Workers Union").exists()
    client.force_login(User.objects.get(username="ana"))
    page = client.get(reverse("projects:proposal-list")).content.decode()
    assert "waiting for the Secretariat" in page
    count = organisation_approve(user=secretariat, organisation=user.organisation)
    assert count == 1
    assert User.objects.get(username="ana").groups.filter(name=Role.SUBMITTER).exists()
    assert Organisation.objects.get(name="Coastal Workers Union").is_approved
    assert "Start a new proposal" in client.get(reverse("projects:proposal-list")).content.decode()


def test_signup_refuses_bad_input_and_writes_nothing(client):
    UserFactory(username="taken", email="taken@example.org")
    data = {
        "organisation_name": "X",
        "kind": "donor",
        "country": "ZZZ",
        "email": "nope",
        "username": "a",
        "password": "123",
    }
    response = client.post(reverse("signup"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in text and "Enter a valid email address" in text
    good = {
        "organisation_name": "X",
        "kind": "ngo",
        "country": CountryFactory().iso3,
        "first_name": "A",
        "last_name": "B",
        "email": "taken@example.org",
        "username": "newname",
        "password": "a-long-and-unusual-passphrase",
    }
    assert "exists already" in client.post(reverse("signup"), good).content.decode()
    weak = {**good, "email": "new@example.org", "password": "password"}
    assert "too common" in client.post(reverse("signup"), weak).content.decode()
    assert not Organisation.objects.filter(name="X").exists()


def test_notifications_page_lists_and_marks_read(client, django_capture_on_commit_callbacks):
    j = Journey()
    with django_capture_on_commit_callbacks(execute=True):  # notices follow the commit
        j.to("endorsement")
    client.force_login(j.focal_points[0])
    page = client.get(reverse("projects:notifications")).content.decode()
    assert j.proposal.reference in page
    client.post(reverse("projects:notifications"))
    assert not j.focal_points[0].notifications.filter(read_at__isnull=True).exists()


def test_reports_by_the_organisation_update_results(client):
    j = Journey()
    project = j.to("funded")
    output = project.results.get(level="output")
    client.force_login(j.submitter)
    response = client.post(
        reverse("projects:report-new", args=[project.pk]),
        {
            "kind": "progress",
            "period_start": "2027-01-01",
            "period_end": "2027-06-30",
            "summary": "Two workshops held.",
            f"achieved_{output.pk}": "80",
        },
    )
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.achieved == "80"
    text = client.get(reverse("projects:project-detail", args=[project.reference])).content
    assert "Two workshops held." in text.decode()


def test_contributions_with_sample_flag_are_labelled(client):
    contribution = ContributionFactory(is_sample=True)
    contribution.donor.is_sample = True
    contribution.donor.save()
    page = client.get(reverse("projects:donor-detail", args=[contribution.donor.slug]))
    assert "demonstration records" in page.content.decode()


def test_donor_page_shows_the_balance_of_each_pool(client):
    j = Journey()
    project = j.to("approved")
    core = ContributionFactory(amount=Decimal("100000"))
    from projects import services

    services.allocation_create(
        user=j.secretariat, contribution=core, project=project, amount=Decimal("25000")
    )
    text = client.get(reverse("projects:donor-list")).content.decode()
    assert "Balances per pool" in text
    assert "75,000.00" in text  # available


def test_the_cached_projects_section_shows_a_newly_approved_project(
    client, django_capture_on_commit_callbacks
):
    j = Journey()
    url = reverse("imdi_portal:country-detail", args=[j.countries[0].iso3])
    with django_capture_on_commit_callbacks(execute=True):
        assert j.proposal.title not in client.get(url).content.decode()
        j.to("approved")
    assert j.proposal.title in client.get(url).content.decode()


def test_the_project_csv_neutralises_formula_like_titles(client):
    """#21: a proposal's title is its submitter's text; it must not run in a spreadsheet."""
    project = Journey().to("funded")
    for text in HOSTILE:
        Proposal.objects.filter(pk=project.pk).update(title=text)
        response = client.get(reverse("projects:project-list"), {"format": "csv"})
        [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
        assert (row["reference"], row["title"]) == (project.reference, neutralised(text))
        assert row["approved_amount"] == "90000.00"
