"""Word documents made in code from the seed report's text (tests/seed_document.py).

- ``seed_docx(styled=True)``: headings as Word's Heading 1/2/3 styles, tables as Word tables;
- ``seed_docx(styled=False)``: every line a plain Normal paragraph with its manual numbering, as
  LibreOffice's txt → docx gives (tables still tables);
- ``later_outline_docx()``: the same content under the 2020+ outline's headings (wording variants);
- ``numbered_merged_docx()``: headings numbered by Word's automatic list numbering (w:numPr; the
  「一、」「（一）」「1、」 are drawn by Word, not in the text) on plain paragraphs, and the two tables with
  merged header cells (「其中」 over three columns, 「项目」 and 「支出合计」 over two rows).

Not in the benchmark, for what the import must not take: ``seed_docx_with_extras()`` (a table of
people under 一 3, a heading and paragraph at the end the report has no place for) and
``seed_docx_miscounted_divisions()`` (「内设四个科室」 before five names).
"""

import io
import re

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

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


def paragraphs_under(fragment: str) -> list[str]:
    """The paragraphs the corpus writes under the seed's heading containing ``fragment``, up to the next
    heading (tables and 「单位：万元」 left out)."""
    body = list(_body(seed_lines()))
    start = next(i for i, (kind, text) in enumerate(body) if kind == "heading" and fragment in text)
    texts = []
    for kind, content in body[start + 1 :]:
        if kind == "heading":
            break
        if kind == "paragraph":
            texts.append(content)
    return texts


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


NUMBERING = (
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
    + "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/></w:lvl>'
        for level, fmt, text in (
            (0, "chineseCounting", "%1、"),
            (1, "chineseCounting", "（%2）"),
            (2, "decimal", "%3、"),
        )
    )
    + "</w:abstractNum>"
)


def _numbered(document, text: str, level: int) -> None:
    """A Normal paragraph in list 90 at ``level`` (0 一、, 1 （一）, 2 1、), its typed number removed."""
    paragraph = document.add_paragraph(HEADING.sub("", text, count=1).lstrip("、 "))
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    )


def _merged_table(document, table) -> None:
    """The seed table with a two-row header: merged down (first column, 支出合计/合计) and across."""
    header, rows = table
    word_table = document.add_table(rows=len(rows) + 2, cols=len(header))
    budget = "基本支出" in header
    word_table.cell(0, 0).merge(word_table.cell(1, 0)).text = header[0] or "项目"
    if budget:  # 项目 | 支出合计 | 其中 (基本支出, 项目支出, 政府专项)
        word_table.cell(0, 1).merge(word_table.cell(1, 1)).text = header[1]
        word_table.cell(0, 2).merge(word_table.cell(0, 4)).text = "其中"
        spanned = range(2, 5)
    else:  # 项目 | “三公”经费 (因公出国出境, 公车购置、运行, 公务接待) | 合计
        word_table.cell(0, 1).merge(word_table.cell(0, 3)).text = "“三公”经费"
        word_table.cell(0, 4).merge(word_table.cell(1, 4)).text = header[4]
        spanned = range(1, 4)
    for column in spanned:
        word_table.cell(1, column).text = header[column]
    for row, values in zip(word_table.rows[2:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text


def numbered_merged_docx() -> bytes:
    lines = seed_lines()
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph(lines[0])
    for kind, content in _body(lines):
        if kind == "table":
            document.add_paragraph("单位：万元")
            _merged_table(document, content)
        elif kind == "heading":
            _numbered(document, content, _level(content) - 1)
        else:
            document.add_paragraph(content)
    return _save(document)


VARIANTS = {
    "heading-styles": lambda: seed_docx(styled=True),
    "manual-numbering": lambda: seed_docx(styled=False),
    "list-numbering-merged-cells": numbered_merged_docx,
    "later-outline": later_outline_docx,
}


EXTRA_HEADING = "五、其他需要说明的事项"
EXTRA_PARAGRAPH = "本单位2018年度无其他需要说明的事项，特此说明。"
EXTRA_TABLE = [["序号", "姓名", "职务"], ["1", "张三", "主任"], ["2", "李四", "副主任"]]


def seed_docx_with_extras() -> bytes:
    """The styled seed with a table of people after 一 3's goals and, at the end, a heading of no
    outline and a paragraph under it."""
    document = Document(io.BytesIO(seed_docx()))
    goals = next(p for p in document.paragraphs if p.text.startswith("一是组织政务中心"))
    table = document.add_table(rows=len(EXTRA_TABLE), cols=len(EXTRA_TABLE[0]))
    for row, texts in zip(table.rows, EXTRA_TABLE, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    goals._p.addnext(table._tbl)
    document.add_paragraph(EXTRA_HEADING, style="Heading 1")
    document.add_paragraph(EXTRA_PARAGRAPH)
    return _save(document)


def seed_docx_miscounted_divisions() -> bytes:
    """The styled seed whose staff sentence says 「内设四个科室」 and then names five."""
    document = Document(io.BytesIO(seed_docx()))
    staff = next(p for p in document.paragraphs if "内设五个科室" in p.text)
    staff.text = staff.text.replace("内设五个科室", "内设四个科室")
    return _save(document)
