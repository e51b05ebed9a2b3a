"""Reads of the job-mobility area shared by pages, the API and the admin, and the matching.

Matching is set-based: one query ranks every consenting profile for a vacancy (or every
open vacancy for a profile) with annotations, whatever their number. Each row then carries
booleans from which its reasons and unmet requirements are read, without another query.

The score: the ISCO-08 level at which the occupations agree (10 points per digit shared:
the same unit group 40, minor group 30, sub-major group 20, major group 10), 15 when the
experience in that occupation reaches the minimum, 10 per required language at the
required CEFR level or above, 10 when the education reaches the minimum. Profiles that do
not share at least the major group are not candidates.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, LPad, Substr
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mobility.models import (
    Application,
    ApplicationTransition,
    Audience,
    BlacklistEntry,
    CEFRLevel,
    Consent,
    EducationLevel,
    ProfileView,
    RecruitmentAgency,
    Vacancy,
    VacancyLanguage,
    Verification,
    WorkerProfile,
    language_name,
)

POINTS_PER_DIGIT = 10
POINTS_EXPERIENCE = 15
POINTS_LANGUAGE = 10
POINTS_EDUCATION = 10

LEVEL_NAMES = {
    4: gettext_lazy("same ISCO-08 unit group"),
    3: gettext_lazy("same ISCO-08 minor group"),
    2: gettext_lazy("same ISCO-08 sub-major group"),
    1: gettext_lazy("same ISCO-08 major group"),
}


def _level_case(prefix_pairs: list[tuple[str, Any]], field_name: str) -> Case:
    """CASE WHEN <field> LIKE '<prefix>%' THEN <value> ... in the order given."""
    return Case(
        *[
            When(**{f"{field_name}__startswith": prefix}, then=value)
            for prefix, value in prefix_pairs
        ],
        default=None,
    )


def _prefixes(code: str) -> list[str]:
    return [code[:k] for k in range(len(code), 0, -1)]


# --- Candidates for a vacancy --------------------------------------------------------------


@dataclass
class Match:
    """One ranked row: a profile for a vacancy, or a vacancy for a profile."""

    obj: Any
    score: int
    reasons: list[str] = field(default_factory=list)
    unmet: list[str] = field(default_factory=list)


def _best_occupation(code: str) -> Max:
    """The best match of a profile's occupations for `code`, as one string: the ISCO level
    shared (1 digit), the years of experience (5 digits) and the occupation's code, whose
    maximum gives the highest level reached, at that level the most years, and its code."""
    level = _level_case(
        [(p, Value(str(len(p)))) for p in _prefixes(code)], "occupations__occupation__code"
    )
    years = LPad(Cast("occupations__years_experience", CharField()), YEARS_DIGITS, Value("0"))
    return Max(Concat(level, years, "occupations__occupation__code", output_field=CharField()))


YEARS_DIGITS = 5  # a PositiveSmallIntegerField holds at most 32767


def candidates_for(vacancy: Vacancy, *, day: date | None = None) -> QuerySet[WorkerProfile]:
    """Profiles with an active consent for recruiters in the vacancy's destination, sharing
    at least the ISCO-08 major group, ranked by score (highest first).

    One query, driven by the consents of the destination joined to the profiles'
    occupations in the vacancy's major group and aggregated per profile (correlated
    subqueries per profile, repeated in each expression that used them, made it ten times
    slower at 100,000 profiles: bench/mobility_bench.py)."""
    code = vacancy.occupation.code
    required = list(vacancy.languages.all())
    # Aggregates over the languages asked (a LEFT JOIN), not EXISTS subqueries: those
    # were evaluated again in the grouping, the score and the result.
    language_spoken = {
        f"_spoken_{req.language}": Max(
            Case(
                When(
                    required_languages__language=req.language,
                    required_languages__level__gte=req.min_level,
                    then=Value(1),
                ),
                default=Value(0),
            ),
            output_field=IntegerField(),
        )
        for req in required
    }
    language_flags = {
        f"lang_{req.language}": ExpressionWrapper(
            Q(**{f"_spoken_{req.language}": 1}), output_field=BooleanField()
        )
        for req in required
    }
    consented = Consent.objects.active().filter(
        profile=OuterRef("pk"), audience=Audience.RECRUITERS, country=vacancy.destination_id
    )
    applications = Application.objects.filter(vacancy=vacancy, profile=OuterRef("pk"))
    verified = Verification.objects.filter(
        Q(qualification__profile=OuterRef("pk")) | Q(language__profile=OuterRef("pk")),
        result=Verification.Result.VERIFIED,
    ).order_by("-at", "-pk")
    queryset = (
        WorkerProfile.objects.filter(
            Exists(consented),
            user__is_active=True,
            occupations__occupation__code__startswith=code[:1],
        )
        # A worker who withdrew from this vacancy leaves the agency's lists at once.
        .exclude(Exists(applications.filter(state=Application.State.WITHDRAWN)))
        .annotate(
            occ_best=_best_occupation(code),
            application_id=Subquery(applications.values("pk")[:1]),
            application_state=Subquery(applications.values("state")[:1]),
            verified_by=Subquery(verified.values("organisation__name")[:1]),
            verified_at=Subquery(verified.values("at")[:1]),
        )
        .alias(
            # Only the rows of the languages asked are joined (at most one per language).
            required_languages=FilteredRelation(
                "languages", condition=Q(languages__language__in=[r.language for r in required])
            ),
            **language_spoken,
        )
        .annotate(
            occ_level=Cast(Substr("occ_best", 1, 1), IntegerField()),
            occ_years=Cast(Substr("occ_best", 2, YEARS_DIGITS), IntegerField()),
            occ_code=Substr("occ_best", 2 + YEARS_DIGITS),
        )
        .annotate(**language_flags)
        .annotate(
            experience_ok=ExpressionWrapper(
                Q(occ_years__gte=vacancy.min_experience_years), output_field=BooleanField()
            ),
            education_ok=ExpressionWrapper(
                Q(education_level__gte=vacancy.min_education)
                if vacancy.min_education is not None
                else Q(pk__isnull=False),
                output_field=BooleanField(),
            ),
        )
    )
    score = F("occ_level") * POINTS_PER_DIGIT
    score = score + Case(When(experience_ok=True, then=POINTS_EXPERIENCE), default=0)
    score = score + Case(When(education_ok=True, then=POINTS_EDUCATION), default=0)
    for name in language_flags:
        score = score + Case(When(**{name: True}, then=POINTS_LANGUAGE), default=0)
    return queryset.annotate(score=ExpressionWrapper(score, output_field=IntegerField())).order_by(
        "-score", "-occ_years", "pk"
    )


def _education_label(level: int | None) -> str:
    return str(EducationLevel(level).label) if level is not None else ""


def candidate_rows(vacancy: Vacancy, profiles: Any) -> list[Match]:
    """Reasons and unmet requirements of each ranked profile, from its annotations only."""
    required = list(vacancy.languages.all())
    rows = []
    for profile in profiles:
        reasons = [
            _("Occupation %(code)s: %(level)s")
            % {"code": profile.occ_code, "level": LEVEL_NAMES[profile.occ_level]}
        ]
        unmet = []
        if profile.occ_level < 4:
            unmet.append(
                _("Not the same unit group as %(code)s") % {"code": vacancy.occupation.code}
            )
        _sort(
            profile.experience_ok,
            ngettext(
                "%(n)d year of experience (at least %(min)d asked)",
                "%(n)d years of experience (at least %(min)d asked)",
                profile.occ_years,
            )
            % {"n": profile.occ_years, "min": vacancy.min_experience_years},
            reasons,
            unmet,
        )
        for req in required:
            _sort(
                getattr(profile, f"lang_{req.language}"),
                _("%(language)s at %(level)s or above")
                % {
                    "language": language_name(req.language),
                    "level": CEFRLevel(req.min_level).label,
                },
                reasons,
                unmet,
            )
        if vacancy.min_education is not None:
            _sort(
                profile.education_ok,
                _("Education: %(level)s or higher")
                % {"level": _education_label(vacancy.min_education)},
                reasons,
                unmet,
            )
        if profile.verified_by:
            reasons.append(
                _("Verified by %(organisation)s on %(date)s")
                % {
                    "organisation": profile.verified_by,
                    "date": date_format(_as_date(profile.verified_at), "DATE_FORMAT"),
                }
            )
        rows.append(Match(obj=profile, score=profile.score, reasons=reasons, unmet=unmet))
    return rows


def _as_date(value: Any) -> date:
    """A subquery's datetime arrives as a string on SQLite; the local date either way."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.date()


def _sort(ok: bool, text: str, reasons: list[str], unmet: list[str]) -> None:
    (reasons if ok else unmet).append(text)


# --- Vacancies for a profile ----------------------------------------------------------------


def vacancies_for(profile: WorkerProfile) -> QuerySet[Vacancy]:
    """Open vacancies in the profile's destinations (chosen or consented) that share at
    least the ISCO-08 major group with one of its occupations, ranked by score."""
    occupations = list(profile.occupations.select_related("occupation"))
    skills = list(profile.languages.all())
    if not occupations:
        return Vacancy.objects.none()
    # The longest shared prefix first, whichever occupation of the profile gives it.
    pairs = sorted(
        (
            (o.occupation.code[:k], k, o.years_experience)
            for o in occupations
            for k in range(1, len(o.occupation.code) + 1)
        ),
        key=lambda t: (-t[1], -t[2]),
    )
    level = _level_case([(prefix, Value(k)) for prefix, k, _years in pairs], "occupation__code")
    years = _level_case([(prefix, Value(y)) for prefix, _k, y in pairs], "occupation__code")
    met = Q(pk__isnull=True)  # nothing, widened by each language the person speaks
    for skill in skills:
        met |= Q(language=skill.language, min_level__lte=skill.level)
    missing = VacancyLanguage.objects.filter(vacancy=OuterRef("pk")).exclude(met)
    destinations = set(profile.destinations.values_list("pk", flat=True)) | set(
        profile.consents.active()
        .filter(audience=Audience.RECRUITERS)
        .values_list("country_id", flat=True)
    )
    queryset = (
        Vacancy.objects.open()
        .for_page()
        .filter(destination__in=destinations)
        .annotate(occ_level=level, occ_years=years)
        .filter(occ_level__isnull=False)
        .annotate(
            experience_ok=ExpressionWrapper(
                Q(min_experience_years__lte=F("occ_years")), output_field=BooleanField()
            ),
            languages_ok=~Exists(missing),
            education_ok=ExpressionWrapper(
                Q(min_education__isnull=True) | Q(min_education__lte=profile.education_level),
                output_field=BooleanField(),
            ),
        )
    )
    score = (
        F("occ_level") * POINTS_PER_DIGIT
        + Case(When(experience_ok=True, then=POINTS_EXPERIENCE), default=0)
        + Case(When(languages_ok=True, then=POINTS_LANGUAGE), default=0)
        + Case(When(education_ok=True, then=POINTS_EDUCATION), default=0)
    )
    return queryset.annotate(score=ExpressionWrapper(score, output_field=IntegerField())).order_by(
        "-score", "-created_at", "-pk"
    )


def vacancy_rows(vacancies: Any) -> list[Match]:
    rows = []
    for vacancy in vacancies:
        reasons = [_("Occupation: %(level)s") % {"level": LEVEL_NAMES[vacancy.occ_level]}]
        unmet: list[str] = []
        _sort(
            vacancy.experience_ok,
            _("Experience asked: %(n)d years") % {"n": vacancy.min_experience_years},
            reasons,
            unmet,
        )
        _sort(vacancy.languages_ok, _("Languages asked"), reasons, unmet)
        _sort(vacancy.education_ok, _("Education asked"), reasons, unmet)
        rows.append(Match(obj=vacancy, score=vacancy.score, reasons=reasons, unmet=unmet))
    return rows


# --- Public lists ---------------------------------------------------------------------------


def vacancy_list_public() -> QuerySet[Vacancy]:
    """Open vacancies of agencies that may recruit today: the public search and the API."""
    return (
        Vacancy.objects.open()
        .filter(agency__in=RecruitmentAgency.objects.may_recruit().values("pk"))
        .for_page()
    )


def vacancy_get_public(pk: int) -> Vacancy | None:
    return (
        vacancy_list_public()
        .prefetch_related("languages")
        .select_related("permit_category", "agreement", "twinning")
        .filter(pk=pk)
        .first()
    )


def agency_list(day: date | None = None) -> QuerySet[RecruitmentAgency]:
    """Every agency with its standing today and its licences (for the public list)."""
    from django.db.models import Prefetch

    from mobility.models import Licence

    return (
        RecruitmentAgency.objects.with_standing(day or timezone.localdate())
        .select_related("country")
        .prefetch_related(Prefetch("licences", queryset=Licence.objects.order_by("-valid_from")))
    )


def blacklist_list() -> QuerySet[BlacklistEntry]:
    return BlacklistEntry.objects.select_related("agency", "agency__country").order_by(
        "-decided_on", "agency__name"
    )


def profile_log(profile: WorkerProfile) -> QuerySet[ProfileView]:
    return profile.views.select_related("agency", "vacancy", "viewer__organisation")


def profile_for_viewer(reference: Any) -> WorkerProfile | None:
    """An active person's profile with everything its page shows, for someone else to see
    (mobility.permissions decides whether they may)."""
    return (
        WorkerProfile.objects.filter(reference=reference, user__is_active=True)
        .select_related("home_country")
        .prefetch_related(
            "occupations__occupation",
            "languages",
            "qualifications__country",
            "destinations",
            "sectors",
        )
        .first()
    )


def profile_get_full(user: Any) -> WorkerProfile | None:
    return (
        WorkerProfile.objects.filter(user=user)
        .select_related("home_country")
        .prefetch_related(
            "destinations",
            "sectors",
            "occupations__occupation",
            "languages",
            "qualifications__country",
            "qualifications__document",
            "consents__country",
        )
        .first()
    )


# --- Applications (phase 2) ------------------------------------------------------------------


def application_list_for_vacancy(vacancy: Vacancy) -> QuerySet[Application]:
    """The agency's list for one vacancy: every application but the withdrawn, while the
    worker consents, with the counts the list shows (one query)."""
    return Application.objects.filter(vacancy=vacancy).for_agency_list()


def application_get(pk: int) -> Application | None:
    return (
        Application.objects.select_related(
            "vacancy__agency",
            "vacancy__destination",
            "vacancy__occupation",
            "vacancy__agreement",
            "vacancy__twinning",
            "profile__user",
        )
        .filter(pk=pk)
        .first()
    )


def _history() -> Prefetch:
    return Prefetch(
        "transitions",
        queryset=ApplicationTransition.objects.select_related("by").order_by("at", "pk"),
    )


def application_list_for_worker(profile: WorkerProfile) -> QuerySet[Application]:
    """Every application of the worker, whatever its state, with its full history and its
    preparation steps."""
    return (
        profile.applications.select_related("vacancy__agency", "vacancy__destination")
        .prefetch_related(_history(), "steps")
        .order_by("-updated_at", "-pk")
    )


def application_history(application: Application) -> QuerySet[ApplicationTransition]:
    return application.transitions.select_related("by").order_by("at", "pk")


@dataclass
class ChecklistRow:
    item: Any
    tick: Any


def checklist_rows(application: Application) -> list[ChecklistRow]:
    from mobility.models import ChecklistTick
    from mobility.workflow import checklist_items

    ticks = {
        t.item_id: t
        for t in ChecklistTick.objects.filter(application=application).select_related("ticked_by")
    }
    return [ChecklistRow(item=i, tick=ticks.get(i.pk)) for i in checklist_items(application)]


def verifications_of(profile: WorkerProfile) -> QuerySet[Verification]:
    """Every check of the profile's qualifications and languages, newest first."""
    return (
        Verification.objects.filter(
            Q(qualification__profile=profile) | Q(language__profile=profile)
        )
        .select_related("organisation", "qualification", "language")
        .order_by("-at", "-pk")
    )


def verifier_queue() -> QuerySet[Application]:
    """Applications a Verifier may check (mobility.permissions.verifiable_applications)."""
    from mobility.permissions import verifiable_applications

    return (
        verifiable_applications()
        .select_related("profile", "vacancy__destination", "vacancy__occupation")
        .order_by("-updated_at", "-pk")
    )


# --- The public employment service of the worker's own country -------------------------------


def service_profiles(country: Any) -> QuerySet[WorkerProfile]:
    """Profiles of the country's nationals who let its employment service see them; people
    abroad who would like to return first (the expatriate talent the service can bring
    home), then those who returned, then the most recently active."""
    consented = Consent.objects.active().filter(
        profile=OuterRef("pk"), audience=Audience.EMPLOYMENT_SERVICE, country=country
    )
    return (
        WorkerProfile.objects.filter(Exists(consented), home_country=country, user__is_active=True)
        .select_related("home_country")
        .prefetch_related(
            "occupations__occupation", "languages", "destinations", "sectors", "qualifications"
        )
        .order_by("-wants_to_return", "-has_returned", "-last_active_at", "pk")
    )
