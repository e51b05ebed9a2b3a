"""The demo's TAP accounts: enough members without a conflict to meet the quorum, and a
chair, so that a demo proposal can reach the decision (issue #22)."""

import pytest
from django.test import override_settings

from imdi_portal.core.models import User
from imdi_portal.core.roles import Role, has_role
from projects import demo, workflow
from tests.projects.factories import Journey

pytestmark = pytest.mark.django_db


def _free_members(proposal) -> list[User]:
    members = User.objects.filter(groups__name=Role.TAP_MEMBER, is_active=True)
    return [m for m in members if not workflow.conflict_reason(m, proposal)]


@pytest.mark.parametrize("quorum", [2, 3])
def test_the_demo_has_enough_tap_members_without_conflicts_for_the_quorum(quorum):
    j = Journey()
    User.objects.filter(groups__name=Role.TAP_MEMBER).delete()  # only the demo's
    with override_settings(PROJECT_TAP_QUORUM=quorum):
        names = demo.tap_accounts(password="demo-password")
        free = [m for m in _free_members(j.proposal) if not workflow.is_tap_chair(m)]
    assert len(free) >= quorum
    chair = User.objects.get(username="tap.chair")
    assert workflow.is_tap_chair(chair) and has_role(chair, Role.TAP_MEMBER)
    assert workflow.decision_capacity(chair) == "tap_chair"
    for user in User.objects.filter(username__in=names):
        assert "(demo)" in user.last_name and user.email.endswith("@example.org")
        assert user.is_staff and user.check_password("demo-password")


def test_it_is_idempotent():
    demo.tap_accounts(password="x")
    demo.tap_accounts(password="x")
    assert User.objects.filter(username__startswith="tap.").count() == 3  # 2 reviewers + chair
