"""IATI 2.03 activity XML of IMDI's public projects (https://iatistandard.org/).

One <iati-activity> per approved or later project: participating organisations (donors
funding, executing organisations implementing), recipient countries, the approved budget
by year, the commitment of the approved amount, incoming funds (allocations from donors)
and disbursements as transactions, and the results framework. Codes are those of the IATI
codelists (2.03).

Beyond the XSD, the file follows the rules written in the schema's annotations
(projects/data/iati-2.03): the identifier is the reporting organisation's ref, a hyphen and
the project's own reference; recipient countries carry percentages adding up to 100; a
budget period is at most one year; the total is reported as a commitment transaction.
"""

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from imdi_portal.core.models import Organisation
from projects.models import InvolvedCountry, Partner, Proposal, ResultLine

# IATI OrganisationType codes
ORG_TYPE = {
    Organisation.Kind.GOVERNMENT: "10",
    Organisation.Kind.NGO: "22",
    Organisation.Kind.INTERNATIONAL: "40",
    Organisation.Kind.BUSINESS: "70",
    Organisation.Kind.DONOR: "90",
}
# IATI ActivityStatus codes
STATUS = {
    Proposal.State.APPROVED: "1",  # pipeline / identification
    Proposal.State.FUNDED: "1",
    Proposal.State.IMPLEMENTATION: "2",
    Proposal.State.COMPLETED: "3",  # finalisation
    Proposal.State.CLOSED: "4",
}
# IATI ResultType: 1 output, 2 outcome, 3 impact
RESULT_TYPE = {
    ResultLine.Level.OUTPUT: "1",
    ResultLine.Level.OUTCOME: "2",
    ResultLine.Level.OBJECTIVE: "3",
}
# OECD DAC CRS purpose code 15190: "Facilitation of orderly, safe, regular and responsible
# migration and mobility".
DAC_SECTOR_MIGRATION = "15190"
# Defaults of every transaction. IMDI's grants are development finance from its donors to
# projects that benefit countries of origin (aligned with their development strategies,
# under DAC purpose 15190, which is ODA-eligible), given as grants: FlowType 10 "ODA",
# FinanceType 110 "Standard grant", AidType C01 "Project-type interventions". FlowType 10
# holds while the contributions come from official donors (governments, the EU, UN
# agencies); the model does not record whether a donor is official, and money from a private
# donor would need flow-type 30 "Private Development Finance" on its own transactions.
DEFAULT_FLOW_TYPE = "10"
DEFAULT_FINANCE_TYPE = "110"
DEFAULT_AID_TYPE = "C01"
# Countries that benefit from the project, the only ones IATI calls recipients: destination
# and transit countries take part but are not where the project's benefit is meant to go.
RECIPIENT_ROLES = (InvolvedCountry.Role.ORIGIN, InvolvedCountry.Role.BENEFICIARY)
CENT = Decimal("0.01")


def _narrative(
    parent: ET.Element,
    tag: str,
    text: str,
    translations: dict[str, str] | None = None,
    **attrs: str,
) -> ET.Element:
    """An element with its text in the default language (English) and, as IATI allows, one
    more narrative per translation, marked with xml:lang."""
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "narrative").text = text
    for lang, translated in (translations or {}).items():
        ET.SubElement(element, "narrative", {XML_LANG: lang}).text = translated
    return element


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _translations(project: Proposal, field: str) -> dict[str, str]:
    return {lang: text for lang in ("fr", "es") if (text := getattr(project, f"{field}_{lang}"))}


def _org(parent: ET.Element, tag: str, org: Organisation | None, name: str, **attrs) -> None:
    if org is not None and org.kind in ORG_TYPE:
        attrs["type"] = ORG_TYPE[org.kind]
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "narrative").text = str(org) if org is not None else name


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _dates(project: Proposal) -> tuple[date, date | None]:
    """Planned start and end: a project of N months ends the day before N months later."""
    start = project.start_date or (project.state_changed_at or timezone.now()).date()
    if not project.duration_months:
        return start, None
    return start, _add_months(start, project.duration_months) - timedelta(days=1)


def iati_identifier(project: Proposal) -> str:
    """The reporting organisation's ref, a hyphen and the project's reference, without
    doubling the prefix: references are already "IMDI-2026-0001", so with the default ref
    "IMDI" the identifier is the reference itself, and "XM-DAC-…-IMDI-2026-0001" under a
    registered ref."""
    prefix = f"{settings.IATI_REPORTING_ORG_REF}-"
    if project.reference.startswith(prefix):
        return project.reference
    return prefix + project.reference


def activity(project: Proposal) -> ET.Element:
    """One <iati-activity>, its elements in the order the IATI schema requires."""
    start, end = _dates(project)
    element = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
            "default-currency": project.currency,
            XML_LANG: "en",
        },
    )
    _identification(element, project)
    _participants(element, project)
    _status_dates_and_places(element, project, start, end)
    ET.SubElement(element, "default-flow-type", code=DEFAULT_FLOW_TYPE)
    ET.SubElement(element, "default-finance-type", code=DEFAULT_FINANCE_TYPE)
    ET.SubElement(element, "default-aid-type", code=DEFAULT_AID_TYPE, vocabulary="1")
    _budget(element, project, start, end)
    _commitment(element, project)
    _transactions(element, project)
    for result in project.results.all():
        if result.indicator:  # an IATI result needs an indicator
            _result(element, result, start, end)
    return element


def _identification(element: ET.Element, project: Proposal) -> None:
    """Identifier, reporting organisation, title and descriptions (summary, objectives)."""
    ET.SubElement(element, "iati-identifier").text = iati_identifier(project)
    _narrative(
        element,
        "reporting-org",
        settings.IATI_REPORTING_ORG_NAME,
        ref=settings.IATI_REPORTING_ORG_REF,
        type="40",
    )
    _narrative(element, "title", project.title, translations=_translations(project, "title"))
    _narrative(
        element,
        "description",
        project.summary or project.title,
        translations=_translations(project, "summary" if project.summary else "title"),
        type="1",
    )
    objectives = [r.statement for r in project.results.all() if r.level == "objective"]
    if objectives:
        _narrative(element, "description", "\n".join(objectives), type="2")


def _participants(element: ET.Element, project: Proposal) -> None:
    """Donors funding, the submitting organisation accountable, partners implementing (or
    extending, for local partners)."""
    donors = {a.contribution.donor for a in project.allocations.all()}
    for donor in sorted(donors, key=str):
        _org(element, "participating-org", donor, "", role="1")  # funding
    _org(element, "participating-org", project.organisation, "", role="2")  # accountable
    for partner in project.partners.all():
        role = "4" if partner.role != Partner.Role.LOCAL else "3"  # implementing / extending
        _org(element, "participating-org", partner.organisation, partner.name, role=role)


def _status_dates_and_places(
    element: ET.Element, project: Proposal, start: date, end: date | None
) -> None:
    """Activity status, planned start and end, recipient countries and the DAC sector."""
    ET.SubElement(element, "activity-status", code=STATUS.get(project.state, "1"))
    ET.SubElement(element, "activity-date", type="1", **{"iso-date": start.isoformat()})
    if end:
        ET.SubElement(element, "activity-date", type="3", **{"iso-date": end.isoformat()})
    recipients = [c.country for c in project.countries.all() if c.role in RECIPIENT_ROLES]
    for country, share in zip(recipients, _shares(len(recipients)), strict=True):
        ET.SubElement(element, "recipient-country", code=country.iso2, percentage=str(share))
    ET.SubElement(element, "sector", vocabulary="1", code=DAC_SECTOR_MIGRATION)


def _shares(count: int) -> list[Decimal]:
    """Equal percentages adding up to exactly 100 (the first ones take the rounding cents):
    IATI requires percentages when there are several recipients, and IMDI records no share
    per country, so each recipient country is reported with an equal share."""
    if not count:
        return []
    share = (Decimal(100) / count).quantize(CENT, rounding=ROUND_DOWN)
    extra = int((Decimal(100) - share * count) / CENT)
    return [share + CENT if i < extra else share for i in range(count)]


def budget_periods(start: date, end: date) -> list[tuple[date, date]]:
    """Consecutive periods of at most one year from the start (the IATI rule: a budget's
    period-end "must not be greater than one year" after its start), the last one ending
    with the project."""
    periods = []
    while start <= end:
        period_end = min(_add_months(start, 12) - timedelta(days=1), end)
        periods.append((start, period_end))
        start = period_end + timedelta(days=1)
    return periods


def _budget(element: ET.Element, project: Proposal, start: date, end: date | None) -> None:
    """The approved amount as the original, committed budget, one per project year.

    IMDI approves one amount for the whole project and records no yearly plan, so the
    amount is spread over the years pro rata by days, rounded to the cent, the last year
    taking the rounding difference so that the budgets add up to the approved amount."""
    if not project.approved_amount:
        return
    periods = budget_periods(start, end or start)
    total_days = (periods[-1][1] - start).days + 1
    remaining = project.approved_amount
    for index, (period_start, period_end) in enumerate(periods):
        if index == len(periods) - 1:
            amount = remaining
        else:
            days = (period_end - period_start).days + 1
            amount = (project.approved_amount * days / total_days).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
            remaining -= amount
        budget = ET.SubElement(element, "budget", type="1", status="2")
        ET.SubElement(budget, "period-start", **{"iso-date": period_start.isoformat()})
        ET.SubElement(budget, "period-end", **{"iso-date": period_end.isoformat()})
        value = ET.SubElement(
            budget, "value", currency=project.currency, **{"value-date": period_start.isoformat()}
        )
        value.text = str(amount)


def _approved_on(project: Proposal) -> date:
    """The day the TAP approved the project (its move to approved); for a record without
    that move, its last change of state (never a future day, which IATI refuses)."""
    for move in project.transitions.all():
        if move.to_state == Proposal.State.APPROVED:
            return timezone.localdate(move.at)
    return timezone.localdate(project.state_changed_at or project.updated_at)


def _commitment(element: ET.Element, project: Proposal) -> None:
    """The approved amount as IMDI's outgoing commitment (TransactionType 2) on the day of
    approval, to the lead executing organisation: the schema asks that "the total budget
    for an activity should be reported as a commitment in the transaction element"."""
    if not project.approved_amount:
        return
    lead = next(
        (p.organisation for p in project.partners.all() if p.role == Partner.Role.LEAD),
        None,
    )
    _transaction(
        element,
        "2",
        _approved_on(project),
        project.approved_amount,
        project.currency,
        receiver=lead,
    )


def _transactions(element: ET.Element, project: Proposal) -> None:
    """Each allocation as incoming funds from its donor, followed by its disbursements."""
    for allocation in project.allocations.all():
        _transaction(
            element,
            "1",
            allocation.allocated_at.date(),
            allocation.amount,
            allocation.contribution.currency,
            provider=allocation.contribution.donor,
        )
        for payment in allocation.disbursements.all():
            _transaction(
                element,
                "3",
                payment.paid_on,
                payment.amount,
                allocation.contribution.currency,
                receiver=payment.recipient,
            )


def _measure(result: ResultLine) -> str:
    """IndicatorMeasure 1 "Unit" when every value given is a number, 2 "Percentage" when
    every one is a number followed by %, else 5 "Qualitative"."""
    values = [v.strip() for v in (result.baseline, result.target, result.achieved) if v.strip()]
    if values and all(_number(v) is not None for v in values):
        return "1"
    if values and all(v.endswith("%") and _number(v[:-1]) is not None for v in values):
        return "2"
    return "5"


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _value(parent: ET.Element, tag: str, text: str, quantitative: bool, **attrs: str):
    """A baseline, target or actual: the number in @value when the indicator is
    quantitative (the schema: "a numeric value if the measure is quantitative"), the words
    in a comment when it is qualitative."""
    if quantitative:
        return ET.SubElement(
            parent, tag, attrs, value=format(_number(text.strip().rstrip("%")), "f")
        )
    node = ET.SubElement(parent, tag, attrs)
    _narrative(node, "comment", text)
    return node


def _result(element: ET.Element, result: ResultLine, start: date, end: date | None) -> None:
    """A result line with its indicator, baseline, target and what was achieved."""
    node = ET.SubElement(element, "result", type=RESULT_TYPE[result.level])
    _narrative(node, "title", result.statement)
    measure = _measure(result)
    quantitative = measure != "5"
    indicator = ET.SubElement(node, "indicator", measure=measure)
    _narrative(indicator, "title", result.indicator)
    if result.baseline:
        _value(indicator, "baseline", result.baseline, quantitative, year=str(start.year))
    if result.target or result.achieved:
        period = ET.SubElement(indicator, "period")
        ET.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
        ET.SubElement(period, "period-end", **{"iso-date": (end or start).isoformat()})
        if result.target:
            _value(period, "target", result.target, quantitative)
        if result.achieved:
            _value(period, "actual", result.achieved, quantitative)


def _transaction(parent, type_code, when, amount, currency, provider=None, receiver=None):
    node = ET.SubElement(parent, "transaction")
    ET.SubElement(node, "transaction-type", code=type_code)
    ET.SubElement(node, "transaction-date", **{"iso-date": when.isoformat()})
    value = ET.SubElement(node, "value", currency=currency, **{"value-date": when.isoformat()})
    value.text = str(amount)
    if provider is not None:
        _org(node, "provider-org", provider, "")
    if receiver is not None:
        _org(node, "receiver-org", receiver, "")


def activities_xml(projects: Iterable[Proposal]) -> bytes:
    """The whole file (the caller makes sure there is at least one activity: IATI requires
    one)."""
    root = ET.Element(
        "iati-activities",
        {
            "version": "2.03",
            "generated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        },
    )
    for project in projects:
        root.append(activity(project))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
