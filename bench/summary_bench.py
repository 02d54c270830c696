"""Province scale: the reviewer dashboard and the district summary workbook over stored summaries.

Generates N departments with one report each (``tests/analysis/generate.py``: varied statuses,
scores, findings), rebuilds every stored summary (``rebuild_summaries``), then measures:

- the reviewer dashboard page (status counts, the 未提交 list, 50 rows with completeness, score,
  grade and findings, the two analysis charts) for four filters: time (median of warm runs) and
  query count;
- the district summary workbook for all N rows (openpyxl write-only, written row by row into a
  file): time and the peak RSS of a fresh process that does only that (Django loaded, ~80 MB).

Run: DEBUG=1 .venv/bin/python bench/summary_bench.py [--departments 15000] [--runs 5] [--keep | --reuse]
Needs the local PostgreSQL server (a throwaway database `jxpj_summary_bench` is created and dropped).
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "jxpj_summary_bench"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def admin(sql: str):
    import psycopg2

    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def django_setup():
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("DEBUG", "1")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def excel_only():
    """Child process: write the district summary for the benchmark reviewer, print time and peak RSS."""
    django_setup()
    from django.contrib.auth import get_user_model

    from reports.excel.summary import summary_workbook_file

    reviewer = get_user_model().objects.get(username="reviewer")
    before = peak_rss_mb()
    start = time.perf_counter()
    handle = summary_workbook_file(user=reviewer, year=2018)
    seconds = time.perf_counter() - start
    size = handle.seek(0, 2)
    handle.close()
    print(f"{seconds:.2f} {size} {before:.0f} {peak_rss_mb():.0f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=15000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="measure the database a --keep run left")
    parser.add_argument("--excel-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.excel_only:
        return excel_only()

    if not args.reuse:
        admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin(f"CREATE DATABASE {DB_NAME}")
    django_setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    try:
        from departments.models import Department, Region
        from evaluations.models import ReportSummary
        from tests.analysis.generate import generate_departments

        if args.reuse:
            args.departments = Department.objects.count() - 2
            print(f"summary benchmark ({connection.vendor}): {args.departments} departments of a --keep run")
        else:
            call_command("migrate", verbosity=0)
            call_command("createcachetable", verbosity=0)
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
            region = Region.objects.get(name="长沙市天心区")
            start = time.perf_counter()
            generate_departments(args.departments, region=region)
            print(f"summary benchmark ({connection.vendor}): {args.departments} generated departments in "
                  f"{time.perf_counter() - start:.0f} s")
            start = time.perf_counter()
            call_command("rebuild_summaries", stdout=io.StringIO())
            print(f"  rebuild_summaries: {ReportSummary.objects.count()} summaries in {time.perf_counter() - start:.1f} s")
            # What autovacuum does within a minute of a bulk load; without statistics the planner
            # takes 15,000-row tables for empty ones and nests loops (a filtered page took 9 s).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        client = Client()
        assert client.login(username="reviewer", password="tianxin2018")
        for status in ("", "not_submitted", "submitted", "approved"):
            url = f"/reports/review/?year=2018&status={status}&page=2"
            client.get(url)  # warm-up
            times = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - started)
                assert response.status_code == 200
            page = response.content.decode()
            print(
                f"  dashboard status={status or 'all'}: median {statistics.median(times) * 1000:.0f} ms, "
                f"min {min(times) * 1000:.0f} ms over {args.runs} warm runs; {len(queries.captured_queries)} queries; "
                f"{page.count('data-status=')} rows, {len(response.content) / 1024:.0f} KB"
            )

        out = subprocess.run(
            [sys.executable, __file__, "--excel-only"], capture_output=True, text=True, check=True, env=os.environ
        ).stdout.split()
        seconds, size, before, peak = out[-4:]
        print(
            f"  district summary workbook ({args.departments + 2} rows, write-only, into a file): {seconds} s, "
            f"{int(size) / 2**20:.1f} MB; process peak RSS {peak} MB ({before} MB after Django start-up)"
        )
    finally:
        connection.close()
        if not args.keep:
            admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
