"""Word import benchmark: how much of the seed report each corpus variant prefills correctly, and how
much memory the checks take on the worst bad file.

    .venv/bin/python bench/word_import_bench.py

For each variant of tests/docx/corpus.py (and the app's own .docx export of the demo) the import is
previewed against the seed report itself (nothing is written): a field counts as prefilled correctly
when the value found equals what the seed holds (lists: every row, on the columns the document
gives). The fields are those the import can fill and the seed holds (the union over the variants).
"offered" are lines whose functional category the document does not name exactly (the user chooses).

Bad files (tests/docx/test_bad_files.py's kinds, built here) are read with tracemalloc on; the
figure is the peak Python allocation while the file is checked and refused, beyond the file itself.
Works in a throwaway SQLite database, never the development one. Prints figures; no targets.
"""

import io
import os
import sys
import tempfile
import tracemalloc
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_path: str):
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def same(a, b) -> bool:
    if a in (None, "") or b in (None, ""):
        return a in (None, "") and b in (None, "")
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return str(a).strip() == str(b).strip()


def judge(found, current) -> str:
    """'correct', 'offered' or 'wrong' for one finding against the seed's value."""
    if isinstance(found.value, list):
        if any("candidates" in row for row in found.value):
            return "offered"
        if not isinstance(current, list) or len(current) != len(found.value):
            return "wrong"
        for row, held in zip(found.value, current, strict=True):
            if not all(same(value, held.get(key)) for key, value in row.items() if value not in (None, "")):
                return "wrong"
        return "correct"
    value = found.value
    if found.key == "profile.staffing_type":
        return "correct" if value == current else "wrong"
    return "correct" if same(value, current) else "wrong"


def bad_files(good: bytes) -> dict[str, bytes]:
    def rebuilt(extra=None, replace=None):
        source = zipfile.ZipFile(io.BytesIO(good))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                target.writestr(entry, (replace or {}).get(entry.filename, source.read(entry)))
            for name, data in (extra or {}).items():
                target.writestr(name, data)
        return out.getvalue()

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    entities = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    many_parts = io.BytesIO()
    with zipfile.ZipFile(many_parts, "w", zipfile.ZIP_STORED) as archive:
        for number in range(1_200):
            archive.writestr(f"word/p{number}.xml", "<x/>")
    return {
        ".doc (OLE)": bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600,
        "over 10 MB": b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1),
        "zip bomb (60 MB declared)": bomb.getvalue(),
        "XML entities (DTD)": rebuilt(replace={"word/document.xml": entities}),
        ".docm (macros)": rebuilt(extra={"word/vbaProject.bin": b"\0" * 64}),
        "embedded object": rebuilt(extra={"word/embeddings/oleObject1.bin": b"\0" * 64}),
        "1200 zip entries": many_parts.getvalue(),
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        setup_django(str(Path(directory) / "bench.sqlite3"))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)  # the database caches
        call_command("load_demo", stdout=io.StringIO())

        from evaluations.models import Evaluation
        from evaluations.sections import section_for
        from evaluations.selectors import report_bundle
        from reports.docx.export import render_report_docx
        from reports.docx.importing import current_value, read_docx, word_import_prepare
        from reports.docx.safety import DocxRefused
        from tests.docx.corpus import VARIANTS, seed_docx

        seed = Evaluation.objects.get(department__code="103001", fiscal_year_id=2018)
        bundle = report_bundle(seed)
        variants = {
            **{name: make() for name, make in VARIANTS.items()},
            "app export (demo)": render_report_docx(evaluation=seed),
        }
        results, fields = {}, set()
        for name, data in variants.items():
            preview = word_import_prepare(evaluation=seed, data=data)
            verdicts = {}
            for found in preview.found:
                current = current_value(section_for(found.slug).snapshot(bundle), found.key)
                if current in (None, "", []):
                    continue
                verdicts[(found.slug, found.key)] = judge(found, current)
            results[name] = (verdicts, len(preview.unmatched))
            fields |= set(verdicts)

        print(f"Word import: fields of the seed report prefilled correctly ({len(fields)} fields the import can fill)")
        print(
            f"  {'variant':32} {'correct':>8} {'share':>7} {'offered':>8} {'wrong':>6} {'missing':>8} {'unmatched':>10}"
        )
        for name, (verdicts, unmatched) in results.items():
            counts = {kind: sum(1 for v in verdicts.values() if v == kind) for kind in ("correct", "offered", "wrong")}
            missing = len(fields - set(verdicts))
            share = counts["correct"] / len(fields)
            print(
                f"  {name:32} {counts['correct']:>8} {share:>7.0%} {counts['offered']:>8} {counts['wrong']:>6}"
                f" {missing:>8} {unmatched:>10}"
            )
            for key, verdict in sorted(verdicts.items()):
                if verdict == "wrong":
                    print(f"      wrong: {key[0]} {key[1]}")

        print("Bad files: peak Python memory while checked and refused (tracemalloc, beyond the file itself)")
        worst = ("", 0)
        for name, data in bad_files(seed_docx()).items():
            tracemalloc.start()
            try:
                read_docx(data)
                outcome = "READ (not refused!)"
            except DocxRefused as refusal:
                outcome = str(refusal)[:36]
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            worst = max(worst, (name, peak), key=lambda item: item[1])
            print(f"  {name:28} {len(data) / 2**20:7.2f} MB file  peak {peak / 2**20:7.2f} MB  {outcome}")
        print(f"  worst: {worst[0]}, peak {worst[1] / 2**20:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
