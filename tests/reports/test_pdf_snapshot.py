"""The demo PDF's page count and text, pinned together with the exact WeasyPrint version.

Each WeasyPrint release may move line and page breaks. When this fails after an upgrade (or a
change to the template or print.css), look at the PDF as a reader would
(``pdftoppm -r 50 -png report.pdf /tmp/page``), then regenerate the snapshot:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/reports/test_pdf_snapshot.py
"""

import json
import os
from pathlib import Path

import weasyprint

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SUMMARY = SNAPSHOTS / "demo_2018.json"
TEXT = SNAPSHOTS / "demo_2018.txt"
PAGE_SEPARATOR = "\n\f\n"


def page_texts(rendered_demo) -> list[str]:
    return ["\n".join(line.rstrip() for line in text.strip().splitlines()) for text in rendered_demo.pages_text]


def test_snapshot_of_the_demo_pdf(rendered_demo):
    pages = page_texts(rendered_demo)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        SUMMARY.write_text(
            json.dumps({"weasyprint": weasyprint.__version__, "pages": len(pages)}, indent=2) + "\n",
            encoding="utf-8",
        )
        TEXT.write_text(PAGE_SEPARATOR.join(pages) + "\n", encoding="utf-8")

    snapshot = json.loads(SUMMARY.read_text(encoding="utf-8"))
    assert weasyprint.__version__ == snapshot["weasyprint"], (
        f"WeasyPrint is {weasyprint.__version__} but the PDF snapshot was taken with {snapshot['weasyprint']}: "
        "line and page breaks may have moved. Check the PDF by eye and regenerate the snapshot "
        "(see this module's docstring)."
    )
    assert len(pages) == snapshot["pages"], (
        f"the demo PDF has {len(pages)} pages, the snapshot {snapshot['pages']} (WeasyPrint {snapshot['weasyprint']})"
    )
    expected = TEXT.read_text(encoding="utf-8").rstrip("\n").split(PAGE_SEPARATOR)
    for number, (got, want) in enumerate(zip(pages, expected, strict=True), start=1):
        assert got == want, f"page {number} of the demo PDF differs from the snapshot"


def test_the_demo_report_has_six_pages_then_its_attachments(rendered_demo):
    # The seed's content in the official layout (16 pt, 22 lines a page) fills six A4 pages;
    # 附件1 评分表 and 附件2 基础数据表 each start on a new page after them.
    starts = {
        label: next(i for i, text in enumerate(rendered_demo.pages_text) if text.lstrip().startswith(label))
        for label in ("附件1", "附件2")
    }
    assert starts["附件1"] == 6 and starts["附件2"] > starts["附件1"]
