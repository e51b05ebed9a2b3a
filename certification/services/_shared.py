"""Helpers shared by the service modules of the certification app."""

from typing import Any

from django.core.exceptions import ValidationError

from certification.models import Application
from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.mail import mail_send_after_commit
from imdi_portal.core.models import User


def _clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        messages = getattr(exc, "message_dict", {"": exc.messages})
        raise DomainError(
            "; ".join(
                " ".join(m) if k in ("", "__all__") else f"{k}: {' '.join(m)}"
                for k, m in messages.items()
            )
        ) from exc


def _mail_enterprise(application: Application, subject: str, body: str) -> None:
    addresses = list(
        User.objects.filter(organisation=application.enterprise.organisation_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    mail_send_after_commit(subject=subject, body=body or subject, to=addresses)
