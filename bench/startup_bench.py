"""Command start-up: `manage.py export_report … --format pdf` as a whole process, against LibreOffice
converting the same report, exported as .docx, to PDF (`soffice --headless --convert-to pdf`).

Both are timed as a batch script would see them (process start to exit), alternately, after one
warm-up run each (the first soffice run creates its profile). Also printed: Django's start-up alone
(`manage.py export_report --help`: settings, apps, admin modules, no checks) and which heavy libraries
the command imports (WeasyPrint, openpyxl, python-docx, matplotlib, pdfplumber are imported only
where they are used: docs/adr/0014-stateless-app-servers.md). A draft's PDF is laid out in the
command's own process, bounded by PDF_RENDER_TIMEOUT; WeasyPrint opens its libraries without
ctypes' library search and leaves the fontTools parts it does not use for first use
(reports/weasyprint_loader.py). The app's bytecode is compiled first, as `make setup` leaves an
installation (the systemd unit's user cannot write it; without it every start compiles the app again),
and manage.py skips the garbage collections of Python's shutdown (gc.freeze). Printed beside the wall
times: the median CPU time of each process tree (what a loaded machine turns into wall time).

Run: DEBUG=1 .venv/bin/python bench/startup_bench.py [--runs 7]
A throwaway SQLite database with the demo is made in a temporary directory; nothing else is touched.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("weasyprint", "openpyxl", "docx", "matplotlib", "pdfplumber", "numpy")


CPU: dict[str, list[float]] = {}


def timed(command, env, cwd=ROOT, key=None) -> float:
    """Wall time of ``command``; its CPU time (user + system, all its processes) goes to CPU[key]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if key:
        CPU.setdefault(key, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


# The demo's clean report submitted as the web does it, its PDF stored (what submission does after commit).
SUBMIT_CLEAN = """
from django.contrib.auth import get_user_model
from evaluations.models import Evaluation
from evaluations.workflow import evaluation_submit
from reports.archive import store_submitted_pdf
report = evaluation_submit(evaluation=Evaluation.objects.get(department__code="999001"),
                           user=get_user_model().objects.get(username="filler2"))
store_submitted_pdf(report)
"""


def empty_pdf_cache(database: Path) -> None:
    import sqlite3

    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM jxpj_pdf_cache")


def heavy_imports(command, env) -> list[str]:
    """Top-level packages of HEAVY that ``command`` imports in its own process (``-X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *command], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    found = set()
    for line in result.stderr.splitlines():
        name = line.rsplit("|", 1)[-1].strip()
        if name.split(".")[0] in HEAVY:
            found.add(name.split(".")[0])
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) is not installed: sudo apt-get install -y libreoffice-writer")
    with tempfile.TemporaryDirectory(prefix="jxpj-startup-") as tmp:
        tmp = Path(tmp)
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run(["make", "-s", "bytecode", f"PY={sys.executable}"], cwd=ROOT, check=True)
        for command in (["migrate", "-v0"], ["createcachetable"], ["load_demo"], ["shell", "-c", SUBMIT_CLEAN]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
        docx = tmp / "report.docx"
        subprocess.run(
            [*manage, "export_report", "103001", "2018", "--format", "docx", "-o", str(docx)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        export = [*manage, "export_report", "103001", "2018", "--format", "pdf", "-o", str(tmp / "report.pdf")]
        convert = [
            soffice,
            f"-env:UserInstallation=file://{tmp}/libreoffice-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp / "libreoffice"),
            str(docx),
        ]
        help_only = [*manage, "export_report", "--help"]
        export_stored = [*manage, "export_report", "999001", "2018", "--format", "pdf", "-o", str(tmp / "stored.pdf")]
        timed(export, env), timed(convert, env, cwd=tmp)  # warm-up: disk caches, LibreOffice's profile
        times = {"export_report": [], "soffice": [], "startup": [], "stored": []}
        for _ in range(args.runs):
            empty_pdf_cache(tmp / "db.sqlite3")  # every run renders, as LibreOffice converts every time
            times["export_report"].append(timed(export, env, key="export_report"))
            times["soffice"].append(timed(convert, env, cwd=tmp, key="soffice"))
            times["startup"].append(timed(help_only, env, key="startup"))
            times["stored"].append(timed(export_stored, env, key="stored"))
        for path in (tmp / "report.pdf", tmp / "libreoffice" / "report.pdf"):
            assert path.read_bytes().startswith(b"%PDF"), path
        html_heavy = heavy_imports(["manage.py", "export_report", "103001", "2018", "--format", "html", "-o", "-"], env)
        stored_heavy = heavy_imports(export_stored[1:], env)

    median = {name: statistics.median(values) for name, values in times.items()}
    load = os.getloadavg()[0]
    print(f"{args.runs} runs each, alternating; load average {load:.1f} on {os.cpu_count()} cores (shared machine)")
    print(f"{'':<58}{'median s':>10}{'min s':>8}{'CPU s':>8}")
    rows = [
        ("export_report --format pdf (whole process)", "export_report"),
        ("soffice --headless --convert-to pdf (same report, .docx)", "soffice"),
        ("Django start-up alone (export_report --help)", "startup"),
        ("export_report of a submitted report (its stored PDF)", "stored"),
    ]
    for label, key in rows:
        print(f"{label:<58}{median[key]:>10.2f}{min(times[key]):>8.2f}{statistics.median(CPU[key]):>8.2f}")
    print(
        f"ratio export_report / LibreOffice: {median['export_report'] / median['soffice']:.2f} (median), "
        f"{min(times['export_report']) / min(times['soffice']):.2f} (min), "
        f"{statistics.median(CPU['export_report']) / statistics.median(CPU['soffice']):.2f} (CPU); "
        f"of a submitted report: {median['stored'] / median['soffice']:.2f}"
    )
    print(
        f"heavy libraries imported: html {', '.join(html_heavy) or 'none'}; stored pdf {', '.join(stored_heavy) or 'none'} "
        "(WeasyPrint only to lay out a draft's PDF)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
