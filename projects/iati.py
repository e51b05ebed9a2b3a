"""IATI 2.03 activity XML of IMDI's public projects (https://iatistandard.org/).

One <iati-activity> per approved or later project: participating organisations (donors
funding, executing organisations implementing), recipient countries, the approved budget,
incoming funds (allocations from donors) and disbursements as transactions, and the results
framework. Codes are those of the IATI codelists (2.03).
"""

from collections.abc import Iterable
from datetime import date, timedelta
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from imdi_portal.core.models import Organisation
from projects.models import Partner, Proposal, ResultLine

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


def _dates(project: Proposal) -> tuple[date, date | None]:
    start = project.start_date or (project.state_changed_at or timezone.now()).date()
    end = start + timedelta(days=30 * project.duration_months) if project.duration_months else None
    return start, end


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
    _budget(element, project, start, end)
    _transactions(element, project)
    for result in project.results.all():
        if result.indicator:  # an IATI result needs an indicator
            _result(element, result, start, end)
    return element


def _identification(element: ET.Element, project: Proposal) -> None:
    """Identifier, reporting organisation, title and descriptions (summary, objectives)."""
    ET.SubElement(
        element, "iati-identifier"
    ).text = f"{settings.IATI_REPORTING_ORG_REF}-{project.reference}"
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
    for involved in project.countries.all():
        ET.SubElement(element, "recipient-country", code=involved.country.iso2)
    ET.SubElement(element, "sector", vocabulary="1", code=DAC_SECTOR_MIGRATION)


def _budget(element: ET.Element, project: Proposal, start: date, end: date | None) -> None:
    """The approved amount as the original budget over the project's duration."""
    if not project.approved_amount:
        return
    budget = ET.SubElement(element, "budget", type="1", status="2")
    ET.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
    ET.SubElement(budget, "period-end", **{"iso-date": (end or start).isoformat()})
    value = ET.SubElement(
        budget, "value", currency=project.currency, **{"value-date": start.isoformat()}
    )
    value.text = str(project.approved_amount)


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


def _result(element: ET.Element, result: ResultLine, start: date, end: date | None) -> None:
    """A result line with its qualitative indicator, baseline, target and what was achieved."""
    node = ET.SubElement(element, "result", type=RESULT_TYPE[result.level])
    _narrative(node, "title", result.statement)
    indicator = ET.SubElement(node, "indicator", measure="5")  # qualitative
    _narrative(indicator, "title", result.indicator)
    if result.baseline:
        ET.SubElement(indicator, "baseline", year=str(start.year), value=result.baseline)
    if result.target or result.achieved:
        period = ET.SubElement(indicator, "period")
        ET.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
        ET.SubElement(period, "period-end", **{"iso-date": (end or start).isoformat()})
        if result.target:
            ET.SubElement(period, "target", value=result.target)
        if result.achieved:
            ET.SubElement(period, "actual", value=result.achieved)


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
