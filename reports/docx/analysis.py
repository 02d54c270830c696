"""The district analysis as an editable .docx, from the same context as ``templates/reports/analysis.html``.

``reports.analysis.analysis_context`` gives the title, the paragraphs, the figures and the charts;
this module lays them out in the order of the template with the report export's official layout
(``export.py``: styles, page set-up, page numbers, tables — reused, not copied). Each chart is the
same matplotlib drawing as the page's SVG, rasterised at print resolution (``charts.chart_png``:
Word takes PNG), followed by its caption, its data as a table (the text alternative) and its note.
Each 附件 starts a new page, as in the PDF.
"""

import io

from django.utils import dateformat
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from ..charts import Chart, chart_png
from .export import (
    TEXT_WIDTH_MM,
    TITLE_FONT,
    _cell_text,
    _grid_table,
    _header_footer,
    _heading,
    _page,
    _paragraph,
    _repeat_header,
    _setup_styles,
    set_fonts,
)

CHART_WIDTH_MM = 150  # within the 156 mm text block

# The body's chapters in the template's order: (numbering, paragraph key, charts after the text, closing line).
CHAPTERS = (
    ("一", "overview", ("progress",), ""),
    ("二", "scores", ("grades", "scores"), "得分前十名和后十名的部门见附件2。"),
    ("三", "findings", (), ""),
    ("四", "three_public", ("three_public",), ""),
    ("五", "execution", ("completion", "adjustment"), ""),
    ("六", "spending", (), ""),
    ("七", "next_steps", (), ""),
)
CHART_NUMBERS = {"progress": 1, "grades": 2, "scores": 3, "three_public": 4, "completion": 5, "adjustment": 6}
ATTACHMENTS = (
    "未提交自评报告的部门名单",
    "自评得分前十名和后十名",
    "审核发现的问题（按检查规则）",
    "“三公”经费分项情况",
    "预算完成率和预算调整率分布",
    "按支出功能分类的决算支出",
)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _table(document, headers, rows, *, first_left: bool = True) -> None:
    """A grid table: header row repeated on each page; the first column left, figures right."""
    width = TEXT_WIDTH_MM / len(headers)
    grid = _grid_table(document, len(rows) + 1, len(headers), [width] * len(headers))
    _repeat_header(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row, values in zip(grid.rows[1:], rows, strict=True):
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            left = column == 0 and first_left
            _cell_text(cell, value, align=WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.RIGHT)
    document.add_paragraph()  # the gap after a table


def _chart(document, chart: Chart | None, number: int) -> None:
    if chart is None:
        return
    picture = document.add_paragraph(style="表格文字")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Mm(CHART_WIDTH_MM))
    caption, _run = _paragraph(document, f"图{number}　{chart.title}", "表格文字")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    _table(document, chart.headers, chart.rows)
    if chart.note:
        _paragraph(document, f"注：{chart.note}。", "附件说明")


def _attachment(document, number: int, note: str = "") -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section)
    _paragraph(document, f"附件{number}", "附件标注")
    _paragraph(document, ATTACHMENTS[number - 1], "附件标题")
    if note:
        _paragraph(document, note, "附件说明")


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def _attachments(document, a) -> None:
    _attachment(document, 1, f"应报{a.expected}个，已报{a.submitted}个，未提交{len(a.not_submitted)}个。")
    rows = [[str(i), f.unit.code, f.unit.name, f.status_label] for i, f in enumerate(a.not_submitted, start=1)]
    _table(document, ["序号", "单位编码", "单位名称", "报告状态"], rows or [["无", "", "", ""]])

    note = f"已完成评分{a.scored}个部门"
    if a.unscored:
        note += f"；评分表未完成{len(a.unscored)}个，未排名"
    _attachment(document, 2, note + "。")
    rows = [["前十名", str(r.rank), r.unit.name, str(r.score), r.grade] for r in a.top]
    rows += [["后十名", str(r.rank), r.unit.name, str(r.score), r.grade] for r in a.bottom]
    _table(document, ["类别", "名次", "单位名称", "得分", "等级"], rows or [["无", "", "", "", ""]])

    _attachment(document, 3, f"已报{a.submitted}个部门中{a.reports_with_findings}个存在错误或警告；按涉及部门数排序。")
    rows = [
        [rule.title, str(rule.reports), str(rule.findings), str(rule.errors), "、".join(rule.examples)]
        for rule in a.rules
    ]
    _table(
        document, ["检查规则", "涉及部门", "问题条数", "其中错误", "涉及部门（举例）"], rows or [["无", "", "", "", ""]]
    )

    _attachment(document, 4)
    _paragraph(document, "单位：万元", "单位行")
    rows = [
        [
            row.label,
            str(row.budget),
            str(row.actual),
            _percent(row.execution_rate),
            str(row.last_year),
            str(row.change),
            _percent(row.change_rate),
        ]
        for row in a.three_public
    ]
    _table(document, ["项目", "本年预算数", "本年决算数", "决算占预算", "上年决算数", "增减额", "增减率"], rows)
    _paragraph(
        document,
        f"已报{a.three_public_units}个部门合计。上年决算数取系统中的上年度记录；没有上年度记录的取填报的上年决算数。",
        "附件说明",
    )

    _attachment(document, 5)
    _table(document, ["预算完成率", "部门数"], [[band.label, str(band.count)] for band in a.completion])
    _table(document, ["预算调整率", "部门数"], [[band.label, str(band.count)] for band in a.adjustment])

    _attachment(document, 6)
    _paragraph(document, "单位：万元", "单位行")
    rows = [[row.code, row.name, str(row.amount), f"{row.share}%"] for row in a.spending]
    rows.append(["", "合计", str(a.spending_total), ""])
    _table(document, ["科目编码", "科目名称（类）", "决算支出", "占比"], rows)


def build_analysis_document(context: dict):
    """The python-docx ``Document`` of an analysis context (``reports.analysis.analysis_context``)."""
    a, paragraphs, charts = context["analysis"], context["paragraphs"], context["charts"]
    document = Document()
    _setup_styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page(section)
    _header_footer(section, draft=False)
    properties = document.core_properties
    properties.title = context["title"]
    properties.author = f"{a.region_name}财政局"
    properties.comments = "部门整体支出绩效自评系统导出"
    properties.language = "zh-CN"

    title = document.add_paragraph(style="Title")
    set_fonts(title.add_run(context["title"])._r, TITLE_FONT)
    _paragraph(document, f"现将{a.region_name}{a.year}年度部门整体支出绩效自评工作情况报告如下。")
    for numbering, key, chart_keys, closing in CHAPTERS:
        paragraph = paragraphs[key]
        _heading(document, 2, f"{numbering}、{paragraph.title}")
        for line in _lines(paragraph.text):
            _paragraph(document, line)
        for chart_key in chart_keys:
            _chart(document, charts[chart_key], CHART_NUMBERS[chart_key])
        if closing:
            _paragraph(document, closing)
    listing, _run = _paragraph(document, "附件：")
    for number, name in enumerate(ATTACHMENTS, start=1):
        if number > 1:
            listing.add_run().add_break()
        listing.add_run(f"{number}. {name}")
    signature, _run = _paragraph(document, f"{a.region_name}财政局")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run().add_break()
    signature.add_run(dateformat.format(context["generated_at"], "Y年n月j日"))
    _attachments(document, a)
    return document


def analysis_docx_bytes(context: dict) -> bytes:
    buffer = io.BytesIO()
    build_analysis_document(context).save(buffer)
    return buffer.getvalue()
