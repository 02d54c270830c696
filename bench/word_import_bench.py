"""Word import benchmark: how much of the seed report each corpus variant prefills correctly, and how
much memory the checks take on the bad files.

    .venv/bin/python bench/word_import_bench.py

For each variant of tests/docx/corpus.py (and the app's own .docx export of the demo) the import is
previewed against the seed report itself (nothing is written). The denominator is EVERY field of the
seed report that holds something, whether or not any variant finds it: each value of each section's
snapshot (figures, profile fields, every list as one field) and each narrative, a drafted one
(``*_override`` left empty) by the text the seed prints for it. A field counts as prefilled correctly
when the value found equals the seed's (lists: every row, on the columns the document gives; texts
exactly). "offered": lines whose functional category the document does not name exactly (the user
chooses); "drafted": a drafted sentence the import leaves to the draft, which restates the imported
figures (not counted as prefilled); "extra": a value found for a field the seed leaves empty.

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


def seed_fields(slug: str, snapshot: dict) -> dict[str, object]:
    """A section's stored values by the import's keys ("part.field", "three.kind__column", or "part"
    for a list) — those the seed holds something in."""
    fields = {}
    for part, content in snapshot.items():
        if isinstance(content, list):
            fields[part] = content
        elif slug == "three-public" and part == "lines":
            for kind, columns in content.items():
                fields |= {f"three.{kind}__{column}": value for column, value in columns.items()}
        elif isinstance(content, dict):
            prefix = "table" if part == "values" else part
            fields |= {f"{prefix}.{name}": value for name, value in content.items()}
        else:
            fields[part] = content
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def printed_narratives(section, bundle) -> dict[str, str]:
    """Each narrative of the section as the seed prints it: the user's wording, else the draft."""
    from evaluations import drafting

    drafts = {
        "profile_summary_override": drafting.draft_profile_summary,
        "key_work_intro_override": drafting.draft_key_work_intro,
        "spending_summary_override": drafting.draft_spending_summary,
        "variance_analysis_override": drafting.draft_variance_analysis,
        "project_implementation_override": drafting.draft_project_implementation,
    }
    texts = {}
    for name, value in section.narrative_values(bundle).items():
        if name.endswith("_override"):
            if name not in drafts:
                raise SystemExit(f"no draft known for {name}: add it to printed_narratives")
            value = drafting.overridable(value, drafts[name](bundle))
        if value:
            texts[f"narratives.{name}"] = value
    return texts


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        setup_django(str(Path(directory) / "bench.sqlite3"))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)  # the database caches
        call_command("load_demo", stdout=io.StringIO())

        from evaluations.models import Evaluation
        from evaluations.outlines.selectors import outline_for
        from evaluations.sections import section_for
        from evaluations.selectors import report_bundle
        from reports.docx.export import render_report_docx
        from reports.docx.importing import current_value, read_docx, word_import_prepare
        from reports.docx.safety import DocxRefused
        from tests.docx.corpus import VARIANTS, seed_docx

        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)")
        seed = Evaluation.objects.get(department__code="103001", fiscal_year_id=2018)
        bundle = report_bundle(seed)
        expected: dict[tuple[str, str], object] = {}
        drafted = set()
        for item in outline_for(seed):
            section = section_for(item.slug)
            snapshot = section.snapshot(bundle)
            values = seed_fields(item.slug, snapshot)
            assert all(current_value(snapshot, key) == value for key, value in values.items()), item.slug
            values = {key: value for key, value in values.items() if not key.startswith("narratives.")}
            values |= printed_narratives(section, bundle)
            expected |= {(item.slug, key): value for key, value in values.items()}
            drafted |= {(item.slug, f"narratives.{name}") for name in section.narratives if name.endswith("_override")}
        variants = {
            **{name: make() for name, make in VARIANTS.items()},
            "app export (demo)": render_report_docx(evaluation=seed),
        }
        print(
            f"Word import: fields of the seed report prefilled correctly, out of ALL {len(expected)} fields the seed"
            " holds (found by some variant or not)"
        )
        header = ("correct", "share", "offered", "drafted", "wrong", "extra", "missing", "unmatched")
        print(f"  {'variant':28}" + "".join(f" {title:>9}" for title in header))
        for name, data in variants.items():
            preview = word_import_prepare(evaluation=seed, data=data)
            verdicts = {}
            for found in preview.found:
                key = (found.slug, found.key)
                verdicts[key] = judge(found, expected[key]) if key in expected else "extra"
            for key in expected.keys() - verdicts.keys():
                verdicts[key] = "drafted" if key in drafted else "missing"
            counts = {kind: sum(1 for v in verdicts.values() if v == kind) for kind in header if kind != "share"}
            counts["unmatched"] = len(preview.unmatched)
            share = f"{counts['correct'] / len(expected):.0%}"
            figures = [counts["correct"], share, *(counts[kind] for kind in header[2:])]
            print(f"  {name:28}" + "".join(f" {figure:>9}" for figure in figures))
            for key, verdict in sorted(verdicts.items()):
                if verdict != "correct":
                    print(f"      {verdict}: {key[0]} {key[1]}")

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
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
