"""Organisation accounts in the core: sign-up, confirmation and approval tell the apps that
care through signals, and only the Secretariat approves."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from imdi_portal.core.accounts import (
    account_confirm,
    account_confirmed,
    organisation_approve,
    organisation_approved,
    organisation_signup,
)
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.roles import Role
from tests.imdi_portal.factories import CountryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _signup():
    return organisation_signup(
        organisation_name="Harbour Recruiters",
        kind="business",
        country=CountryFactory(),
        website="",
        username="lee",
        email="lee@example.org",
        password="a-long-and-unusual-passphrase",
    )


def _listen(signal):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    signal.connect(receiver, weak=False, dispatch_uid=f"test-{id(received)}")
    return received, lambda: signal.disconnect(dispatch_uid=f"test-{id(received)}")


def test_confirming_an_address_signals_the_organisation_waiting_for_approval():
    user = _signup()
    received, stop = _listen(account_confirmed)
    try:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        account_confirm(uidb64=uid, token=default_token_generator.make_token(user))
    finally:
        stop()
    assert [(r["user"].username, r["organisation"].name) for r in received] == [
        ("lee", "Harbour Recruiters")
    ]


def test_approval_makes_members_submitters_and_signals_them():
    user = _signup()
    user.is_active = True
    user.save()
    received, stop = _listen(organisation_approved)
    try:
        count = organisation_approve(
            user=UserFactory(secretariat=True), organisation=user.organisation
        )
    finally:
        stop()
    assert count == 1
    assert user.groups.filter(name=Role.SUBMITTER).exists()
    assert [[m.username for m in r["members"]] for r in received] == [["lee"]]


def test_only_the_secretariat_approves_and_nothing_changes_otherwise():
    user = _signup()
    received, stop = _listen(organisation_approved)
    try:
        with pytest.raises(DomainError, match="Only the Secretariat approves organisations"):
            organisation_approve(user=UserFactory(), organisation=user.organisation)
    finally:
        stop()
    user.organisation.refresh_from_db()
    assert not user.organisation.is_approved
    assert received == []
