"""Helpers shared by the service modules of the projects app."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from projects.models import Proposal


def _valid_currency(code: str) -> str:
    import pycountry

    code = (code or "").upper()
    if pycountry.currencies.get(alpha_3=code) is None:
        raise DomainError(_("“%(code)s” is not an ISO 4217 currency code.") % {"code": code})
    return code


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(
            " ".join(msgs) if field == "__all__" else f"{field}: {' '.join(msgs)}"
            for field, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)
