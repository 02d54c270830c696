"""Reads the seed report (the real 2018 text) so tests compare against the document itself."""

import re
from decimal import Decimal
from pathlib import Path

SEED_PATH = Path(__file__).resolve().parent.parent / "evaluations" / "demo" / "seed_2018_tianxin.txt"
BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+、)")


def seed_lines() -> list[str]:
    """Non-empty lines, with the Word-conversion debris removed."""
    text = SEED_PATH.read_text(encoding="utf-8")
    return [line for line in (BOOKMARK.sub("", raw).strip() for raw in text.splitlines()) if line]


def seed_title() -> str:
    return seed_lines()[0]


def _is_table_cell(line: str) -> bool:
    return bool(re.fullmatch(r"[\d.]+", line)) or line in TABLE_LABELS


TABLE_LABELS = {
    "项目",
    "支出合计",
    "基本支出",
    "项目支出",
    "政府专项",
    "年初部门预算",
    "调整预算数",
    "部门决算数",
    "其中：资产购置支出",
    "因公出国出境",
    "公车购置、运行",
    "公务接待",
    "合计",
    "部门预算数",
    "单位：万元",
}


def seed_headings() -> list[str]:
    """Outline headings in document order (title excluded)."""
    return [line for line in seed_lines()[1:] if HEADING.match(line) and len(line) < 60]


def seed_paragraphs() -> list[str]:
    """Body sentences: every line that is neither the title, a heading nor a table cell."""
    return [
        line for line in seed_lines()[1:] if not (HEADING.match(line) and len(line) < 60) and not _is_table_cell(line)
    ]


def seed_table(heading_fragment: str) -> dict[str, list[Decimal]]:
    """The rows of the table that follows the heading containing ``heading_fragment``: label → figures."""
    raw = [BOOKMARK.sub("", line).rstrip() for line in SEED_PATH.read_text(encoding="utf-8").splitlines()]
    start = next(i for i, line in enumerate(raw) if heading_fragment in line)
    rows, current = {}, []
    for line in raw[start + 1 :]:
        cell = line.strip()
        if HEADING.match(cell):
            break
        if line.startswith("\t"):
            current.append(cell)
        elif current:
            rows[current[0]] = current[1:]
            current = []
    if current:
        rows[current[0]] = current[1:]
    return {
        label: [Decimal(c) for c in cells]
        for label, cells in rows.items()
        if cells and all(_is_number(c) for c in cells)
    }


def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", cell))


def seed_numbers() -> set[str]:
    """Every figure written in the seed (counts, amounts, percentages), as text."""
    return set(re.findall(r"\d+(?:\.\d+)?", "\n".join(seed_lines())))
