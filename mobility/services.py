"""Every write of the job-mobility area: profiles, consents, export and deletion, vacancies.

Services take keyword arguments, check their preconditions and raise DomainError; they
never take a request. Personal data never goes to the logs.
"""

import logging
from decimal import Decimal
from typing import Any

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imdi_portal.core.exceptions import DomainError
from imdi_portal.core.models import Country, User
from imdi_portal.core.uploads import check_document
from labour_market.models import Occupation
from mobility.models import (
    LANGUAGE_NAMES,
    MAX_OCCUPATIONS,
    Audience,
    Consent,
    LanguageSkill,
    ProfileOccupation,
    ProfileView,
    Qualification,
    QualificationDocument,
    RecruitmentAgency,
    Vacancy,
    VacancyLanguage,
    WorkerProfile,
)
from mobility.permissions import agency_may_recruit

logger = logging.getLogger(__name__)

PROFILE_FIELDS = (
    "home_country",
    "education_level",
    "available_from",
    "is_abroad",
    "wants_to_return",
    "has_returned",
)


def _check_occupations(occupations: list[tuple[Occupation, int]]) -> None:
    if len(occupations) > MAX_OCCUPATIONS:
        raise DomainError(_("A profile lists at most %(n)d occupations.") % {"n": MAX_OCCUPATIONS})
    codes = [occupation.code for occupation, _years in occupations]
    if len(set(codes)) != len(codes):
        raise DomainError(_("Each occupation is listed once."))


def _check_languages(languages: list[tuple[str, int]]) -> None:
    codes = [code for code, _level in languages]
    if any(code not in LANGUAGE_NAMES for code in codes):
        raise DomainError(_("Choose languages from the list."))
    if len(set(codes)) != len(codes):
        raise DomainError(_("Each language is listed once."))


@transaction.atomic
def profile_save(
    *,
    user: User,
    fields: dict[str, Any],
    destinations: list[Country],
    sectors: list[Any],
    occupations: list[tuple[Occupation, int]],
    languages: list[tuple[str, int]],
) -> WorkerProfile:
    """Create or update the user's profile; occupations and languages are replaced."""
    _check_occupations(occupations)
    _check_languages(languages)
    profile = WorkerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = WorkerProfile(user=user)
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    try:
        profile.clean()  # the model's rules, whoever calls (and wanting to return = abroad)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    profile.last_active_at = timezone.now()
    profile.save()
    profile.destinations.set(destinations)
    profile.sectors.set(sectors)
    profile.occupations.all().delete()
    ProfileOccupation.objects.bulk_create(
        ProfileOccupation(profile=profile, occupation=occupation, years_experience=years)
        for occupation, years in occupations
    )
    profile.languages.all().delete()
    LanguageSkill.objects.bulk_create(
        LanguageSkill(profile=profile, language=code, level=level) for code, level in languages
    )
    return profile


@transaction.atomic
def qualification_add(
    *,
    profile: WorkerProfile,
    title: str,
    awarding_body: str,
    country: Country,
    year: int,
    upload: Any = None,
) -> Qualification:
    this_year = timezone.localdate().year
    if not 1900 <= year <= this_year:
        raise DomainError(_("The year is between 1900 and %(year)d.") % {"year": this_year})
    qualification = Qualification.objects.create(
        profile=profile, title=title, awarding_body=awarding_body, country=country, year=year
    )
    if upload is not None:
        name, content_type = check_document(upload, settings.PROJECT_ATTACHMENT_MAX_BYTES)
        QualificationDocument.objects.create(
            qualification=qualification,
            file=upload,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=profile.user,
        )
    return qualification


def _files_delete_after_commit(names: list[str]) -> None:
    """Remove stored files once the rows that named them are gone for good."""
    from imdi_portal.core.uploads import private_storage

    def remove() -> None:
        storage = private_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove, robust=True)


@transaction.atomic
def qualification_remove(*, profile: WorkerProfile, qualification_id: int) -> None:
    qualification = profile.qualifications.filter(pk=qualification_id).first()
    if qualification is None:
        raise DomainError(_("This qualification is not in your profile."))
    names = list(
        QualificationDocument.objects.filter(qualification=qualification).values_list(
            "file", flat=True
        )
    )
    qualification.delete()
    _files_delete_after_commit(names)


def consent_text(audience: str, country: Country) -> str:
    """The words the person agrees to, shown on the page and stored with the consent."""
    if audience == Audience.RECRUITERS:
        return _(
            "I agree that recruitment agencies and employers recruiting for vacancies in "
            "%(country)s, while they hold a valid licence or the IMDI quality label and are "
            "not blacklisted, may see my professional profile (occupations, experience, "
            "education, qualifications, languages and availability, without my name or "
            "contact details) when it fits one of their vacancies. Every view is logged and "
            "shown to me. I can withdraw this consent at any time; it then stops at once."
        ) % {"country": country.name}
    return _(
        "I agree that the public employment service of %(country)s may see my professional "
        "profile (occupations, experience, education, qualifications, languages and "
        "availability) to help me find work or return. Every view is logged and shown to "
        "me. I can withdraw this consent at any time; it then stops at once."
    ) % {"country": country.name}


@transaction.atomic
def consent_grant(*, profile: WorkerProfile, audience: str, country: Country) -> Consent:
    if audience not in Audience.values:
        raise DomainError(_("Choose who may see your profile."))
    if audience == Audience.EMPLOYMENT_SERVICE and country.pk != profile.home_country_id:
        raise DomainError(_("Only your own country's employment service can be chosen."))
    existing = profile.consents.active().filter(audience=audience, country=country).first()
    if existing is not None:
        return existing
    return Consent.objects.create(
        profile=profile,
        audience=audience,
        country=country,
        text=consent_text(audience, country),
        granted_at=timezone.now(),
    )


@transaction.atomic
def consent_withdraw(*, profile: WorkerProfile, consent_id: int) -> Consent:
    consent = profile.consents.active().select_for_update().filter(pk=consent_id).first()
    if consent is None:
        raise DomainError(_("This consent is not active."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    return consent


def profile_views_record(
    *,
    viewer: User,
    profiles: list[WorkerProfile],
    context: str,
    agency: RecruitmentAgency | None = None,
    vacancy: Vacancy | None = None,
) -> int:
    """One ProfileView per profile seen by someone other than its owner (one INSERT)."""
    now = timezone.now()
    rows = [
        ProfileView(
            profile=p, viewer=viewer, agency=agency, vacancy=vacancy, context=context, viewed_at=now
        )
        for p in profiles
        if p.user_id != viewer.pk
    ]
    ProfileView.objects.bulk_create(rows)
    return len(rows)


def export_profile_json(profile: WorkerProfile) -> dict[str, Any]:
    """Everything the person gave, their consents and who viewed the profile."""
    user = profile.user
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
        },
        "profile": {
            "reference": str(profile.reference),
            "home_country": profile.home_country.iso3,
            "education_level_isced": profile.education_level,
            "available_from": profile.available_from.isoformat()
            if profile.available_from
            else None,
            "is_abroad": profile.is_abroad,
            "wants_to_return": profile.wants_to_return,
            "has_returned": profile.has_returned,
            "destinations": [c.iso3 for c in profile.destinations.order_by("iso3")],
            "sectors_isic": [s.code for s in profile.sectors.order_by("code")],
            "created_at": profile.created_at.isoformat(),
            "updated_at": profile.updated_at.isoformat(),
        },
        "occupations": [
            {"isco08": o.occupation.code, "years_experience": o.years_experience}
            for o in profile.occupations.select_related("occupation")
        ],
        "qualifications": [
            {
                "title": q.title,
                "awarding_body": q.awarding_body,
                "country": q.country.iso3,
                "year": q.year,
                "verified": q.is_verified,
                "document": getattr(getattr(q, "document", None), "original_name", None),
            }
            for q in profile.qualifications.select_related("country", "document")
        ],
        "languages": [
            {"language": lang.language, "cefr": lang.get_level_display()}
            for lang in profile.languages.all()
        ],
        "consents": [
            {
                "audience": c.audience,
                "country": c.country.iso3,
                "text": c.text,
                "granted_at": c.granted_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in profile.consents.select_related("country").order_by("granted_at")
        ],
        "views": [
            {
                "viewed_at": v.viewed_at.isoformat(),
                "by_agency": v.agency.name if v.agency else None,
                "context": v.context,
            }
            for v in profile.views.select_related("agency")
        ],
    }


def _worker_only(user: User) -> bool:
    return not (user.is_staff or user.is_superuser or user.organisation_id or user.groups.exists())


@transaction.atomic
def delete_profile(profile: WorkerProfile) -> None:
    """Remove the profile and everything hanging from it (occupations, qualifications and
    their files, languages, consents, the view log) at once. An account made only for the
    profile (no organisation, role or staff status) is anonymised and closed as well: names
    and e-mail cleared, password unusable, sign-in disabled. Accounts with other roles keep
    their fields. Files are removed after the commit."""
    user = profile.user
    names = list(
        QualificationDocument.objects.filter(qualification__profile=profile).values_list(
            "file", flat=True
        )
    )
    QualificationDocument.objects.filter(qualification__profile=profile).delete()
    profile.delete()
    if _worker_only(user):
        user.first_name = ""
        user.last_name = ""
        user.email = ""
        user.username = f"deleted-{user.pk}"
        user.is_active = False
        user.set_unusable_password()
        user.save()
    _files_delete_after_commit(names)
    logger.info("mobility: a worker profile was deleted at its owner's request")


def _valid_currency(code: str) -> str:
    code = (code or "").strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise DomainError(_("“%(code)s” is not an ISO 4217 currency code.") % {"code": code})
    return code


def vacancy_check(fields: dict[str, Any]) -> dict[str, Any]:
    """The rules of a vacancy's content, shared by the form and vacancy_post."""
    fields = dict(fields)
    fields["currency"] = _valid_currency(fields.get("currency", ""))
    low, high = Decimal(fields["salary_min"]), Decimal(fields["salary_max"])
    if low < 0 or high < low:
        raise DomainError(_("The salary range runs from a lower to a higher amount."))
    if fields.get("posts", 1) < 1 or fields.get("contract_months", 1) < 1:
        raise DomainError(_("A vacancy has at least one post and a contract of a month or more."))
    return fields


VACANCY_FIELDS = (
    "title",
    "description",
    "employer_name",
    "destination",
    "occupation",
    "sector",
    "posts",
    "min_education",
    "min_experience_years",
    "salary_min",
    "salary_max",
    "currency",
    "contract_months",
    "permit_category",
    "agreement",
    "twinning",
)


@transaction.atomic
def vacancy_post(
    *,
    user: User,
    agency: RecruitmentAgency,
    fields: dict[str, Any],
    languages: list[tuple[str, int]],
) -> Vacancy:
    if user.organisation_id != agency.organisation_id or not agency_may_recruit(agency):
        raise DomainError(_("Only an agency that may recruit today posts vacancies."))
    fields = vacancy_check(fields)
    _check_languages(languages)
    vacancy = Vacancy.objects.create(
        agency=agency,
        posted_by=user,
        **{name: fields[name] for name in VACANCY_FIELDS if name in fields},
    )
    VacancyLanguage.objects.bulk_create(
        VacancyLanguage(vacancy=vacancy, language=code, min_level=level)
        for code, level in languages
    )
    return vacancy


@transaction.atomic
def worker_signup(*, username: str, email: str, password: str) -> User:
    """A personal account for a worker, inactive until the e-mail address is confirmed
    (the core's signed one-time link, checked by imdi_portal.core.accounts.account_confirm)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from imdi_portal.core.mail import mail_send_after_commit

    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This user name is taken."))
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("An account with this e-mail address exists already."))
    user = User(username=username, email=email, is_active=False)
    user.set_password(password)
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.PORTAL_BASE_URL + reverse("mobility:confirm", args=[uid, token])
    mail_send_after_commit(
        subject=_("[IMDI] Confirm your e-mail address"),
        body=_(
            "You registered on the IMDI portal to keep a professional profile.\n\nConfirm "
            "your e-mail address by opening this link:\n%(link)s\n\nYour profile stays "
            "private until you choose who may see it."
        )
        % {"link": link},
        to=[email],
    )
    return user


# --- Applications, from the shortlist to the placement (phase 2) ----------------------------
# The moves are mobility.workflow's table; these services check who acts and what the
# application lacks, and log only ids and action names (never a person's data).


@transaction.atomic
def application_shortlist(*, user: User, vacancy: Vacancy, profile: WorkerProfile) -> Any:
    """Put a ranked candidate on the agency's shortlist for the vacancy (state shortlisted),
    logged as the application's first transition."""
    from mobility.models import Application
    from mobility.permissions import can_view_candidate
    from mobility.workflow import APPLICATIONS

    if not can_view_candidate(user, profile, vacancy) or not profile.user.is_active:
        raise DomainError(_("This profile cannot be shortlisted for this vacancy."))
    if vacancy.status != Vacancy.Status.OPEN:
        raise DomainError(_("This vacancy is closed."))
    existing = Application.objects.filter(vacancy=vacancy, profile=profile).first()
    if existing is not None:
        raise DomainError(
            _("This profile is already on your list for this vacancy (%(state)s).")
            % {"state": existing.get_state_display()}
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(vacancy=vacancy, profile=profile)
    except IntegrityError:
        # A colleague shortlisted her in the same instant (the unique constraint).
        raise DomainError(_("This profile is already on your list for this vacancy.")) from None
    APPLICATIONS.record(
        application,
        "shortlist",
        user,
        from_state="",
        to_state=Application.State.SHORTLISTED,
    )
    logger.info("mobility: application %s shortlisted", application.pk)
    return application


@transaction.atomic
def application_move(*, user: User, application: Any, action: str, reason: str = "") -> Any:
    """Take one action of the table on the application for `user` (the worker or a member
    of the posting agency). Starting the preparation creates the fixed preparation steps.
    Returns the transition row; raises DomainError, changing nothing, when refused."""
    from mobility.models import PreparationStep
    from mobility.workflow import APPLICATIONS

    log = APPLICATIONS.move(application, action, user, (reason or "").strip()[:2000])
    if action == "prepare":
        existing = set(application.steps.values_list("kind", flat=True))
        PreparationStep.objects.bulk_create(
            PreparationStep(application=application, kind=kind)
            for kind in PreparationStep.FIXED_KINDS
            if kind not in existing
        )
    logger.info("mobility: application %s moved by %s", application.pk, action)
    return log


def _agency_acts(user: User, application: Any) -> None:
    from mobility.permissions import can_manage_vacancy

    if not can_manage_vacancy(user, application.vacancy):
        raise DomainError(_("Only the agency that posted the vacancy does this."))


@transaction.atomic
def checklist_tick(*, user: User, application: Any, item_id: int, ticked: bool) -> bool:
    """Tick (or untick) one pre-selection criterion for the application, with who and
    when; only before the pre-selection. Returns whether the item is now ticked."""
    from mobility.models import Application, ChecklistTick
    from mobility.workflow import checklist_items

    _agency_acts(user, application)
    before = (Application.State.SHORTLISTED, Application.State.INVITED, Application.State.ACCEPTED)
    if application.state not in before:
        raise DomainError(_("The checklist is closed once the candidate is pre-selected."))
    item = next((i for i in checklist_items(application) if i.pk == item_id), None)
    if item is None:
        raise DomainError(_("This criterion does not apply to this vacancy."))
    if ticked:
        ChecklistTick.objects.get_or_create(
            application=application,
            item=item,
            defaults={"ticked_by": user, "ticked_at": timezone.now()},
        )
    else:
        ChecklistTick.objects.filter(application=application, item=item).delete()
    return ticked


@transaction.atomic
def preparation_step_save(
    *,
    user: User,
    application: Any,
    step_id: int | None,
    status: str,
    on: Any = None,
    details: str = "",
    kind: str = "",
) -> Any:
    """Record the status (to do, done, not needed) and date of one preparation step, or add
    a step of kind "other" (step_id None), with who recorded it and when."""
    from mobility.models import Application, PreparationStep

    _agency_acts(user, application)
    if application.state != Application.State.PREPARING:
        raise DomainError(_("Preparation steps are recorded while the departure is prepared."))
    if status not in PreparationStep.Status.values:
        raise DomainError(_("Choose a status."))
    if step_id is None:
        if kind != PreparationStep.Kind.OTHER or not details.strip():
            raise DomainError(_("Describe the step to add."))
        step = PreparationStep(application=application, kind=kind)
    else:
        step = application.steps.select_for_update().filter(pk=step_id).first()
        if step is None:
            raise DomainError(_("This step is not part of this application."))
    step.status = status
    step.on = on
    if details.strip():
        step.details = details.strip()[:200]
    step.recorded_by = user
    step.recorded_at = timezone.now()
    step.save()
    return step


@transaction.atomic
def verification_record(
    *, user: User, subject: str, subject_id: int, result: str, note: str = ""
) -> Any:
    """A Verifier records that a qualification or a language skill of an applicant is
    verified or not, for their organisation. The qualification's `is_verified` follows the
    latest check."""
    from mobility.models import Verification
    from mobility.permissions import can_verify, verifier_organisation

    organisation = verifier_organisation(user)
    if organisation is None:
        raise DomainError(_("Only a Verifier of an authorised body records checks."))
    if result not in Verification.Result.values:
        raise DomainError(_("Choose verified or not verified."))
    target: Qualification | LanguageSkill | None = None
    if subject == "qualification":
        target = Qualification.objects.select_related("profile").filter(pk=subject_id).first()
    elif subject == "language":
        target = LanguageSkill.objects.select_related("profile").filter(pk=subject_id).first()
    if target is None or not can_verify(user, target.profile):
        raise DomainError(_("This item cannot be checked by you."))
    check = Verification.objects.create(
        result=result,
        note=(note or "").strip()[:2000],
        organisation=organisation,
        by=user,
        at=timezone.now(),
        **{subject: target},
    )
    if isinstance(target, Qualification):
        target.is_verified = result == Verification.Result.VERIFIED
        target.save(update_fields=["is_verified"])
    logger.info("mobility: a %s check (%s) was recorded", subject, check.pk)
    return check
