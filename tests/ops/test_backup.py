"""Backup and restore: a pg_dump of the database restores into a fresh database with the same
number of rows in every table; bad requests are refused with a reason."""

import uuid

import pytest
from django.core.management import CommandError, call_command

from imdi_portal.core.backup import backup, restore_check
from imdi_portal.core.exceptions import DomainError
from imdi_portal.gateway.models import Activity
from tests.gateway.factories import ActivityFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_a_backup_restores_with_every_row(tmp_path, capsys):
    for _ in range(3):
        ActivityFactory()
    target = f"imdi_restore_{uuid.uuid4().hex[:8]}"
    call_command("db_backup", str(tmp_path / "b.dump"), "--check", target)
    out = capsys.readouterr().out
    assert "every table's row count equal to the live database" in out
    report = restore_check(tmp_path / "b.dump", target + "_2")
    assert report.ok and report.tables > 50
    # A change after the backup shows as a difference, table by table.
    Activity.objects.all().delete()
    report = restore_check(tmp_path / "b.dump", target + "_3")
    assert report.differences["imdi_portal_activity"] == (0, 3)


def test_restores_never_overwrite_an_existing_database(tmp_path, settings):
    path = backup(tmp_path / "b.dump")
    with pytest.raises(DomainError, match="never over the live one"):
        restore_check(path, settings.DATABASES["default"]["NAME"])
    with pytest.raises(DomainError, match="exists already"):
        restore_check(path, "postgres")
    with pytest.raises(DomainError, match="No backup file"):
        restore_check(tmp_path / "missing.dump", "imdi_restore_missing")


def test_the_command_says_why_it_failed(tmp_path):
    with pytest.raises(CommandError, match="exists already"):
        call_command("db_backup", str(tmp_path / "b.dump"), "--check", "postgres")
