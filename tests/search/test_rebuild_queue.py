"""One import, one rebuild (#21, defect 7): saves inside one transaction queue a single
search-index task after the commit, nothing for a rollback, and a rebuild run twice (or by
two workers at once) leaves the same rows instead of failing on search_document_once."""

import threading
from unittest import mock

import pytest
from django.db import connection, connections, transaction

from imdi_portal.core.models import Country
from imdi_portal.search.models import SearchDocument
from imdi_portal.search.services import search_index_rebuild
from imdi_portal.search.tasks import rebuild_search_index_task
from tests.imdi_portal.factories import CountryFactory
from tests.stats.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    with mock.patch.object(rebuild_search_index_task, "delay") as delay:
        yield delay


def test_twenty_indicators_in_one_transaction_queue_one_rebuild(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(20):
            IndicatorFactory(code=f"TEST.QUEUE.{number}", name_en=f"Test indicator {number}")
    sent.assert_called_once_with(["indicator"])


def test_kinds_changed_together_go_in_one_task(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        IndicatorFactory(code="TEST.QUEUE.A")
        CountryFactory(name_en="Test Country")
        IndicatorFactory(code="TEST.QUEUE.B")
    assert sent.call_count == 1
    kinds = sent.call_args.args[0]
    assert set(kinds) >= {"indicator", "country"}
    assert len(kinds) == len(set(kinds))


def test_nothing_is_queued_for_a_rolled_back_savepoint(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                IndicatorFactory(code="TEST.QUEUE.GONE")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    sent.assert_not_called()


def test_a_change_after_a_rolled_back_savepoint_is_still_queued(
    sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                IndicatorFactory(code="TEST.QUEUE.GONE")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        IndicatorFactory(code="TEST.QUEUE.KEPT")
    sent.assert_called_once_with(["indicator"])


def test_an_import_creating_indicators_queues_one_rebuild(
    sent, django_capture_on_commit_callbacks, tmp_path
):
    from imdi_portal.stats.models import Indicator
    from imdi_portal.stats.services import import_job_create, import_job_run

    iso3 = Country.objects.values_list("iso3", flat=True).first() or CountryFactory().iso3
    path = tmp_path / "ilostat_test_values.csv"
    codes = [f"TEST_{n}_NB_A" for n in range(5)]
    path.write_text(
        "ref_area,indicator,sex,time,obs_value\n"
        + "".join(f"{iso3},{code},SEX_T,2020,1.5\n" for code in codes),
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_run(job_id=import_job_create(source="ilostat", path=path).pk)
    assert job.status == "succeeded", job.error
    assert Indicator.objects.filter(code__in=codes).count() == 5
    assert sent.call_count == 1


def test_rebuilding_twice_in_a_row_leaves_the_same_rows():
    IndicatorFactory(code="TEST.REBUILD", name_en="Test rebuild indicator")
    search_index_rebuild(["indicator"])
    first = list(SearchDocument.objects.filter(kind="indicator").values_list("key", "title"))
    search_index_rebuild(["indicator", "indicator"])
    second = list(SearchDocument.objects.filter(kind="indicator").values_list("key", "title"))
    assert first and sorted(first) == sorted(second)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_rebuilds_of_one_kind_do_not_fail():
    for number in range(30):
        IndicatorFactory(code=f"TEST.RACE.{number}", name_en=f"Test race {number}")
    barrier = threading.Barrier(2)
    errors = []

    def rebuild() -> None:
        try:
            barrier.wait()
            search_index_rebuild(["indicator", "country"])
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=rebuild) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    keys = list(SearchDocument.objects.filter(kind="indicator").values_list("key", flat=True))
    assert len(keys) == len(set(keys)) >= 30
    assert connection.vendor == "postgresql"
