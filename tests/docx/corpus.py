"""Word documents made in code from the seed report's text (tests/seed_document.py).

- ``seed_docx(styled=True)``: headings as Word's Heading 1/2/3 styles, tables as Word tables;
- ``seed_docx(styled=False)``: every line a plain Normal paragraph with its manual numbering, as
  LibreOffice's txt → docx gives (tables still tables);
- ``later_outline_docx()``: the same content under the 2020+ outline's headings (wording variants).
"""

import io
import re

from docx import Document

from tests.seed_document import HEADING, seed_lines

SEED_TABLES = {
    "（一）": (
        ["项目", "支出合计", "基本支出", "项目支出", "政府专项"],
        [
            ["年初部门预算", "478.9", "330.55", "148.35", "0"],
            ["调整预算数", "478.9", "330.55", "148.35", "0"],
            ["部门决算数", "478.9", "330.55", "148.35", "0"],
            ["其中：资产购置支出", "71.42", "0", "71.42", "0"],
        ],
    ),
    "（二）": (
        ["", "因公出国出境", "公车购置、运行", "公务接待", "合计"],
        [["部门预算数", "0", "0", "2", "2"], ["部门决算数", "0", "0", "0", "0"]],
    ),
}
TABLE_CELLS = re.compile(r"^[\d.]+$")


def _level(line: str) -> int:
    if re.match(r"^[一二三四五六七八九十]+、", line):
        return 1
    if line.startswith("（"):
        return 2
    return 3


def _body(lines):
    """Title, then (kind, text) for headings and paragraphs, with the tables where the seed has them."""
    skip = {"项目", "支出合计", "基本支出", "项目支出", "政府专项", "年初部门预算", "调整预算数", "部门决算数"}
    skip |= {"其中：资产购置支出", "因公出国出境", "公车购置、运行", "公务接待", "合计", "部门预算数", "单位：万元"}
    for line in lines[1:]:
        if line in skip or TABLE_CELLS.match(line):
            continue
        if HEADING.match(line) and len(line) < 60:
            yield "heading", line
            for marker, table in SEED_TABLES.items():
                if line.startswith(marker) and ("整体支出情况" in line or "三公" in line):
                    yield "table", table
        else:
            yield "paragraph", line


def _table(document, table):
    header, rows = table
    word_table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for cell, text in zip(word_table.rows[0].cells, header, strict=True):
        cell.text = text
    for row, values in zip(word_table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_docx(*, styled: bool = True) -> bytes:
    lines = seed_lines()
    document = Document()
    document.add_paragraph(lines[0], style="Title" if styled else None)
    for kind, content in _body(lines):
        if kind == "table":
            document.add_paragraph("单位：万元")
            _table(document, content)
        elif kind == "heading" and styled:
            document.add_paragraph(content, style=f"Heading {_level(content)}")
        else:
            document.add_paragraph(content)
    return _save(document)


LATER_HEADINGS = {
    "一、部门概况": "二、基本情况",
    "1、 部门基本情况（包括部门的在职人员情况、机构设置、主要职能及重点工作等）": "（一）单位基本概况",
    "2、 整体支出情况（整体支出规模、使用方向和主要内容、涉及范围等）": "（三）支出使用方向和主要内容",
    "3、 绩效目标情况（部门整体支出绩效目标设定情况）": "（四）部门整体支出绩效目标",
    "二、部门整体支出管理及使用情况": "三、部门整体支出或项目实施情况分析",
    "（一）2018年度整体支出情况": "（一）2018年度整体支出预决算情况",
    "（三）项目支出年初预算、调整预算及决算数差异成因分析": "（三）项目支出预决算差异成因分析",
    "（四）项目资金使用管理情况分析": "（四）项目资金使用管理情况",
    "三、部门整体支出绩效情况": "四、部门整体支出绩效情况",
    "四、存在的主要问题及改进措施或有关建议": "五、存在的主要问题及改进措施",
}


def later_outline_docx() -> bytes:
    """The seed's content under the 2020+ outline's headings, plain paragraphs."""
    lines = seed_lines()
    document = Document()
    document.add_paragraph(lines[0])
    for kind, content in _body(lines):
        if kind == "table":
            _table(document, content)
        else:
            document.add_paragraph(LATER_HEADINGS.get(content, content) if kind == "heading" else content)
    return _save(document)
