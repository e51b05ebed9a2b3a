"""Aggregate statistics of the job-mobility registry: never an individual.

What is counted:
- registered job seekers: profiles whose account is active, each counted once, in the
  ISCO-08 major group of its main occupation (the one with the most years of experience,
  then the lowest code: the order the profile lists them in), so that every column adds up
  to its total; by country of citizenship and by destination of interest (a person who
  chose two destinations counts in each);
- open vacancies: those the public vacancy search shows (open, of an agency that may
  recruit today), by destination and by the country of licence of the agency.
The profile model records no sex, so there is no breakdown by sex.

Counts of people are suppressed below settings.MOBILITY_STATS_MIN_COUNT (5): such a cell is
shown as "fewer than 5". Secondary suppression: in a column with a total, when exactly one
cell is suppressed (the total minus the other cells would give it), the next smallest cell
is suppressed as well, or the total when there is no other cell. Vacancies are public one by
one, so their counts are shown as they are.

Each table is one query (a UNION ALL of grouped counts) run in the database, cached until a
profile, a vacancy, a consent or an agency's standing changes (the "mobility" scope).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from imdi_portal.core.cache import cached_on_data
from imdi_portal.core.models import Country
from imdi_portal.core.translation import active_language
from labour_market.models import Occupation
from mobility.models import (
    BlacklistEntry,
    Consent,
    Licence,
    ProfileOccupation,
    RecruitmentAgency,
    Vacancy,
    WorkerProfile,
)

SCOPE = "mobility"
CACHE_SECONDS = 900  # also bounds the staleness of changes no signal reports (m2m edits)
CACHED_MODELS = (WorkerProfile, ProfileOccupation, Consent, Vacancy, Licence, BlacklistEntry)
NOT_GIVEN = ""  # the group of a profile without an occupation

# Columns of the tables: (key, heading, counts people, has a total row)
SEEKERS = "seekers"
CITIZENS = "citizens"
INTERESTED = "interested"
VACANCIES = "vacancies"
LICENSED = "licensed"
HEADINGS = {
    SEEKERS: _("Registered job seekers"),
    CITIZENS: _("Registered job seekers who are citizens of the country"),
    INTERESTED: _("Registered job seekers interested in working there"),
    VACANCIES: _("Open vacancies"),
    LICENSED: _("Open vacancies posted by agencies licensed in the country"),
}
PEOPLE = {SEEKERS, CITIZENS, INTERESTED}


def min_count() -> int:
    return int(getattr(settings, "MOBILITY_STATS_MIN_COUNT", 5))


# --- Suppression ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A count as shown: `value` is None when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def suppress(
    counts: dict[Hashable, int], *, minimum: int, total: int | None = None
) -> tuple[dict[Hashable, Cell], Cell | None]:
    """The cells of one column (and its total when one is shown), with primary and
    secondary suppression. Zeros are shown: they single nobody out."""
    hidden = {key for key, n in counts.items() if 0 < n < minimum}
    total_hidden = total is not None and 0 < total < minimum
    if total is not None and not total_hidden and len(hidden) == 1:
        shown = sorted((n, str(key), key) for key, n in counts.items() if n and key not in hidden)
        if shown:
            hidden.add(shown[0][2])
        else:
            total_hidden = True
    cells = {key: Cell(None if key in hidden else n) for key, n in counts.items()}
    total_cell = None if total is None else Cell(None if total_hidden else total)
    return cells, total_cell


@dataclass
class Row:
    key: Any  # an ISCO-08 major group code or a country
    label: str
    cells: list[Cell]


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    totals: list[Cell | None] = field(default_factory=list)
    minimum: int = 5

    @property
    def suppressed_any(self) -> bool:
        return any(c is not None and c.suppressed for r in self.rows for c in r.cells) or any(
            c is not None and c.suppressed for c in self.totals
        )


def _table(
    caption: Any,
    columns: list[str],
    counts: dict[str, dict[Any, int]],
    labels: dict[Any, str],
    order: Iterable[Any],
    with_totals: set[str],
) -> Table:
    """Suppress each column on all its keys, then lay the rows out in `order`."""
    minimum = min_count()
    order = list(order)
    table = Table(caption=str(caption), columns=[str(HEADINGS[c]) for c in columns])
    table.minimum = minimum
    shown: dict[str, dict[Any, Cell]] = {}
    for column in columns:
        values = {key: counts.get(column, {}).get(key, 0) for key in order}
        total = sum(values.values()) if column in with_totals else None
        if column in PEOPLE:
            shown[column], total_cell = suppress(values, minimum=minimum, total=total)
        else:
            shown[column] = {key: Cell(n) for key, n in values.items()}
            total_cell = None if total is None else Cell(total)
        table.totals.append(total_cell)
    for key in order:
        table.rows.append(Row(key, labels.get(key, str(key)), [shown[c][key] for c in columns]))
    return table


# --- Queries -------------------------------------------------------------------------------


def _registered() -> QuerySet[WorkerProfile]:
    return WorkerProfile.objects.filter(user__is_active=True).order_by()


def _public_vacancies() -> QuerySet[Vacancy]:
    """The vacancies of the public search (mobility.selectors.vacancy_list_public)."""
    return (
        Vacancy.objects.open()
        .filter(agency__in=RecruitmentAgency.objects.may_recruit().values("pk"))
        .order_by()
    )


def _main_group(profile_ref: str) -> Subquery:
    """The major group (first digit) of the profile's main occupation."""
    return Subquery(
        ProfileOccupation.objects.filter(profile=OuterRef(profile_ref))
        .order_by("-years_experience", "occupation__code")
        .annotate(group=Substr("occupation__code", 1, 1))
        .values("group")[:1]
    )


def _counted(queryset: QuerySet, column: str, key: Any) -> QuerySet:
    """`queryset` grouped by `key`: rows of (key, column, n, "")."""
    return (
        queryset.annotate(k=key, col=Value(column), label=Value(""))
        .values("k", "col", "label")
        .annotate(n=Count("pk", output_field=IntegerField()))
        .values_list("k", "col", "n", "label")
    )


def _group_titles() -> list[QuerySet]:
    """The titles of the ISCO-08 major groups as rows of the same shape (key, "_title_<lang>",
    0, title), read in the table's one query."""
    return [
        Occupation.objects.major_groups()
        .order_by()
        .annotate(
            k=F("code"),
            col=Value(f"{TITLE}{language}"),
            n=Value(0, output_field=IntegerField()),
            label=F(f"title_{language}"),
        )
        .values_list("k", "col", "n", "label")
        for language in ("en", "fr", "es")
    ]


TITLE = "_title_"


def _run(parts: list[QuerySet]) -> list[tuple[Any, str, int, str]]:
    first, *rest = parts
    query = first.union(*rest, all=True) if rest else first
    # PostgreSQL runs it without JIT compilation (settings.DATABASES), which would take
    # longer than the query itself (bench/mobility_bench.py).
    return list(query)


def _by_column(rows: list[tuple[Any, str, int, str]]) -> dict[str, dict[Any, int]]:
    counts: dict[str, dict[Any, int]] = defaultdict(dict)
    for key, column, n, _label in rows:
        if column.startswith(TITLE):
            continue
        key = NOT_GIVEN if key is None else key
        counts[column][key] = counts[column].get(key, 0) + n
    return dict(counts)


def _cached(key: str, compute):
    return cached_on_data(key, compute, scope=SCOPE, timeout=CACHE_SECONDS)


def _group_labels(rows: list[tuple[Any, str, int, str]]) -> dict[str, str]:
    """ISCO-08 major groups in the active language, from the title rows of a table."""
    wanted, english = f"{TITLE}{active_language()}", f"{TITLE}en"
    titles: dict[str, str] = {}
    for key, column, _n, label in rows:
        if column == english:
            titles.setdefault(key, label)
        if column == wanted and label:
            titles[key] = label
    labels = {code: f"{code} · {title}" for code, title in titles.items()}
    labels[NOT_GIVEN] = str(_("Occupation not given"))
    return labels


def _group_order(counts: dict[str, dict[Any, int]]) -> list[str]:
    keys = {key for column in counts.values() for key, n in column.items() if n}
    return sorted(keys, key=lambda k: (k == NOT_GIVEN, k))


# --- The tables ----------------------------------------------------------------------------


def by_occupation_group() -> Table:
    """Registered job seekers and open vacancies by ISCO-08 major group (one query)."""

    def compute() -> list[tuple[Any, str, int]]:
        return _run(
            [
                _counted(_registered(), SEEKERS, _main_group("pk")),
                _counted(_public_vacancies(), VACANCIES, Substr("occupation__code", 1, 1)),
                *_group_titles(),
            ]
        )

    rows = _cached("by-group", compute)
    counts = _by_column(rows)
    return _table(
        _("Registered job seekers (by main occupation) and open vacancies, by ISCO-08 major group"),
        [SEEKERS, VACANCIES],
        counts,
        _group_labels(rows),
        _group_order(counts),
        {SEEKERS, VACANCIES},
    )


def by_country() -> Table:
    """Registered job seekers by citizenship and by destination of interest, and open
    vacancies by destination, for every country with one of them (one query)."""
    through = WorkerProfile.destinations.through

    def compute() -> list[tuple[Any, str, int]]:
        return _run(
            [
                _counted(_registered(), CITIZENS, _country_key("home_country")),
                _counted(
                    through.objects.filter(workerprofile__user__is_active=True).order_by(),
                    INTERESTED,
                    _country_key("country"),
                ),
                _counted(_public_vacancies(), VACANCIES, _country_key("destination")),
            ]
        )

    rows = _cached("by-country", compute)
    counts = _by_column(rows)
    names = _country_names(counts)
    order = sorted(names, key=lambda iso3: names[iso3])
    table = _table(
        _("Registered job seekers and open vacancies by country"),
        [CITIZENS, INTERESTED, VACANCIES],
        counts,
        names,
        order,
        {CITIZENS, VACANCIES},
    )
    table.columns = [
        str(_("Registered job seekers by country of citizenship")),
        str(_("Registered job seekers by destination of interest")),
        str(_("Open vacancies by destination")),
    ]
    return table


def _country_key(path: str) -> Any:
    return F(f"{path}__iso3")


def _country_names(counts: dict[str, dict[Any, int]]) -> dict[str, str]:
    codes = {key for column in counts.values() for key in column}
    rows = _cached(
        "country-names",
        lambda: list(Country.objects.order_by("iso3").values_list(*Country.LINK_FIELDS)),
    )
    index = {"en": 1, "fr": 2, "es": 3}.get(active_language(), 1)
    return {row[0]: row[index] or row[1] for row in rows if row[0] in codes}


def country_counts(country: Country) -> tuple[dict[str, dict[Any, int]], dict[str, str]]:
    """The four columns of a country by ISCO-08 major group, and the groups' labels (one
    query, cached)."""
    through = WorkerProfile.destinations.through

    def compute() -> list[tuple[Any, str, int]]:
        vacancies = _public_vacancies()
        return _run(
            [
                _counted(_registered().filter(home_country=country), CITIZENS, _main_group("pk")),
                _counted(
                    through.objects.filter(
                        country=country, workerprofile__user__is_active=True
                    ).order_by(),
                    INTERESTED,
                    _main_group("workerprofile_id"),
                ),
                _counted(
                    vacancies.filter(destination=country),
                    VACANCIES,
                    Substr("occupation__code", 1, 1),
                ),
                _counted(
                    vacancies.filter(agency__country=country),
                    LICENSED,
                    Substr("occupation__code", 1, 1),
                ),
                *_group_titles(),
            ]
        )

    rows = _cached(f"country:{country.pk}", compute)
    return _by_column(rows), _group_labels(rows)


def country_table(country: Country) -> Table | None:
    """The country profile's table: None when the country has none of these records."""
    counts, labels = country_counts(country)
    if not any(counts.values()):
        return None
    columns = [CITIZENS, INTERESTED, VACANCIES, LICENSED]
    return _table(
        _("Registered job seekers and open vacancies by ISCO-08 major group: %(country)s")
        % {"country": country.name},
        columns,
        counts,
        labels,
        _group_order(counts),
        set(columns),
    )


def supply_against_shortages(destination: Country, groups: Iterable[str]) -> Table:
    """For the major groups of a destination's shortage occupations: registered job seekers
    interested in the destination against its open vacancies. The cells are those of the
    country table (suppressed on every group of the destination, with its total), so the
    two pages never show different cells of one count."""
    counts, labels = country_counts(destination)
    groups = sorted(set(groups))
    full = _table(
        "",
        [INTERESTED, VACANCIES],
        counts,
        {},
        sorted(set(_group_order(counts)) | set(groups)),
        {INTERESTED, VACANCIES},
    )
    table = Table(
        caption=str(
            _(
                "Occupation groups on the shortage lists of %(country)s: registered job "
                "seekers interested in working there and open vacancies"
            )
            % {"country": destination.name}
        ),
        columns=full.columns,
        minimum=full.minimum,
    )
    table.rows = [
        Row(r.key, labels.get(r.key, r.key), r.cells) for r in full.rows if r.key in groups
    ]
    return table
