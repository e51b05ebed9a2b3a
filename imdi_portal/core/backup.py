"""PostgreSQL backup and a restore check: `pg_dump` in its custom format, then a restore
into a fresh database whose row counts are compared, table by table, with the live one.
A backup is only known to be good once it has been restored."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connection
from psycopg2 import sql

from imdi_portal.core.exceptions import DomainError


@dataclass
class RestoreReport:
    database: str
    tables: int
    rows: int
    differences: dict[str, tuple[int, int]]  # table -> (live, restored)

    @property
    def ok(self) -> bool:
        return not self.differences


def _db() -> dict:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise DomainError("Backups are made of PostgreSQL databases (DATABASE_URL=postgres://…).")
    return db


def _env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or ""),
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": str(db.get("USER") or ""),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(args: list[str], db: dict) -> None:
    result = subprocess.run(args, env=_env(db), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DomainError(f"{args[0]} failed: {result.stderr.strip()[:2000]}")


def backup(path: Path) -> Path:
    """The whole database in pg_dump's compressed custom format (restorable table by table)."""
    db = _db()
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}", db["NAME"]], db)
    return path


def _counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _admin_connection(db: dict):
    conn = psycopg2.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
    )
    conn.autocommit = True
    return conn


def restore_check(path: Path, database: str, keep: bool = False) -> RestoreReport:
    """Restore `path` into a new database `database` and compare every table's row count
    with the live database. The new database is dropped afterwards unless `keep`."""
    db = _db()
    if database == db["NAME"]:
        raise DomainError("Restore into a new database, never over the live one.")
    if not Path(path).is_file():
        raise DomainError(f"No backup file at {path}.")
    admin = _admin_connection(db)
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cur.fetchone():
                raise DomainError(f"The database {database} exists already; name a new one.")
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        try:
            _run(
                ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={database}", str(path)],
                db,
            )
            restored_conn = psycopg2.connect(
                host=db.get("HOST") or None,
                port=db.get("PORT") or None,
                user=db.get("USER") or None,
                password=db.get("PASSWORD") or None,
                dbname=database,
            )
            try:
                with restored_conn.cursor() as cur:
                    restored = _counts(cur)
            finally:
                restored_conn.close()
            with connection.cursor() as cur:
                live = _counts(cur)
            differences = {
                table: (live.get(table, -1), restored.get(table, -1))
                for table in sorted(set(live) | set(restored))
                if live.get(table) != restored.get(table)
            }
            return RestoreReport(database, len(restored), sum(restored.values()), differences)
        finally:
            if not keep:
                with admin.cursor() as cur:
                    cur.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(database)
                        )
                    )
    finally:
        admin.close()
