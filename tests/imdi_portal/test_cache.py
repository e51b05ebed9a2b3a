"""Results cached on the statistics' version: fresh after every change, never required."""

from pathlib import Path
from unittest import mock

import pytest

from imdi_portal.core.cache import cached_on_data, statistics_changed
from imdi_portal.stats.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db


def test_a_result_is_kept_until_the_statistics_change():
    assert cached_on_data("answer", lambda: 1) == 1
    assert cached_on_data("answer", lambda: 2) == 1
    statistics_changed()
    assert cached_on_data("answer", lambda: 3) == 3
    # "Nothing to show" is a result too.
    assert cached_on_data("nothing", lambda: None) is None
    assert cached_on_data("nothing", lambda: 4) is None


def test_a_failing_cache_is_a_miss():
    with mock.patch("imdi_portal.core.cache.cache.get", side_effect=ConnectionError("redis down")):
        assert cached_on_data("answer", lambda: 7) == 7


def matrix(tmp_path: Path, value: str) -> Path:
    path = tmp_path / f"matrix-{value}.csv"
    path.write_text(
        "Bilateral Remittance Estimates for 2017 (April 2018 Version)\n"
        "receiving (across) / sending (down),Senegal\n"
        f"France,{value}\n",
        encoding="utf-8",
    )
    return path


def test_the_profile_shows_a_new_import_at_once(client, tmp_path):
    # France and Senegal are reference data, loaded by the migrations.
    for value in ("123.0", "456.0"):
        job = import_job_run(
            # The second file revises the published value: an accepted revision.
            job_id=import_job_create(
                source="knomad", path=matrix(tmp_path, value), accept_revisions=True
            ).pk
        )
        assert (job.status, job.created + job.updated) == ("succeeded", 1), job.error
        html = client.get("/countries/SEN/").content.decode()
        assert f"US$ {value[:3]}.0 million" in html


def test_every_scope_an_app_caches_under_is_registered_and_read_by_the_profile():
    from imdi_portal.core.cache import register_scope, scopes, version_annotations

    assert {"statistics", "projects", "certification", "gateway"} <= set(scopes())
    assert {f"_version_{scope}" for scope in scopes()} <= set(version_annotations())
    assert register_scope("projects") == "projects"
    assert scopes().count("projects") == 1


def test_invalidating_an_unregistered_scope_fails_at_start_up_not_silently():
    from django.core.exceptions import ImproperlyConfigured

    from imdi_portal.core.cache import invalidate_on_save
    from imdi_portal.core.models import Region

    with pytest.raises(ImproperlyConfigured, match="not registered"):
        invalidate_on_save("no-such-scope", [Region])
