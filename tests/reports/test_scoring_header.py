"""附件1's header row in the PDF: each header's text stays inside its own cell (「一级指标」 used to
run into the 二级指标 column). Character positions and cell borders read with pdfplumber."""

import io
from itertools import pairwise

import pdfplumber

from tests.scoring.test_attachments import rendered  # noqa: F401  (the module's rendered attachments)

HEADERS = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "本单位执行情况", "得分", "评分说明"]


def header_cells(page):
    """The header row's cells as (left, right) and the characters inside the row."""
    top = min(line["top"] for line in page.lines if line["x1"] - line["x0"] > 20)  # the table's top border
    bottom = min(
        line["top"] for line in page.lines if line["x1"] - line["x0"] > 20 and line["top"] > top + 5
    )  # the border under the header row
    edges = sorted(
        {round(line["x0"], 1) for line in page.lines if line["x0"] == line["x1"] and line["top"] <= top + 1}
    )
    cells = list(pairwise(edges))
    chars = [c for c in page.chars if top < c["top"] and c["bottom"] < bottom and c["text"].strip()]
    return cells, chars


def test_header_text_stays_inside_its_cell(rendered):  # noqa: F811
    from reports.rendering import html_to_pdf

    html, _ = rendered
    with pdfplumber.open(io.BytesIO(html_to_pdf(html))) as pdf:
        page = next(p for p in pdf.pages if "评分说明" in (p.extract_text() or ""))
        cells, chars = header_cells(page)
    assert len(cells) == len(HEADERS)
    texts = []
    for left, right in cells:
        inside = [c for c in chars if left <= (c["x0"] + c["x1"]) / 2 <= right]
        for char in inside:
            assert left < char["x0"] and char["x1"] < right, f"「{char['text']}」 crosses the border of its cell"
        texts.append("".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["top"]), c["x0"]))))
    assert texts == HEADERS
