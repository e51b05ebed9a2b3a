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
