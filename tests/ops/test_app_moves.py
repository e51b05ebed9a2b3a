"""Models that moved from the core app to an app of their own keep their rows, their
content type and the permissions groups hold on it (issue 19: state moves, no data moves).

Each case migrates the database back to before the move, writes rows with the historical
models as an existing installation would have them, migrates forward and reads them back
through the new app's model.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from imdi_portal.search.models import SearchDocument


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_search_documents_survive_the_move_to_the_search_app():
    leaves = _leaf_nodes()
    # search/0001 is the move: unapplying it also unapplies imdi_portal/0020.
    executor = _migrate([("search", None)])
    try:
        old_apps = executor.loader.project_state(
            [("imdi_portal", "0019_gateway_activities_directory")]
        ).apps
        OldDocument = old_apps.get_model("imdi_portal", "SearchDocument")
        OldDocument.objects.create(
            kind="country",
            key="PHL",
            title="Philippines",
            title_fr="Philippines (les)",
            body="PHL PH Asia",
            url="/countries/PHL/",
            countries=",PHL,",
        )
        OldDocument.objects.create(
            kind="practice",
            key="pre-departure",
            title="Pre-departure orientation",
            url="/practices/pre-departure/",
            components=",I,",
            is_sample=True,
        )
        # Before the move, the content type and its permissions were the core app's.
        ContentType.objects.filter(app_label="search", model="searchdocument").update(
            app_label="imdi_portal"
        )
        old_type = ContentType.objects.get(app_label="imdi_portal", model="searchdocument")
        permission = Permission.objects.get(content_type=old_type, codename="view_searchdocument")
        group = Group.objects.create(name="Index readers")
        group.permissions.add(permission)
    finally:
        _migrate(leaves)

    ContentType.objects.clear_cache()
    assert SearchDocument.objects.count() == 2
    phl = SearchDocument.objects.get(kind="country", key="PHL")
    assert (phl.title, phl.title_fr, phl.countries) == ("Philippines", "Philippines (les)", ",PHL,")
    assert SearchDocument.objects.get(key="pre-departure").is_sample is True
    moved_type = ContentType.objects.get_for_model(SearchDocument)
    assert (moved_type.pk, moved_type.app_label) == (old_type.pk, "search")
    assert not ContentType.objects.filter(app_label="imdi_portal", model="searchdocument").exists()
    assert group.permissions.filter(pk=permission.pk, content_type=moved_type).exists()
