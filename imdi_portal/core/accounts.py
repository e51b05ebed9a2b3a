"""Organisation accounts for submitters: sign-up, e-mail confirmation, Secretariat approval.

A new organisation and its first user are created inactive and unapproved. The user
confirms their e-mail address with a signed link (Django's token generator, valid for
PASSWORD_RESET_TIMEOUT) that works once; the Secretariat then approves the organisation in
the admin, which makes its confirmed users submitters.

Apps that tell people about these steps (projects, through imdi_portal.core.notifications.notify)
receive the signals `account_confirmed` and `organisation_approved`, sent after the change.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.mail import mail_send_after_commit
from imdi_portal.core.models import Country, Organisation, User
from imdi_portal.core.roles import Role, is_secretariat
from imdi_portal.core.slugs import unique_slug

# Sent inside the transaction of the change; receivers that send e-mail queue it after the
# commit (imdi_portal.mail, tasks.enqueue).
account_confirmed = Signal()  # user, organisation: a new member confirmed their address
organisation_approved = Signal()  # organisation, members: the Secretariat approved it

SIGNUP_KINDS = (Organisation.Kind.GOVERNMENT, Organisation.Kind.NGO, Organisation.Kind.BUSINESS)


def confirmation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.PORTAL_BASE_URL + reverse("signup-confirm", args=[uid, token])


@transaction.atomic
def organisation_signup(
    *,
    organisation_name: str,
    kind: str,
    country: Country,
    website: str,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    if kind not in SIGNUP_KINDS:
        raise DomainError(_("Organisations sign up as a government body, an NGO or a business."))
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This user name is taken."))
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("An account with this e-mail address exists already."))
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    organisation = Organisation.objects.create(
        name=organisation_name,
        slug=unique_slug(Organisation, organisation_name),
        kind=kind,
        country=country,
        website=website,
        is_approved=False,
    )
    user.organisation = organisation
    user.is_active = False
    user.set_password(password)
    user.save()
    link = confirmation_link(user)
    # Sent after the commit: no e-mail for an account that was rolled back.
    mail_send_after_commit(
        subject=_("[IMDI] Confirm your e-mail address"),
        body=_(
            "Welcome to the IMDI portal.\n\nConfirm your e-mail address by opening this "
            "link:\n%(link)s\n\nThe IMDI Secretariat will then review the registration of "
            "%(org)s."
        )
        % {"link": link, "org": organisation.name},
        to=[email],
    )
    return user


def awaits_confirmation(*, username: str, password: str) -> bool:
    """Whether these are the right credentials of an account whose e-mail address is not
    confirmed yet (inactive, never signed in): only the person who knows the password
    learns that the account waits for its confirmation."""
    user = User.objects.filter(username=username, is_active=False, last_login__isnull=True).first()
    return user is not None and user.has_usable_password() and user.check_password(password)


@transaction.atomic
def account_confirm(*, uidb64: str, token: str) -> User:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        raise DomainError(_("This confirmation link is not valid.")) from None
    user = User.objects.select_for_update().filter(pk=pk).first()
    if user is None or not default_token_generator.check_token(user, token):
        raise DomainError(_("This confirmation link is not valid or has expired."))
    if user.is_active:
        # The token does not change on activation; the link works once all the same.
        raise DomainError(_("This confirmation link has been used already: sign in."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    organisation = user.organisation
    if organisation is not None and not organisation.is_approved:
        account_confirmed.send(sender=User, user=user, organisation=organisation)
    return user


@transaction.atomic
def organisation_approve(*, user: User, organisation: Organisation) -> int:
    """Approve an organisation; its confirmed users become submitters. Returns their count."""
    if not is_secretariat(user):
        raise DomainError(_("Only the Secretariat approves organisations."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.is_approved = True
    organisation.save(update_fields=["is_approved"])
    members = list(User.objects.filter(organisation=organisation, is_active=True))
    group = Group.objects.get(name=Role.SUBMITTER)
    for member in members:
        member.groups.add(group)
    organisation_approved.send(sender=Organisation, organisation=organisation, members=members)
    return len(members)
