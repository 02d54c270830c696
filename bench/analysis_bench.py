"""The finance bureau's district analysis for 1,000 and 15,000 generated departments, on PostgreSQL.

For each size: the figures alone (``district_analysis``: bulk reads, checks and 评分表 of every 已报
report), the whole document context with its six charts, the PDF and the workbook — time (median of
warm runs for the figures, one run for the rest), query count, Python peak allocation of the figures
(tracemalloc, a separate run) and the process's peak RSS.

Run: DEBUG=1 .venv/bin/python bench/analysis_bench.py [--sizes 1000 15000] [--runs 3]
Needs the local PostgreSQL server (a throwaway database `jxpj_analysis_bench` is created and dropped).
Each size gets its own region, so the generated departments of one size do not count in the other.
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "jxpj_analysis_bench"


def admin(sql: str):
    import psycopg2

    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql)
    conn.close()


def setup_django():
    admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin(f"CREATE DATABASE {DB_NAME}")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database caches
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def bench_size(size: int, runs: int, offset: int):
    from django.db import connection, reset_queries
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from departments.models import Region
    from evaluations.analysis.selectors import district_analysis
    from reports.analysis import analysis_context
    from reports.excel.analysis import build_analysis_workbook
    from reports.excel.report_workbook import workbook_bytes
    from reports.rendering import html_to_pdf
    from tests.analysis.generate import generate_departments

    region = Region.objects.create(name=f"基准测试区{size}", short_name="测试区")
    _, seconds = timed(lambda: generate_departments(size, region=region, start=offset))
    print(f"\n{size} departments (generated in {seconds:.0f} s)")

    district_analysis(region=region, year=2018)  # warm-up
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            analysis, seconds = timed(lambda: district_analysis(region=region, year=2018))
        times.append(seconds)
    print(
        f"  figures (district_analysis): median {statistics.median(times):.2f} s over {runs} warm runs, "
        f"{len(queries.captured_queries)} queries; {analysis.submitted} 已报, {analysis.scored} scored, "
        f"{len(analysis.rules)} rules with findings"
    )
    tracemalloc.start()
    district_analysis(region=region, year=2018)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  figures: Python peak allocation {peak / 2**20:.0f} MB (tracemalloc)")
    reset_queries()

    context, seconds = timed(lambda: analysis_context(region=region, year=2018))
    print(f"  document context with 6 charts: {seconds:.2f} s")
    html, seconds = timed(lambda: render_to_string("reports/analysis.html", context | {"preview": False}))
    print(f"  HTML: {seconds:.2f} s, {len(html) / 1024:.0f} KB")
    pdf, seconds = timed(lambda: html_to_pdf(html))
    print(f"  PDF: {seconds:.2f} s, {len(pdf) / 1024:.0f} KB")
    xlsx, seconds = timed(lambda: workbook_bytes(build_analysis_workbook(context)))
    print(f"  workbook: {seconds:.2f} s, {len(xlsx) / 1024:.0f} KB")
    print(f"  process peak RSS so far: {peak_rss_mb():.0f} MB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 15000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    print(
        f"district analysis benchmark ({connection.vendor}, {connection.pg_version if connection.vendor == 'postgresql' else ''})"
    )
    try:
        offset = 0
        for size in args.sizes:
            bench_size(size, args.runs, offset)
            offset += size
    finally:
        connection.close()
        admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
