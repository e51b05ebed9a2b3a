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


@pytest.mark.django_db(transaction=True)
def test_the_statistical_store_survives_the_move_to_the_stats_app():
    from imdi_portal.core.models import Country
    from imdi_portal.stats.models import ImportJob, Indicator, Observation, ObservationRevision

    leaves = _leaf_nodes()
    # stats/0001 is the move: unapplying it also unapplies imdi_portal/0022 and remittances/0002.
    executor = _migrate([("stats", None)])
    try:
        old_apps = executor.loader.project_state(
            [("imdi_portal", "0020_searchdocument_moved_to_search")]
        ).apps
        OldJob = old_apps.get_model("imdi_portal", "ImportJob")
        OldIndicator = old_apps.get_model("imdi_portal", "Indicator")
        OldObservation = old_apps.get_model("imdi_portal", "Observation")
        OldRevision = old_apps.get_model("imdi_portal", "ObservationRevision")
        OldCountry = old_apps.get_model("imdi_portal", "Country")
        # A transactional test starts from an empty database: the two countries of the example.
        phl, _ = OldCountry.objects.get_or_create(
            iso3="PHL", defaults={"iso2": "PH", "m49": "608", "name_en": "Philippines"}
        )
        usa, _ = OldCountry.objects.get_or_create(
            iso3="USA", defaults={"iso2": "US", "m49": "840", "name_en": "United States"}
        )
        job = OldJob.objects.create(
            source="undesa-stock", original_name="undesa_pd_2020.xlsx", sha256="a" * 64, created=1
        )
        indicator = OldIndicator.objects.create(
            code="SM.POP.TOTL.ORIG", name_en="International migrant stock", source="UN DESA"
        )
        observation = OldObservation.objects.create(
            indicator=indicator,
            country=usa,
            area_code="USA",
            counterpart=phl,
            counterpart_code="PHL",
            period="2020",
            year=2020,
            value=2_076_253.0,
            source="UN DESA",
            import_job=job,
        )
        OldRevision.objects.create(
            observation=observation,
            value=2_000_000.0,
            replaced_by_job=job,
            replaced_at=job.created_at,
        )
        # Before the move, the content types and their permissions were the core app's.
        for model in ("importjob", "indicator", "observation"):
            ContentType.objects.filter(app_label="stats", model=model).update(
                app_label="imdi_portal"
            )
        job_type = ContentType.objects.get(app_label="imdi_portal", model="importjob")
        run_import = Permission.objects.get(content_type=job_type, codename="run_import")
        group = Group.objects.create(name="Importers")
        group.permissions.add(run_import)
    finally:
        _migrate(leaves)

    ContentType.objects.clear_cache()
    moved = Observation.objects.get(indicator__code="SM.POP.TOTL.ORIG")
    assert (moved.area_code, moved.counterpart_code, moved.value) == ("USA", "PHL", 2_076_253.0)
    assert moved.country == Country.objects.get(iso3="USA")
    assert moved.import_job.original_name == "undesa_pd_2020.xlsx"
    assert ObservationRevision.objects.get(observation=moved).value == 2_000_000.0
    assert Indicator.objects.get(code="SM.POP.TOTL.ORIG").source == "UN DESA"
    moved_type = ContentType.objects.get_for_model(ImportJob)
    assert (moved_type.pk, moved_type.app_label) == (job_type.pk, "stats")
    assert not ContentType.objects.filter(app_label="imdi_portal", model="importjob").exists()
    assert group.permissions.filter(pk=run_import.pk, content_type=moved_type).exists()


def test_old_admin_addresses_of_moved_models_redirect_to_their_new_app(client):
    response = client.get("/admin/imdi_portal/importjob/12/change/?_changelist_filters=x")
    assert response.status_code == 301
    assert response["Location"] == "/admin/stats/importjob/12/change/?_changelist_filters=x"
    # The core's own models keep their addresses.
    assert client.get("/admin/imdi_portal/country/").status_code == 302  # to the login page


@pytest.mark.django_db(transaction=True)
def test_the_gateway_and_directory_survive_the_move_to_the_gateway_app():
    from imdi_portal.gateway.models import Contact, GCMObjective, GoodPractice

    leaves = _leaf_nodes()
    # gateway/0001 is the move; imdi_portal/0023 (state only) stays applied.
    executor = _migrate([("gateway", None)])
    try:
        old_apps = executor.loader.project_state(
            [("imdi_portal", "0022_statistical_store_moved_to_stats")]
        ).apps
        OldCountry = old_apps.get_model("imdi_portal", "Country")
        OldOrganisation = old_apps.get_model("imdi_portal", "Organisation")
        OldObjective = old_apps.get_model("imdi_portal", "GCMObjective")
        OldPractice = old_apps.get_model("imdi_portal", "GoodPractice")
        OldContact = old_apps.get_model("imdi_portal", "Contact")
        OldHistory = old_apps.get_model("imdi_portal", "HistoricalContact")
        phl, _ = OldCountry.objects.get_or_create(
            iso3="PHL", defaults={"iso2": "PH", "m49": "608", "name_en": "Philippines"}
        )
        ilo, _ = OldOrganisation.objects.get_or_create(
            slug="ilo", defaults={"name": "ILO", "kind": "international"}
        )
        objective, _ = OldObjective.objects.get_or_create(
            number=6, defaults={"title": "Facilitate fair and ethical recruitment"}
        )
        practice = OldPractice.objects.create(
            slug="pre-departure",
            organisation=ilo,
            title_en="Pre-departure orientation",
            summary_en="Briefings before departure.",
            what_was_done="Seminars",
            results="Fewer disputes",
            lessons="Start early",
        )
        practice.countries.add(phl)
        practice.objectives.add(objective)
        contact = OldContact.objects.create(
            kind="focal_point",
            country=phl,
            organisation=ilo,
            function_en="National focal point",
            office_email="imdi@example.org",
        )
        OldHistory.objects.create(
            id=contact.pk,
            kind="focal_point",
            function_en="National focal point",
            office_email="old@example.org",
            updated_at=contact.updated_at,
            history_date=contact.updated_at,
            history_type="+",
        )
        # Before the move, the content types and their permissions were the core app's.
        for model in ("goodpractice", "contact", "historicalcontact"):
            ContentType.objects.filter(app_label="gateway", model=model).update(
                app_label="imdi_portal"
            )
        practice_type = ContentType.objects.get(app_label="imdi_portal", model="goodpractice")
        change = Permission.objects.get(content_type=practice_type, codename="change_goodpractice")
        group = Group.objects.create(name="Moderators")
        group.permissions.add(change)
    finally:
        _migrate(leaves)

    ContentType.objects.clear_cache()
    moved = GoodPractice.objects.get(slug="pre-departure")
    assert (moved.title_en, moved.organisation.slug) == ("Pre-departure orientation", "ilo")
    assert [c.iso3 for c in moved.countries.all()] == ["PHL"]
    assert list(moved.objectives.all()) == [GCMObjective.objects.get(number=6)]
    kept = Contact.objects.get(office_email="imdi@example.org")
    assert kept.country.iso3 == "PHL"
    assert [h.office_email for h in kept.history.all()] == ["old@example.org"]
    moved_type = ContentType.objects.get_for_model(GoodPractice)
    assert (moved_type.pk, moved_type.app_label) == (practice_type.pk, "gateway")
    assert group.permissions.filter(pk=change.pk, content_type=moved_type).exists()


@pytest.mark.django_db(transaction=True)
def test_notifications_survive_the_move_to_the_core_with_their_proposal():
    from imdi_portal.core.models import Notification
    from projects.models import Proposal
    from tests.projects.factories import ProposalFactory

    proposal = ProposalFactory()  # the proposals table is not touched by the move
    leaves = _leaf_nodes()
    # projects/0003 makes notices generic: unapplying it also unapplies projects/0004-0005 and
    # imdi_portal/0024 (the move).
    before = ("projects", "0002_content_translations")
    executor = _migrate([before])
    try:
        old_apps = executor.loader.project_state([before]).apps
        OldNotification = old_apps.get_model("projects", "Notification")
        about = OldNotification.objects.create(
            user_id=proposal.created_by_id,
            proposal_id=proposal.pk,
            subject="IMDI-1: Submitted",
            body="“Fair recruitment” is now: Submitted.",
            url=f"/projects/{proposal.pk}/",
        )
        OldNotification.objects.create(
            user_id=proposal.created_by_id, subject="Organisation approved", body="Welcome"
        )
        # Before the move, the content type and its permissions were the projects app's.
        ContentType.objects.filter(app_label="imdi_portal", model="notification").update(
            app_label="projects"
        )
        old_type = ContentType.objects.get(app_label="projects", model="notification")
        permission = Permission.objects.get(content_type=old_type, codename="view_notification")
        group = Group.objects.create(name="Notice readers")
        group.permissions.add(permission)
    finally:
        _migrate(leaves)

    ContentType.objects.clear_cache()
    assert Notification.objects.count() == 2
    moved = Notification.objects.get(pk=about.pk)
    assert (moved.subject, moved.url, moved.user_id) == (
        "IMDI-1: Submitted",
        f"/projects/{proposal.pk}/",
        proposal.created_by_id,
    )
    assert moved.subject_type == ContentType.objects.get_for_model(Proposal)
    assert moved.about == proposal
    assert list(Notification.objects.filter(proposal=proposal)) == [moved]
    assert list(Notification.objects.about(proposal)) == [moved]
    other = Notification.objects.get(subject="Organisation approved")
    assert (other.subject_type, other.subject_id, other.about) == (None, None, None)
    moved_type = ContentType.objects.get_for_model(Notification)
    assert (moved_type.pk, moved_type.app_label) == (old_type.pk, "imdi_portal")
    assert not ContentType.objects.filter(app_label="projects", model="notification").exists()
    assert group.permissions.filter(pk=permission.pk, content_type=moved_type).exists()
    proposal.delete()  # the notices about a proposal go with it, as with the old foreign key
    assert not Notification.objects.filter(pk=moved.pk).exists()
