"""The report as an editable .docx (python-docx), from the same context as the HTML/PDF template.

``reports.selectors.report_context`` gives the title, the sections in the report's outline (their
blocks: paragraphs, sub-headings, tables) and both attachments; this module only lays them out in
the official layout (GB/T 9704-2012, docs/domain.md §6) as Word styles:

- A4; margins 37 mm top, 35 mm bottom, 28 mm left (binding), 26 mm right; a document grid of
  22 lines × 28 characters (line pitch 28.95 pt);
- title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312, indented two characters;
- headings as Word's Heading 1/2/3 (so Word's navigation pane and our own import see them):
  一、 黑体, （一） 楷体_GB2312, 1、 仿宋_GB2312 bold;
- page numbers 「— n —」 in 4号 宋体, odd pages right and even pages left, one character in;
- real tables (header row repeated), 附件1 评分表 in a landscape section, 附件2 portrait again;
- a report that is not approved carries a 「草稿」 watermark in its header.

Every run names its font in all four slots (ascii, hAnsi, eastAsia, cs) and no theme font, so Word
and WPS use the Chinese font the offices have (and LibreOffice a configured substitute).
"""

import io
import math

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from evaluations.models import Evaluation, EvaluationStatus
from evaluations.sections.base import Paragraphs, SubHeading, Table

from ..selectors import report_context

# ---------------------------------------------------------------- the official layout

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(12)  # 小四
SCORING_SIZE = Pt(9)

PAGE_WIDTH, PAGE_HEIGHT = Twips(11906), Twips(16838)  # A4 as Word stores it
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LANDSCAPE_MARGINS = {"top": Mm(26), "bottom": Mm(30), "left": Mm(30), "right": Mm(30)}  # as print.css
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
TEXT_HEIGHT_MM, TEXT_WIDTH_MM = 297 - 37 - 35, 210 - 28 - 26  # 225 × 156 mm
LINE_PITCH = Twips(math.floor(TEXT_HEIGHT_MM / 25.4 * 1440 / LINES_PER_PAGE))  # 579 twips = 28.95 pt: 22 fit
# 28 characters a line: 156 mm / 28 = 15.79 pt a character, so body text is condensed by 0.21 pt
# (w:spacing in twentieths of a point). Not a character grid (w:charSpace): LibreOffice snaps
# each 16 pt character to two 15.79 pt cells and prints 14 characters a line (ADR 5).
CHAR_SPACING = math.floor((TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE - 16) * 20)  # −5: 28 × 15.75 pt fit

# Heading level of the report (2 = 一、, 3 = （一）, 4 = 1、) → Word style and its font.
HEADING_STYLES = {
    2: ("Heading 1", HEI_FONT, False),
    3: ("Heading 2", KAI_FONT, False),
    4: ("Heading 3", BODY_FONT, True),
}
DRAFT_MARK = "草稿"
TITLE_CHARS_PER_LINE = 20  # 156 mm of 22 pt characters

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def set_fonts(element, name: str) -> None:
    """Name the font in every slot of an ``rPr`` owner (style or run) and drop theme fonts, which
    Word would prefer over the names."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.lower().endswith("theme"):
            del fonts.attrib[attribute]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _style_font(style, name: str, size, *, bold: bool = False) -> None:
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None
    set_fonts(style.element, name)
    # East-Asian size slot too (w:szCs), so complex-script runs match.
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:szCs",):
        node = rpr.find(qn(tag))
        if node is None:
            node = OxmlElement(tag)
            rpr.append(node)
        node.set(qn("w:val"), str(int(size.pt * 2)))


def _paragraph_format(style, *, indent: bool, align=None, exact=True) -> None:
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE_PITCH
    pf.first_line_indent = BODY_SIZE * 2 if indent else None
    if indent:
        ind = style.element.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), "200")  # two characters, whatever the font size
    if align is not None:
        pf.alignment = align
    pf.widow_control = True


def _remove_borders(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for node in ppr.findall(qn("w:pBdr")):
        ppr.remove(node)


def _document_defaults(document) -> None:
    """The document defaults: 3号 仿宋_GB2312, Chinese, no spacing. Word takes the character grid's
    pitch from the default font size, so it must be the body's 16 pt."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().remove(defaults)
    document.styles.element.insert(
        0,
        parse_xml(
            f'<w:docDefaults xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:rPrDefault><w:rPr><w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:eastAsia="{BODY_FONT}"'
            f' w:cs="{BODY_FONT}" w:hint="eastAsia"/><w:spacing w:val="{CHAR_SPACING}"/>'
            f'<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            f"</w:rPr></w:rPrDefault>"
            f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            f"</w:docDefaults>"
        ),
    )


def _no_theme_fonts(document) -> None:
    """Theme font attributes win over font names in Word: remove them from every style."""
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme") or attribute.endswith("theme"):
                del fonts.attrib[attribute]


def _setup_styles(document) -> None:
    _document_defaults(document)
    _no_theme_fonts(document)
    styles = document.styles
    normal = styles["Normal"]
    _style_font(normal, BODY_FONT, BODY_SIZE)
    _paragraph_format(normal, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    title = styles["Title"]
    _remove_borders(title)
    _style_font(title, TITLE_FONT, TITLE_SIZE)
    _paragraph_format(title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = LINE_PITCH
    title.paragraph_format.first_line_indent = None

    for style_name, font, bold in HEADING_STYLES.values():
        style = styles[style_name]
        _style_font(style, font, BODY_SIZE, bold=bold)
        _paragraph_format(style, indent=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        style.paragraph_format.keep_with_next = True

    table_text = styles.add_style("表格文字", 1)
    table_text.base_style = normal
    _style_font(table_text, BODY_FONT, TABLE_SIZE)
    _paragraph_format(table_text, indent=False, exact=False)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.first_line_indent = Pt(0)
    _no_indent_chars(table_text)

    unit = styles.add_style("单位行", 1)
    unit.base_style = normal
    _style_font(unit, BODY_FONT, TABLE_SIZE)
    _paragraph_format(unit, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, exact=False)
    unit.paragraph_format.first_line_indent = Pt(0)
    unit.paragraph_format.keep_with_next = True
    _no_indent_chars(unit)

    label = styles.add_style("附件标注", 1)
    label.base_style = normal
    _style_font(label, HEI_FONT, BODY_SIZE)
    _paragraph_format(label, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    label.paragraph_format.first_line_indent = Pt(0)
    _no_indent_chars(label)

    attachment_title = styles.add_style("附件标题", 1)
    attachment_title.base_style = normal
    _style_font(attachment_title, TITLE_FONT, Pt(18))
    _paragraph_format(attachment_title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    attachment_title.paragraph_format.first_line_indent = Pt(0)
    attachment_title.paragraph_format.space_before = Pt(6)
    attachment_title.paragraph_format.space_after = Pt(10)
    _no_indent_chars(attachment_title)

    note = styles.add_style("附件说明", 1)
    note.base_style = normal
    _style_font(note, BODY_FONT, Pt(10.5))
    _paragraph_format(note, indent=False, exact=False)
    note.paragraph_format.first_line_indent = Pt(0)
    _no_indent_chars(note)

    footer = styles["Footer"]
    _style_font(footer, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _paragraph_format(footer, indent=False, exact=False)
    footer.paragraph_format.first_line_indent = Pt(0)
    _no_indent_chars(footer)


def _no_indent_chars(style) -> None:
    """Undo the inherited ``firstLineChars`` (it wins over a twips indent)."""
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        style.element.get_or_add_pPr().append(ind)
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


# ---------------------------------------------------------------- page set-up


def _page(section, *, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
        margins = LANDSCAPE_MARGINS
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        margins = MARGINS
    section.top_margin = margins["top"]
    section.bottom_margin = margins["bottom"]
    section.left_margin = margins["left"]
    section.right_margin = margins["right"]
    section.gutter = Mm(0)
    # The page number sits 7 mm below the text block: its line's top, 4号 line ≈ 5 mm high.
    section.footer_distance = margins["bottom"] - Mm(7) - Mm(5)
    section.header_distance = Mm(15)
    _document_grid(section, landscape=landscape)


def _document_grid(section, *, landscape: bool) -> None:
    sect_pr = section._sectPr
    for node in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(node)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "312" if landscape else str(LINE_PITCH.twips))
    sect_pr.append(grid)


def _field(paragraph, instruction: str, placeholder: str = "1"):
    """A Word field (PAGE) as begin / instruction / separate / result / end runs."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        run = paragraph.add_run()
        set_fonts(run._r, PAGE_NUMBER_FONT)
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
            run._r.append(node)
        elif kind == "text":
            run.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
            run._r.append(node)


def _page_number(footer, *, odd: bool) -> None:
    """「— n —」, odd pages at the right edge, even pages at the left, one character in."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    # Half-width dashes around the number: 「— 」 + PAGE + 「 —」.
    run = paragraph.add_run("— ")
    set_fonts(run._r, PAGE_NUMBER_FONT)
    _field(paragraph, "PAGE")
    run = paragraph.add_run(" —")
    set_fonts(run._r, PAGE_NUMBER_FONT)


WATERMARK_XML = (
    '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="DraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" fillcolor="#d9d9d9" stroked="f"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:140pt;rotation:315;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin">'
    '<v:fill opacity=".5"/>'
    f'<v:textpath style="font-family:&quot;{HEI_FONT}&quot;;font-size:1pt" string="{DRAFT_MARK}"/>'
    "</v:shape></w:pict>"
)


def _draft_watermark(header) -> None:
    """「草稿」 across the page, as Word's own text watermark (a VML WordArt shape in the header)."""
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run = paragraph.add_run()
    run._r.append(parse_xml(WATERMARK_XML))


def _header_footer(section, *, draft: bool) -> None:
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)
    if draft:
        _draft_watermark(section.header)
        _draft_watermark(section.even_page_header)


# ---------------------------------------------------------------- content


def _paragraph(document, text: str, style: str | None = None):
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    return paragraph, run


def _heading(document, level: int, text: str) -> None:
    style_name, font, _bold = HEADING_STYLES.get(level, HEADING_STYLES[4])
    paragraph = document.add_paragraph(style=style_name)
    run = paragraph.add_run(text)
    set_fonts(run._r, font)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    tr_pr.append(node)
    # Rows never split across pages.
    tr_pr.append(OxmlElement("w:cantSplit"))


def _cell_text(cell, text: str, *, align=None, style: str = "表格文字", size=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if align is not None:
        paragraph.alignment = align
    lines = str(text).split("\n")
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph(style=style)
            if align is not None:
                paragraph.alignment = align
        run = paragraph.add_run(line)
        if size is not None:
            run.font.size = size
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _grid_table(document, rows: int, columns: int, widths_mm=None):
    table = document.add_table(rows=rows, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if widths_mm:
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
    return table


def _amount_table(document, amount_table, *, kind: str) -> None:
    """二（一） / 二（二）: 「单位：万元」, then the corner, column headers and rows of figures."""
    _paragraph(document, "单位：万元", "单位行")
    columns = len(amount_table.columns) + 1
    first = 44 if kind == "budget" else 26
    rest = (156 - first) / (columns - 1)
    table = _grid_table(document, len(amount_table.rows) + 1, columns, [first, *([rest] * (columns - 1))])
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, [amount_table.corner, *amount_table.columns], strict=True):
        _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row, (label, cells) in zip(table.rows[1:], amount_table.rows, strict=True):
        _cell_text(row.cells[0], label, align=WD_ALIGN_PARAGRAPH.LEFT)
        for cell, value in zip(row.cells[1:], cells, strict=True):
            _cell_text(cell, value, align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.add_paragraph()  # the gap after a table (as the PDF's margin)


def _blocks(document, blocks) -> None:
    for block in blocks:
        if isinstance(block, Paragraphs):
            for text in block.texts:
                _paragraph(document, text)
        elif isinstance(block, SubHeading):
            _heading(document, block.level, block.text)
        elif isinstance(block, Table):
            _amount_table(document, block.table, kind=block.kind)


SCORING_HEADERS = ("一级指标", "二级指标", "三级指标", "分值", "评分标准", "本单位执行情况", "得分", "评分说明")
SCORING_WIDTHS = (5, 6, 10, 5, 24, 19, 5, 26)  # percent of the width, as print.css


def scoring_row_cells(row) -> list[str]:
    criteria = f"{row.formula}；{row.criteria}" if row.formula else row.criteria
    execution = row.value_display
    if row.inputs:
        execution += "\n" + "；".join(f"{label}：{value}" for label, value in row.inputs)
    score = "待评" if row.score is None else str(row.score)
    return [row.level1, row.level2, row.name, str(row.weight), criteria, execution, score, row.reason]


def _scoring_attachment(document, attachment) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    _paragraph(document, f"附件{attachment['number']}", "附件标注")
    _paragraph(document, attachment["title"], "附件标题")
    table = attachment["table"]
    if not table:
        _paragraph(document, "没有适用的评分指标体系。", "附件说明")
        return
    frozen = f"（评分于 {table.frozen_at} 存档）" if table.frozen_at else ""
    _paragraph(document, f"指标体系：{table.framework_name}{frozen}", "附件说明")
    width = 297 - 30 - 30
    widths = [width * share / 100 for share in SCORING_WIDTHS]
    grid = _grid_table(document, len(table.rows) + 2, len(SCORING_HEADERS), widths)
    _repeat_header(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, SCORING_HEADERS, strict=True):
        _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER, size=SCORING_SIZE)
    for index, row in enumerate(table.rows, start=1):
        cells = grid.rows[index].cells
        for column, text in enumerate(scoring_row_cells(row)):
            if (column == 0 and not row.level1_span) or (column == 1 and not row.level2_span):
                continue  # covered by the merged cell above
            align = WD_ALIGN_PARAGRAPH.RIGHT if column in (3, 6) else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cells[column], text, align=align, size=SCORING_SIZE)
        for column, span in ((0, row.level1_span), (1, row.level2_span)):
            if span > 1:
                grid.cell(index, column).merge(grid.cell(index + span - 1, column))
    footer_cells = grid.rows[-1].cells
    groups = "；".join(f"{group.name}{group.score}分" for group in table.groups)
    groups += "".join(f"；{note}" for note in table.caps)
    merged = footer_cells[0].merge(footer_cells[2])
    _cell_text(merged, "总分" if table.complete else "总分（暂计）", size=SCORING_SIZE)
    _cell_text(footer_cells[3], str(table.total_weight), align=WD_ALIGN_PARAGRAPH.RIGHT, size=SCORING_SIZE)
    merged = footer_cells[4].merge(footer_cells[5])
    _cell_text(merged, groups, size=SCORING_SIZE)
    _cell_text(footer_cells[6], str(table.total), align=WD_ALIGN_PARAGRAPH.RIGHT, size=SCORING_SIZE)
    _cell_text(footer_cells[7], f"等级：{table.grade_display}", size=SCORING_SIZE)


def _simple_table(document, header, rows, widths) -> None:
    table = _grid_table(document, len(rows) + 1, len(header), widths)
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row, values in zip(table.rows[1:], rows, strict=True):
        label, *cells = values
        _cell_text(row.cells[0], label[0], align=WD_ALIGN_PARAGRAPH.LEFT)
        if label[1]:
            row.cells[0].paragraphs[0].paragraph_format.left_indent = Pt(12 * 1.5 * label[1])
        for cell, value in zip(row.cells[1:], cells, strict=True):
            _cell_text(cell, value, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _basic_data_attachment(document, attachment) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section)
    table = attachment["table"]
    _paragraph(document, f"附件{attachment['number']}", "附件标注")
    _paragraph(document, attachment["title"], "附件标题")
    _paragraph(document, f"上年决算数来源：{table.prior_source}。", "附件说明")
    widths = [62.4, 31.2, 31.2, 31.2]
    _simple_table(
        document,
        ("财政供养人员情况", "编制数", "实际在职人数", "在职人员控制率"),
        [(("人数", 0), *table.staff)],
        widths,
    )
    _paragraph(document, "单位：万元", "单位行")
    _simple_table(
        document,
        ("经费控制情况", f"{table.prior_year}年决算数", f"{table.year}年预算数", f"{table.year}年决算数"),
        [((row.label, row.level), *row.cells) for row in table.rows],
        widths,
    )
    _simple_table(
        document,
        ("部门整体支出预算调整", "年初预算数", "调整后预算数", "预算调整率"),
        [(("支出合计", 0), *table.adjustment)],
        widths,
    )


def _properties(document, context, *, draft: bool) -> None:
    properties = document.core_properties
    properties.title = context["title"]
    properties.author = context["department"].full_name
    properties.subject = f"{context['department'].full_name}{context['year']}年度部门整体支出绩效自评报告"
    properties.comments = "部门整体支出绩效自评系统导出"
    properties.category = DRAFT_MARK if draft else ""
    properties.language = "zh-CN"


def is_draft(evaluation: Evaluation) -> bool:
    return evaluation.status != EvaluationStatus.APPROVED


def build_report_document(context: dict, *, official: bool = False):
    """The python-docx ``Document`` of a report context (``reports.selectors.report_context``);
    ``official``: the one being approved (``review.report_approve``), without the 草稿 mark."""
    draft = not official and is_draft(context["evaluation"])
    document = Document()
    _setup_styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page(section)
    _header_footer(section, draft=draft)
    _properties(document, context, draft=draft)

    title = document.add_paragraph(style="Title")
    # A title too long for one line breaks between its halves, never leaving 「报告」 alone.
    parts = context["title_lines"]
    for index, part in enumerate(parts):
        run = title.add_run(part)
        set_fonts(run._r, TITLE_FONT)
        if index < len(parts) - 1 and len("".join(parts)) > TITLE_CHARS_PER_LINE:
            run.add_break()
    for rendered in context["sections"]:
        if rendered.group_heading:
            _heading(document, 2, rendered.group_heading)
        if rendered.heading:
            _heading(document, rendered.level, rendered.heading)
        _blocks(document, rendered.blocks)
    _scoring_attachment(document, context["scoring_attachment"])
    _basic_data_attachment(document, context["basic_data_attachment"])
    return document


def render_report_docx(*, evaluation: Evaluation, official: bool = False) -> bytes:
    """The report as .docx bytes, from the same context as the HTML preview and the PDF."""
    document = build_report_document(report_context(evaluation=evaluation), official=official)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
