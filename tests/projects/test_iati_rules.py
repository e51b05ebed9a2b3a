"""The IATI export follows the IATI Standard's rules beyond the XSD: the rule texts of the
2.03 schema's annotations (projects/data/iati-2.03) and the standard's codelists. One test
per rule; each also validates the file against the schema."""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings
from lxml import etree

from imdi_portal.core.models import Organisation
from projects.iati import activities_xml
from projects.models import InvolvedCountry, Partner, Proposal, ResultLine, Transition
from tests.imdi_portal.factories import CountryFactory, OrganisationFactory
from tests.projects.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "projects/data/iati-2.03/iati-activities-schema.xsd"
Role = InvolvedCountry.Role


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def approved_project(roles=(Role.ORIGIN,), **fields) -> Proposal:
    """An approved project starting on 15 March 2027 for 30 months, with one country per
    role given."""
    fields = {
        "state": Proposal.State.APPROVED,
        "approved_amount": Decimal("100000.00"),
        "start_date": date(2027, 3, 15),
        "duration_months": 30,
        **fields,
    }
    project = ProposalFactory(**fields)
    for role in roles:
        InvolvedCountry.objects.create(proposal=project, country=CountryFactory(), role=role)
    return project


def export(project: Proposal, schema) -> etree._Element:
    document = etree.fromstring(activities_xml([Proposal.objects.get(pk=project.pk)]))
    schema.assertValid(document)
    (activity,) = document.findall("iati-activity")
    return activity


def day(element: etree._Element, tag: str) -> date:
    return date.fromisoformat(element.find(tag).get("iso-date"))


def test_several_recipient_countries_have_percentages_adding_up_to_100(schema):
    # "Percentages for all reported countries and regions MUST add up to 100."
    project = approved_project(roles=(Role.ORIGIN, Role.BENEFICIARY, Role.BENEFICIARY))
    recipients = export(project, schema).findall("recipient-country")
    assert len(recipients) == 3
    shares = [Decimal(r.get("percentage")) for r in recipients]
    assert all(0 <= share <= 100 for share in shares)
    assert sum(shares) == 100


def test_only_countries_of_origin_or_benefit_are_recipients(schema):
    # recipient-country: "A country that will benefit from this activity."
    project = approved_project(
        roles=(Role.ORIGIN, Role.DESTINATION, Role.TRANSIT, Role.BENEFICIARY)
    )
    benefit = {
        c.country.iso2 for c in project.countries.filter(role__in=[Role.ORIGIN, Role.BENEFICIARY])
    }
    recipients = export(project, schema).findall("recipient-country")
    assert {r.get("code") for r in recipients} == benefit
    assert [r.get("percentage") for r in recipients] == ["50.00", "50.00"]


def test_budgets_are_split_into_periods_of_at_most_one_year(schema):
    # budget/period-end: "The end of the period (which must not be greater than one year)".
    activity = export(approved_project(), schema)
    budgets = activity.findall("budget")
    periods = [(day(b, "period-start"), day(b, "period-end")) for b in budgets]
    assert periods == [
        (date(2027, 3, 15), date(2028, 3, 14)),
        (date(2028, 3, 15), date(2029, 3, 14)),
        (date(2029, 3, 15), date(2029, 9, 14)),
    ]
    for start, end in periods:
        assert start <= end < start.replace(year=start.year + 1)
    # The periods cover the project from its planned start to its planned end.
    assert periods[0][0] == day(activity, "activity-date[@type='1']")
    assert periods[-1][1] == day(activity, "activity-date[@type='3']")
    # Pro rata by days, and together the approved amount.
    values = [Decimal(b.findtext("value")) for b in budgets]
    # 366 days (2028 is a leap year), 365 and 184 of 915.
    assert values == [Decimal("40000.00"), Decimal("39890.71"), Decimal("20109.29")]
    assert sum(values) == Decimal("100000.00")
    assert [b.find("value").get("value-date") for b in budgets] == [
        start.isoformat() for start, _end in periods
    ]


def test_quantitative_indicators_are_coded_as_such(schema):
    # IndicatorMeasure 1 "Unit", 2 "Percentage", 5 "Qualitative"; baseline, target and
    # actual values: "This should be a numeric value if the measure is quantitative."
    project = approved_project()
    lines = {
        "1": ("Recruiters trained", "0", "200", "35"),
        "2": ("Share of women among recruits", "10%", "40%", ""),
        "5": ("Quality of the code of conduct", "No code", "A code adopted", ""),
    }
    for title, baseline, target, achieved in lines.values():
        ResultLine.objects.create(
            proposal=project,
            level=ResultLine.Level.OUTPUT,
            statement=title,
            indicator=title,
            baseline=baseline,
            target=target,
            achieved=achieved,
        )
    indicators = export(project, schema).findall("result/indicator")
    assert [i.get("measure") for i in indicators] == list(lines)
    unit, percentage, qualitative = indicators
    assert unit.find("baseline").get("value") == "0"
    assert unit.find("period/target").get("value") == "200"
    assert unit.find("period/actual").get("value") == "35"
    assert percentage.find("period/target").get("value") == "40"
    # A qualitative indicator says its values in words, not as a number.
    assert qualitative.find("period/target").get("value") is None
    assert qualitative.findtext("period/target/comment/narrative") == "A code adopted"


def test_the_approved_amount_is_committed_on_the_day_of_approval(schema):
    # budget: "The total budget for an activity should be reported as a commitment in the
    # transaction element." TransactionType 2 "Outgoing Commitment".
    lead = OrganisationFactory(kind=Organisation.Kind.INTERNATIONAL)
    project = approved_project()
    Partner.objects.create(proposal=project, organisation=lead, role=Partner.Role.LEAD)
    move = Transition.objects.create(
        proposal=project, from_state="tap_review", to_state="approved", action="approve"
    )
    approved_at = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    Transition.objects.filter(pk=move.pk).update(at=approved_at)
    commitments = [
        t
        for t in export(project, schema).findall("transaction")
        if t.find("transaction-type").get("code") == "2"
    ]
    assert len(commitments) == 1
    (commitment,) = commitments
    assert day(commitment, "transaction-date") == date(2026, 11, 20)
    assert commitment.findtext("value") == "100000.00"
    assert commitment.find("value").get("currency") == "USD"
    assert commitment.findtext("receiver-org/narrative") == str(lead)


def test_default_flow_finance_and_aid_types_are_given(schema):
    # FlowType 10 ODA, FinanceType 110 Standard grant, AidType C01 Project-type
    # interventions (vocabulary 1, OECD DAC): see the reasons in projects/iati.py.
    activity = export(approved_project(), schema)
    assert activity.find("default-flow-type").get("code") == "10"
    assert activity.find("default-finance-type").get("code") == "110"
    aid = activity.find("default-aid-type")
    assert (aid.get("code"), aid.get("vocabulary")) == ("C01", "1")


@pytest.mark.parametrize(
    ("org_ref", "expected"),
    [("IMDI", "IMDI-2026-0007"), ("XM-DAC-47066", "XM-DAC-47066-IMDI-2026-0007")],
)
def test_the_identifier_is_the_reporting_org_ref_and_the_reference_once(schema, org_ref, expected):
    # iati-identifier: "MUST be prefixed with ... the reporting organisation
    # (reporting-org/@ref) ... and suffixed with the organisation's own activity identifier
    # ... separated by a hyphen".
    project = approved_project(reference="IMDI-2026-0007")
    with override_settings(IATI_REPORTING_ORG_REF=org_ref):
        activity = export(project, schema)
    identifier = activity.findtext("iati-identifier")
    assert identifier == expected
    assert identifier.startswith(activity.find("reporting-org").get("ref") + "-")
    assert "IMDI-IMDI-" not in identifier


def test_a_project_without_a_duration_has_one_budget_of_a_day(schema):
    project = approved_project(duration_months=None)
    (budget,) = export(project, schema).findall("budget")
    assert day(budget, "period-start") == day(budget, "period-end") == date(2027, 3, 15)
    assert budget.findtext("value") == "100000.00"


def test_planned_end_is_the_day_before_the_duration_in_months_is_over(schema):
    project = approved_project(start_date=date(2027, 1, 1), duration_months=18)
    activity = export(project, schema)
    assert day(activity, "activity-date[@type='3']") == date(2028, 6, 30)
