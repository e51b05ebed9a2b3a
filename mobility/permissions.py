"""Who may see or do what in the job-mobility area: the one place for object-level rules.

Each predicate reads the database afresh (no cache), so a licence suspended, revoked or
expired, a blacklisting or a consent withdrawn takes effect on the next request. Views turn
a refusal into 404, never 403, so that nobody learns whether a profile exists.
"""

from typing import Any

from django.utils import timezone

from mobility.models import Audience, Consent, RecruitmentAgency, Vacancy, WorkerProfile


def agency_of(user: Any) -> RecruitmentAgency | None:
    """The agency the user acts for: through their organisation, once the Secretariat has
    approved it (organisations that sign up wait for approval), and only while the account
    is active."""
    if not user.is_authenticated or not user.organisation_id:
        return None
    return RecruitmentAgency.objects.filter(
        organisation_id=user.organisation_id, organisation__is_approved=True
    ).first()


def agency_may_recruit(agency: RecruitmentAgency | None) -> bool:
    """A valid licence today, or a valid IMDI quality label, and no blacklisting in force."""
    if agency is None:
        return False
    return RecruitmentAgency.objects.may_recruit(timezone.localdate()).filter(pk=agency.pk).exists()


def is_owner(user: Any, profile: WorkerProfile) -> bool:
    return bool(user.is_authenticated and profile.user_id == user.pk)


def can_manage_vacancy(user: Any, vacancy: Vacancy) -> bool:
    """List candidates for this vacancy: a member of the posting agency, while it may recruit."""
    agency = agency_of(user)
    return agency is not None and agency.pk == vacancy.agency_id and agency_may_recruit(agency)


def can_post_vacancy(user: Any) -> tuple[bool, str]:
    from django.utils.translation import gettext as _

    agency = agency_of(user)
    if agency is None:
        return False, _("Only members of a registered recruitment agency post vacancies.")
    if not agency_may_recruit(agency):
        return False, _(
            "Your agency has no valid licence or IMDI quality label today, or is on the "
            "blacklist: it cannot post vacancies."
        )
    return True, ""


def has_recruiter_consent(profile: WorkerProfile, country_id: int) -> bool:
    return (
        Consent.objects.active()
        .filter(profile=profile, audience=Audience.RECRUITERS, country_id=country_id)
        .exists()
    )


def can_view_candidate(user: Any, profile: WorkerProfile, vacancy: Vacancy) -> bool:
    """A recruiter sees a profile for one of their agency's vacancies, only while the agency
    may recruit and the profile consents to recruiters of the vacancy's destination."""
    return can_manage_vacancy(user, vacancy) and has_recruiter_consent(
        profile, vacancy.destination_id
    )


# --- Applications and checks (phase 2) ------------------------------------------------------


def verifier_organisation(user: Any) -> Any:
    """The authorised body a Verifier acts for: an approved organisation that is not a
    recruitment agency (an agency never checks its own candidates). None otherwise."""
    from imdi_portal.core.roles import Role, has_role

    if not user.is_authenticated or not user.is_active or not user.organisation_id:
        return None
    if not has_role(user, Role.VERIFIER):
        return None
    organisation = user.organisation
    if (
        not organisation.is_approved
        or RecruitmentAgency.objects.filter(organisation_id=organisation.pk).exists()
    ):
        return None
    return organisation


def verifiable_applications() -> Any:
    """Applications whose worker's qualifications and languages a Verifier may see: the
    worker accepted the invitation, the application is still open, and she consents to
    recruiters of the vacancy's destination."""
    from mobility.models import Application

    return (
        Application.objects.filter(state__in=Application.VERIFIABLE_STATES)
        .filter(profile__user__is_active=True)
        .consented()
    )


def can_verify(user: Any, profile: WorkerProfile) -> bool:
    return (
        verifier_organisation(user) is not None
        and verifiable_applications().filter(profile=profile).exists()
    )


# --- The public employment service of the worker's own country -------------------------------


def employment_service_country(user: Any) -> Any:
    """The country whose public employment service the user acts for: the Employment service
    role, in an approved government body with a country, never a recruitment agency. None
    otherwise."""
    from imdi_portal.core.models import Organisation
    from imdi_portal.core.roles import Role

    if not user.is_authenticated or not user.is_active or not user.organisation_id:
        return None
    if not user.groups.filter(name=Role.EMPLOYMENT_SERVICE).exists():
        return None  # not has_role: a superuser is not a country's employment service
    organisation = user.organisation
    if (
        not organisation.is_approved
        or organisation.kind != Organisation.Kind.GOVERNMENT
        or organisation.country_id is None
        or RecruitmentAgency.objects.filter(organisation_id=organisation.pk).exists()
    ):
        return None
    return organisation.country


def has_service_consent(profile: WorkerProfile, country_id: int) -> bool:
    return (
        Consent.objects.active()
        .filter(profile=profile, audience=Audience.EMPLOYMENT_SERVICE, country_id=country_id)
        .exists()
    )


def can_view_as_employment_service(user: Any, profile: WorkerProfile) -> bool:
    """Only the service of the person's own country, while she consents to it."""
    country = employment_service_country(user)
    return (
        country is not None
        and profile.home_country_id == country.pk
        and has_service_consent(profile, country.pk)
    )
