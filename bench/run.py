"""Benchmarks on PostgreSQL, against the budgets of DESIGN.md; rewrites bench/RESULTS.md.

Usage: make bench   (or DATABASE_URL=postgres://... .venv/bin/python bench/run.py)

1. Import (bench/import_bench.py): 1,000,000 values through import_data vs a raw COPY, where
   the import's time goes, the floor any importer has (COPY of the stored rows into the
   table, with and without its indexes), peak RSS, and recompute_indicators on that data.
   Skip with BENCH_SKIP_IMPORT=1.
2. Web: in-process (Django test client, no network) latency of API list pages and the
   country profile over many requests, and their SQL query counts, with that data loaded.
3. Load (bench/load.py): gunicorn on loopback under wrk, 64 connections, 60 s mixed run with
   zero errors expected; API list vs bare JSON view requests per second. Skip with
   BENCH_SKIP_LOAD=1.
4. Streaming CSV (bench/csv_bench.py): 100,000 rows through the explorer's download and the
   observations API's CSV, time and RSS growth. Skip with BENCH_SKIP_CSV=1.

The browser and wrk benches of the cached paths (bench/web_bench.py, bench/http_bench.py)
run apart, on a database of the demo data with Redis: `make bench-web`.
"""

import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.defaults import apply_defaults  # noqa: E402 - after the path above

apply_defaults()

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))

# (label, url, p95 budget in ms, query budget) from DESIGN.md "Performance budgets".
CASES = [
    ("API countries, 100-row page", "/api/v1/countries/?limit=100", 50, 5),
    ("API countries, filtered", "/api/v1/countries/?region=africa&limit=100", 50, 5),
    ("API permit categories, 100-row page", "/api/v1/permit-categories/?limit=100", 50, 5),
    ("API occupations (ISCO-08), 100-row page", "/api/v1/occupations/?limit=100", 50, 5),
    ("API economic activities (ISIC Rev.4), 100-row page", "/api/v1/industries/?limit=100", 50, 5),
    ("API observations, 100-row page", "/api/v1/observations/?limit=100", 50, 5),
    (
        "API observations, one indicator, 100-row page",
        "/api/v1/observations/?indicator=UNDESA.MIGSTOCK&limit=100&offset=5000",
        50,
        5,
    ),
    (
        "API observations, indicator and country",
        "/api/v1/observations/?indicator=UNDESA.MIGSTOCK&country=USA&limit=100",
        50,
        5,
    ),
    ("API shortage lists", "/api/v1/shortage-lists/?limit=100", 50, 5),
    ("API matching (MYS)", "/api/v1/matching/?destination=MYS", 50, 12),
    ("API corridor costs, 100-row page", "/api/v1/corridor-costs/?limit=100", 50, 5),
    (
        "API remittance services, one corridor",
        "/api/v1/remittance-services/?sending=GBR&receiving=PAK&limit=100",
        50,
        5,
    ),
    ("API bilateral remittances, 100-row page", "/api/v1/bilateral-remittances/?limit=100", 50, 5),
    (
        "API remittance cost indicators, global",
        "/api/v1/remittance-cost-indicators/?scope=global&limit=100",
        50,
        5,
    ),
    ("Country profile (SEN)", "/countries/SEN/", 80, 12),
    ("Country profile (PHL, with permits)", "/countries/PHL/", 80, 12),
    ("Country profile (CHE, with organisations)", "/countries/CHE/", 80, 12),
    ("Global search, 20,000+ documents", "/search/?q=permit+categories", 50, None),
    ("Global search, one common word", "/search/?q=countries", 50, None),
    (
        "API search, 20,000+ documents, 100 results",
        "/api/v1/search/?q=remittance+costs&limit=100",
        50,
        None,
    ),
    ("Country list page", "/countries/", None, None),
    ("Home page", "/", None, None),
    ("Permit category page", "/legislation/PHL/sample-general-work-permit/", None, None),
    (
        "Indicator explorer (ILOSTAT earnings, 3 countries)",
        "/data/explorer/?indicator=EAR_4MTH_SEX_GEO_CUR_NB_A&country=PHL,MEX,BRA&sex=T",
        None,
        None,
    ),
    ("Matching page (MYS)", "/labour-market/matching/?destination=MYS", None, None),
    ("Remittance corridor page (GBR to PAK)", "/remittances/corridors/GBR/PAK/", None, None),
    (
        "Remittance cost comparator (FRA to SEN)",
        "/remittances/compare/?sending=FRA&receiving=SEN&amount=200",
        None,
        None,
    ),
    ("SDG 10.c dashboard", "/remittances/sdg-10c/", None, None),
]


def _ensure_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("select 1 from pg_database where datname = %s", [name])
        if not cur.fetchone():
            cur.execute(f'create database "{name}"')
    conn.close()


def _psycopg_dsn(url: str) -> str:
    from urllib.parse import urlparse

    parts = urlparse(url)
    return (
        f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} "
        f"user={parts.username or 'postgres'} dbname={parts.path.lstrip('/')}"
    )


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def _bench_imports(url: str) -> tuple[list[str], bool]:
    """The import benchmark (bench/import_bench.py) over every known area, unless skipped."""
    if os.environ.get("BENCH_SKIP_IMPORT") == "1":
        return [], True
    from bench.import_bench import run as run_import_bench
    from imdi_portal.core.models import Country
    from imdi_portal.stats.models import StatisticalArea

    areas = list(Country.objects.values_list("iso3", flat=True)) + list(
        StatisticalArea.objects.values_list("code", flat=True)
    )
    return run_import_bench(_psycopg_dsn(url), areas, {**os.environ})


def _report(rows: list, measured_lines: list[str]) -> list[str]:
    """RESULTS.md: the machine, the import and search lines, then the table of pages."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("show server_version")
        pg_version = cur.fetchone()[0]
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, PostgreSQL {pg_version}",
        "",
        *measured_lines,
        "",
        "## Pages and API",
        "",
        f"Django test client in-process (no network), DJANGO_DEBUG=0, {REQUESTS} requests per "
        "page after 10 warm-up requests; query count of one request.",
        "",
        "| page | URL | p50 ms | p95 ms | p95 budget | queries | query budget | within budget |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, path, p50, p95, p95_budget, queries, query_budget, ok in rows:
        lines.append(
            f"| {label} | `{path}` | {p50:.1f} | {p95:.1f} | {p95_budget or '-'} | {queries} | "
            f"{query_budget or '-'} | {'yes' if ok else '**NO**'} |"
        )
    return lines


def main() -> int:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        print("bench/run.py measures PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    _ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    import_lines, import_ok = _bench_imports(url)
    # DEBUG=0 serves hashed static files, as in production.
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("load_demo", "--no-accounts", verbosity=0)
    search_lines = _bench_search_documents(20_000)
    # Pages are measured on a settled database, as autovacuum leaves it in production some
    # minutes after an import (otherwise its work right after two million-row imports lands
    # in the page timings).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")  # and with the imports' dirty pages written out

    # Pages are timed in a fresh process, like a web worker, not in this one that ran the
    # imports: its grown and fragmented heap made one request in twenty twice as slow.
    measured = subprocess.run(
        [sys.executable, __file__, "--pages"],
        env={**os.environ, "BENCH_SKIP_IMPORT": "1"},
        check=True,
        capture_output=True,
        text=True,
    )
    rows = json.loads(measured.stdout.splitlines()[-1])
    failures = sum(not row[-1] for row in rows)

    lines = _report(rows, import_lines + search_lines)
    csv_ok = True
    if not os.environ.get("BENCH_SKIP_CSV"):
        csv_run = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "csv_bench.py")],
            capture_output=True,
            text=True,
        )
        csv_ok = csv_run.returncode == 0
        lines += ["", *csv_run.stdout.strip().splitlines()]
    load_ok = True
    if not os.environ.get("BENCH_SKIP_LOAD"):
        from bench.load import run as load_run

        load_lines, load_ok = load_run()
        lines += ["", *load_lines]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failures or not import_ok or not load_ok or not csv_ok else 0


# The bench rows draw their words from the README: real prose of the portal's domain.
WORDS = sorted({w for w in re.findall(r"[a-z]{4,}", (ROOT / "README.md").read_text().lower())})


def _bench_search_documents(count: int) -> list[str]:
    """Synthetic index rows (kind "bench") so that search is timed over 20,000 documents
    besides the demo's; titles and bodies draw from the words of README.md."""
    import random

    from imdi_portal.core.models import Country
    from imdi_portal.search.models import SearchDocument
    from imdi_portal.search.services import _fill_vectors

    rng = random.Random(7)
    codes = list(Country.objects.values_list("iso3", flat=True))
    SearchDocument.objects.filter(kind="bench").delete()
    SearchDocument.objects.bulk_create(
        (
            SearchDocument(
                kind="bench",
                key=str(n),
                title=" ".join(rng.sample(WORDS, 5)).capitalize(),
                body=" ".join(rng.choices(WORDS, k=60)),
                url=f"/bench/{n}/",
                countries=f",{rng.choice(codes)},",
                components=f",{rng.choice(['I', 'II', 'III'])},",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    _fill_vectors("bench")
    return [
        f"- Search index: {SearchDocument.objects.count():,} documents "
        f"({count:,} synthetic rows of words from README.md, besides the demo data)"
    ]


def measure_pages() -> list[tuple]:
    """Time every case with the test client; run by main() in a fresh process."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    # As imdi_portal/wsgi.py does in production: start-up objects out of the collector's reach.
    gc.collect()
    gc.freeze()
    rows = []
    for label, path, p95_budget, query_budget in CASES:
        for _ in range(10):  # warm-up
            client.get(path)
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        p50, p95 = statistics.median(timings), _percentile(timings, 95)
        ok = (p95_budget is None or p95 <= p95_budget) and (
            query_budget is None or len(executed) <= query_budget
        )
        rows.append((label, path, p50, p95, p95_budget, len(executed), query_budget, ok))
    return rows


if __name__ == "__main__":
    if sys.argv[1:] == ["--pages"]:
        print(json.dumps(measure_pages()))
        sys.exit(0)
    sys.exit(main())
