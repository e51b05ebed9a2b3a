"""What projects tells people when an organisation account changes (imdi_portal.accounts
sends the signals): the Secretariat when a new member confirms their address, the members
when their organisation is approved and they may submit proposals."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def on_account_confirmed(sender: Any, *, user: Any, organisation: Any, **kwargs: Any) -> None:
    from imdi_portal.core.models import User
    from imdi_portal.core.notifications import notify
    from imdi_portal.core.roles import Role

    secretariat = User.objects.filter(groups__name=Role.SECRETARIAT, is_active=True)
    notify(
        secretariat,
        _("Organisation awaiting approval: %(org)s") % {"org": organisation.name},
        _(
            "%(user)s (%(email)s) registered %(org)s (%(kind)s, %(country)s). Approve it in "
            "the admin so that its members can submit proposals."
        )
        % {
            "user": user.get_full_name() or user.username,
            "email": user.email,
            "org": organisation.name,
            "kind": organisation.get_kind_display(),
            "country": organisation.country,
        },
        reverse("admin:imdi_portal_organisation_change", args=[organisation.pk]),
    )


def on_organisation_approved(
    sender: Any, *, organisation: Any, members: list, **kwargs: Any
) -> None:
    from imdi_portal.core.notifications import notify

    notify(
        members,
        _("%(org)s is approved") % {"org": organisation.name},
        _("The IMDI Secretariat approved your organisation: you can now submit project proposals."),
        reverse("projects:proposal-list"),
    )


def connect() -> None:
    from imdi_portal.core.accounts import account_confirmed, organisation_approved

    account_confirmed.connect(on_account_confirmed, dispatch_uid="projects.account_confirmed")
    organisation_approved.connect(
        on_organisation_approved, dispatch_uid="projects.organisation_approved"
    )
