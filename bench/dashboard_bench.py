"""Reviewer dashboard with 1,000 departments: render time (median of warm runs) and query count.

Run: DEBUG=1 .venv/bin/python bench/dashboard_bench.py [--departments 1000]
Uses a throwaway SQLite database (or DATABASE_URL if BENCH_DATABASE_URL is set), never the dev DB.
"""

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    tmp = tempfile.mkdtemp(prefix="bench-dashboard-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "1")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database caches
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def create_departments(n: int):
    from budgets.models import DepartmentBudget
    from departments.models import Department, Region
    from evaluations.models import Evaluation

    region = Region.objects.get(name="长沙市天心区")
    departments = Department.objects.bulk_create(
        Department(
            full_name=f"长沙市天心区基准测试单位{i:04d}", code=f"7{i:05d}", region=region, unit_nature="administrative"
        )
        for i in range(n)
    )
    Evaluation.objects.bulk_create(Evaluation(department=d, fiscal_year_id=2018) for d in departments)
    DepartmentBudget.objects.bulk_create(
        DepartmentBudget(
            department=d, fiscal_year_id=2018, basic_actual=Decimal("100.00"), project_actual=Decimal("20.50")
        )
        for d in departments
    )
    from django.core.management import call_command

    call_command("rebuild_summaries", stdout=io.StringIO())  # written in bulk, around the services


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    create_departments(args.departments)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.login(username="reviewer", password="tianxin2018")
    client.get("/reports/review/?year=2018")  # warm-up
    times = []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get("/reports/review/?year=2018")
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
    page = response.content.decode()
    rows = page.count("data-status=")
    in_scope = re.search(r"共 (\d+) 个部门", page).group(1)
    print(f"reviewer dashboard: {in_scope} departments in scope, {rows} on the page with scores and findings ({connection.vendor})")
    print(
        f"  median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms over {args.runs} warm runs"
    )
    print(f"  queries per page: {len(queries.captured_queries)}")


if __name__ == "__main__":
    main()
