"""Hostile-workbook benchmark: what each file of the bad-file corpus costs the import.

    DEBUG=1 .venv/bin/python bench/excel_hostile_bench.py [--compare-openpyxl]

Every file of ``tests/excel/badfiles.py`` (and the seed's own template, for comparison) goes through
``budget_import_prepare`` — the whole import up to the preview, checks and parsing included — in a
fresh process of its own, so the peak memory (VmHWM) is that file's. Prints time, peak RSS and the
outcome per file, then the worst. Target (security issue, item 4): the worst file under 2 s and
150 MB peak. ``--compare-openpyxl`` also loads the two string-table files the way the import did
before (openpyxl, read-only, values and formulas), for comparison.

Works in a throwaway SQLite database (a temporary file, migrated here), never the development one.
Exits 1 when the target is missed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_SECONDS = 2.0
MAX_PEAK_MB = 150


def setup_django(database_path: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def corpus(valid: bytes) -> dict[str, bytes]:
    from tests.excel import badfiles

    files = {"(seed template, valid)": valid}
    for name, builder, _message in badfiles.SIMPLE_BAD_FILES:
        files[name] = builder()
    for name, builder, _message in badfiles.DERIVED_BAD_FILES + badfiles.HOSTILE_BAD_FILES:
        files[name] = builder(valid)
    files["hostile_values"] = badfiles.hostile_values(valid)[0]
    files["understated_dimension"] = badfiles.understated_dimension(valid)
    return files


def child(database: str, path: str, mode: str) -> dict:
    setup_django(database)
    from budgets.importing import FileRefused, budget_import_prepare
    from departments.models import Department

    department = Department.objects.get(code="103001")
    data = Path(path).read_bytes()
    baseline = status_mb("VmRSS")
    started = time.perf_counter()
    if mode == "openpyxl":
        import io

        from openpyxl import load_workbook

        for data_only in (True, False):  # what the import did before: two read-only loads
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
            for sheet in book.worksheets:
                for _row in sheet.iter_rows(values_only=True):
                    pass
            book.close()
        outcome = "read by openpyxl"
    else:
        try:
            preview = budget_import_prepare(department=department, fiscal_year_id=2018, data=data)
            outcome = f"{len(preview.problems)} problems" if preview.problems else f"ok, {len(preview.changes)} changes"
        except FileRefused as refusal:
            outcome = "refused: " + str(refusal)[:28]
    return {
        "seconds": time.perf_counter() - started,
        "baseline_mb": baseline,
        "peak_mb": status_mb("VmHWM"),
        "outcome": outcome,
        "size": len(data),
    }


def run_child(database: str, path: Path, mode: str = "import") -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", database, str(path), mode],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare-openpyxl", action="store_true", help="also time the old openpyxl reading")
    parser.add_argument("--child", nargs=3, metavar=("DB", "FILE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0

    with tempfile.TemporaryDirectory(prefix="excel-bench-") as tmp:
        database = str(Path(tmp) / "bench.sqlite3")
        setup_django(database)
        from django.core.management import call_command

        from departments.models import Department
        from reports.excel.report_workbook import workbook_bytes
        from reports.excel.template import build_import_template

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)  # the database caches
        call_command("load_demo", stdout=open(os.devnull, "w"))
        valid = workbook_bytes(build_import_template(Department.objects.get(code="103001"), 2018))
        results = {}
        for name, data in corpus(valid).items():
            path = Path(tmp) / f"{len(results):02d}.xlsx"
            path.write_bytes(data)
            results[name] = run_child(database, path)
        old = {}
        if args.compare_openpyxl:
            from tests.excel import badfiles

            for name in ("shared_strings_bomb", "shared_strings_count_bomb"):
                path = Path(tmp) / f"openpyxl-{name}.xlsx"
                path.write_bytes(getattr(badfiles, name)(valid))
                old[name] = run_child(database, path, "openpyxl")

    width = max(len(name) for name in results)
    print(
        f"Hostile-workbook benchmark — budget_import_prepare per file, each in a fresh process (targets < {MAX_SECONDS} s, < {MAX_PEAK_MB} MB peak)"
    )
    print(f"{'file':<{width}}  {'size':>9}  {'time':>7}  {'peak RSS':>8}  {'growth':>7}  outcome")
    for name, r in results.items():
        print(
            f"{name:<{width}}  {r['size'] / 1024:>7.0f}KB  {r['seconds']:>6.2f}s  {r['peak_mb']:>6.0f}MB  "
            f"{r['peak_mb'] - r['baseline_mb']:>5.0f}MB  {r['outcome']}"
        )
    worst_time = max(results.items(), key=lambda item: item[1]["seconds"])
    worst_memory = max(results.items(), key=lambda item: item[1]["peak_mb"])
    print(
        f"slowest: {worst_time[0]} {worst_time[1]['seconds']:.2f} s; largest peak: {worst_memory[0]} {worst_memory[1]['peak_mb']:.0f} MB"
    )
    for name, r in old.items():
        print(
            f"before (openpyxl read-only, values + formulas) on {name}: {r['seconds']:.1f} s, peak {r['peak_mb']:.0f} MB"
        )
    ok = worst_time[1]["seconds"] < MAX_SECONDS and worst_memory[1]["peak_mb"] < MAX_PEAK_MB
    print("targets met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
