"""Zip of all PDFs from stored files against re-rendering them (issue 16: zip of 1,000 stored PDFs).

Run: DEBUG=1 .venv/bin/python bench/zip_bench.py [--reports 1000] [--sample 10]

Generates ``--reports`` departments with a submitted report each, renders ``--sample`` of them
(rendering all 1,000 takes about ten minutes here: the re-render time is the sample's mean × the
number of reports, and the sample size is printed), stores a PDF for every report in the
``reports`` storage under its content fingerprint (the sample's PDFs, cycled), then downloads the
dashboard's zip through the real view: time, bytes, and the peak memory (RSS) of the process while
the zip streams. Uses a throwaway SQLite database and storage directory (BENCH_DATABASE_URL for
PostgreSQL), never the development ones.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    tmp = tempfile.mkdtemp(prefix="bench-zip-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["REPORTS_STORAGE_DIR"] = f"{tmp}/reports"
    os.environ.setdefault("DEBUG", "1")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return tmp


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def reset_peak() -> None:
    """Reset VmHWM to the current RSS (Linux: 5 → /proc/self/clear_refs)."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def create_reports(n: int):
    from budgets.models import DepartmentBudget
    from departments.models import Department, Region
    from evaluations.models import Evaluation, EvaluationStatus

    region = Region.objects.get(name="长沙市天心区")
    departments = Department.objects.bulk_create(
        Department(
            full_name=f"长沙市天心区基准测试单位{i:04d}", code=f"7{i:05d}", region=region, unit_nature="administrative"
        )
        for i in range(n)
    )
    Evaluation.objects.bulk_create(
        Evaluation(department=d, fiscal_year_id=2018, status=EvaluationStatus.SUBMITTED) for d in departments
    )
    DepartmentBudget.objects.bulk_create(
        DepartmentBudget(
            department=d, fiscal_year_id=2018, basic_actual=Decimal("100.00"), project_actual=Decimal("20.50")
        )
        for d in departments
    )
    return list(Evaluation.objects.filter(department__in=departments).order_by("department__code"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    evaluations = create_reports(args.reports)

    from django.test import Client

    from evaluations.selectors import evaluation_queryset
    from reports import stored
    from reports.rendering import render_report_pdf
    from reports.review import report_fingerprint

    render_report_pdf(evaluation=evaluation_queryset().get(pk=evaluations[-1].pk))  # helper process warm
    sample, times = [], []
    for evaluation in evaluations[: args.sample]:
        evaluation = evaluation_queryset().get(pk=evaluation.pk)
        start = time.perf_counter()
        sample.append(render_report_pdf(evaluation=evaluation, cache=False))
        times.append(time.perf_counter() - start)
    per_report = statistics.mean(times)

    start = time.perf_counter()
    for index, evaluation in enumerate(evaluations):
        stored.store(stored.submitted_pdf_name(evaluation, report_fingerprint(evaluation)), sample[index % len(sample)])
    store_seconds = time.perf_counter() - start

    client = Client()
    client.login(username="reviewer", password="tianxin2018")
    before = rss_mb()
    reset_peak()
    start = time.perf_counter()
    response = client.get("/reports/review/pdfs.zip?year=2018&status=submitted")
    size, chunks, first = 0, 0, None
    spool = tempfile.TemporaryFile()
    for chunk in response.streaming_content:
        if first is None and chunk:
            first = time.perf_counter() - start
        size += len(chunk)
        chunks += 1
        spool.write(chunk)
    seconds = time.perf_counter() - start
    peak = peak_mb()
    spool.seek(0)
    with zipfile.ZipFile(spool) as archive:
        files = len(archive.namelist())
        assert archive.testzip() is None

    print(f"zip of stored PDFs ({os.environ['DATABASE_URL'].split(':')[0]}, file system storage)")
    print(f"  reports: {args.reports}; PDFs in the zip: {files}; {size / 2**20:.1f} MB in {chunks} chunks")
    print(f"  streamed in {seconds:.1f} s (first bytes after {first:.2f} s)")
    print(f"  process RSS {before:.0f} MB before, peak {peak:.0f} MB while streaming (+{peak - before:.0f} MB)")
    print(
        f"  re-rendering instead: {per_report:.2f} s a report (mean of a sample of {args.sample} renders) × "
        f"{args.reports} = {per_report * args.reports:.0f} s (extrapolated)"
    )
    print(f"  ratio re-render / stored zip: {per_report * args.reports / seconds:.1f}")
    print(f"  (storing the {args.reports} PDFs beforehand, as submissions do: {store_seconds:.1f} s)")


if __name__ == "__main__":
    main()
