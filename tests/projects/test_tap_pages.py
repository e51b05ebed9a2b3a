"""A TAP member finds the proposals assigned to them by clicking from the page they land on
after signing in, and opens their review; the chair finds what waits for the decision
(issue #22)."""

import re

import pytest
from django.urls import reverse

from tests.projects.factories import Journey, make_tap_chair

pytestmark = pytest.mark.django_db


def _click(client, page, text: str):
    """Follow the first link whose text contains `text` (as a reader would)."""
    html = page.content.decode()
    for href, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        if text in re.sub(r"<[^>]+>", "", label):
            response = client.get(href.replace("&amp;", "&"), follow=True)
            assert response.status_code == 200, href
            return response
    raise AssertionError(f"no link “{text}” on {page.request['PATH_INFO']}")


def _sign_in(client, user):
    user.set_password("pw-for-tests")
    user.save()
    return client.post(
        reverse("login"), {"username": user.username, "password": "pw-for-tests"}, follow=True
    )


def test_a_tap_member_clicks_from_the_landing_page_to_their_review(client):
    j = Journey()
    proposal = j.to("tap_review")
    landing = _sign_in(client, j.tap[0])
    projects = _click(client, landing, "Projects")
    mine = _click(client, projects, "Proposals (signed in)")
    text = mine.content.decode()
    assert "Assigned to you for TAP review" in text
    assert proposal.title in text and "No proposal yet" not in text
    detail = _click(client, mine, proposal.reference)
    assert proposal.title in detail.content.decode()
    review = _click(client, detail, "Open my TAP review")
    assert "Recommendation" in review.content.decode()
    assert review.request["PATH_INFO"] == reverse(
        "admin:projects_review_change", args=[proposal.reviews.get(reviewer=j.tap[0]).pk]
    )


def test_an_unassigned_member_sees_no_proposal_and_no_review_link(client):
    j = Journey()
    j.to("tap_review")
    mine = client.get(reverse("projects:proposal-list")) if _sign_in(client, j.tap[2]) else None
    text = mine.content.decode()
    assert "Assigned to you for TAP review" not in text and j.proposal.title not in text
    assert client.get(reverse("projects:proposal-detail", args=[j.proposal.pk])).status_code == 404


def test_the_chair_finds_what_waits_for_the_decision(client):
    j = Journey()
    proposal = j.to("tap_review")
    for member in j.tap[:2]:
        j.review(member)
    _sign_in(client, make_tap_chair(j.tap[2]))
    mine = client.get(reverse("projects:proposal-list"))
    assert "Waiting for the TAP decision" in mine.content.decode()
    admin_page = _click(client, mine, "Reviews and decision")
    text = admin_page.content.decode()
    assert "Continue to confirmation" in text and "TAP chair" in text
    assert proposal.reference in text
