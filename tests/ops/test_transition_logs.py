"""The workflow logs take the field names of the core's TransitionLog (issue 19, point 3)
without losing a row: the label history's from_status/to_status are renamed, and the label
and legislation logs gain the action, read from the states each existing row records.

Each case migrates back to before the change, writes rows with the historical models as an
existing installation has them, migrates forward and reads them through today's models.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certification.models import LabelStatusChange
from legislation.models import StateChange
from tests.certification.factories import Certification
from tests.legislation.factories import PermitCategoryFactory

BEFORE = [
    ("certification", "0003_content_translations"),
    ("legislation", "0002_country_regime"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_label_history_keeps_its_rows_under_the_new_names_with_their_action(reference_data):
    c = Certification()
    label = c.to("accepted").label  # writes the row of its issue
    leaves = _leaf_nodes()
    executor = _migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        OldChange = old_apps.get_model("certification", "LabelStatusChange")
        assert [(r.from_status, r.to_status) for r in OldChange.objects.all()] == [("", "active")]
        for old, new, reason in [
            ("active", "suspended", "Complaint upheld"),
            ("suspended", "active", "Corrected"),
            ("active", "withdrawn", "Fraud"),
            ("active", "expired", "Expired on 2029-12-01."),
        ]:
            OldChange.objects.create(
                label_id=label.pk, from_status=old, to_status=new, reason=reason, by_id=c.officer.pk
            )
        written = list(
            OldChange.objects.order_by("id").values_list("id", "from_status", "to_status", "at")
        )
    finally:
        _migrate(leaves)

    rows = list(
        LabelStatusChange.objects.order_by("id").values_list(
            "id", "from_state", "to_state", "at", "action", "reason", "by"
        )
    )
    assert [row[:4] for row in rows] == written
    assert [(row[4], row[5]) for row in rows] == [
        ("issue", "Label issued."),
        ("suspend", "Complaint upheld"),
        ("reinstate", "Corrected"),
        ("withdraw", "Fraud"),
        ("expire", "Expired on 2029-12-01."),
    ]
    assert {row[6] for row in rows[1:]} == {c.officer.pk}
    # The application's log only gained verbose names: its rows are as they were.
    assert [t.action for t in c.application.transitions.all()] == [
        "submit",
        "assign_auditor",
        "complete_audit",
        "accept",
    ]


@pytest.mark.django_db(transaction=True)
def test_editorial_log_keeps_its_rows_and_gains_the_action(reference_data):
    category = PermitCategoryFactory()
    leaves = _leaf_nodes()
    executor = _migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        OldChange = old_apps.get_model("legislation", "StateChange")
        for old, new, reason in [
            ("", "draft", ""),
            ("", "draft", "revision of published category #3"),
            ("", "draft", "imported from permits.json"),
            ("draft", "submitted", ""),
            ("submitted", "returned", "Add the fees"),
            ("returned", "submitted", ""),
            ("submitted", "published", "checked"),
        ]:
            OldChange.objects.create(
                category_id=category.pk, from_state=old, to_state=new, reason=reason
            )
        written = list(
            OldChange.objects.order_by("id").values_list("id", "from_state", "to_state", "reason")
        )
    finally:
        _migrate(leaves)

    rows = list(
        StateChange.objects.order_by("id").values_list(
            "id", "from_state", "to_state", "reason", "action"
        )
    )
    assert [row[:4] for row in rows] == written
    assert [row[4] for row in rows] == [
        "create",
        "revise",
        "import",
        "submit",
        "return",
        "submit",
        "publish",
    ]
