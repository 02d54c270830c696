"""The .docx export: the same text as the PDF, in the official layout as Word styles and real tables."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from budgets.money import format_amount_table
from reports.docx.reading import DocParagraph, DocTable, body_items
from tests.seed_document import seed_headings, seed_table

from .conftest import normalize
from .helpers import document_texts

SCORING_HEADER = "一级指标二级指标三级指标分值评分标准本单位执行情况得分评分说明"


def pdf_text_once(exported_demo) -> str:
    """The PDF's text without its page numbers and without the 评分表 header it repeats on every page."""
    # A draft PDF prints 「草稿」 as a watermark and 「草稿 · 未经审核」 in every footer; the .docx
    # carries its 草稿 mark in the page header, outside the body text compared here.
    text = normalize(exported_demo.pdf_body_text).replace("草稿·未经审核", "").replace("草稿", "")
    text = re.sub(r"—\d+—", "", text)  # page numbers the footer's draft mark kept from being stripped
    first = text.find(SCORING_HEADER) + len(SCORING_HEADER)
    return text[:first] + text[first:].replace(SCORING_HEADER, "")


def test_docx_reads_exactly_like_the_pdf(exported_demo):
    """Headings, paragraphs and table cells, in order, are the PDF's text character for character."""
    assert normalize("".join(document_texts(exported_demo.docx))) == pdf_text_once(exported_demo)


def test_headings_are_word_headings_in_the_outline_order(exported_demo):
    items = [item for item in body_items(exported_demo.document) if isinstance(item, DocParagraph)]
    headings = [item.text for item in items if item.style.startswith("Heading")]
    position = 0
    for heading in seed_headings():
        wanted = normalize(heading).replace("，", "")
        found = next((i for i, text in enumerate(headings[position:], position) if normalize(text) == wanted), None)
        assert found is not None, f"heading missing or out of order: {heading}"
        position = found + 1
    styles = {item.text: item.style for item in items}
    assert styles["一、部门概况"] == "Heading 1"
    assert styles["（一）2018年度整体支出情况"] == "Heading 2"
    assert styles["1、项目资金管理情况"] == "Heading 3"
    assert items[0].style == "Title" and normalize(items[0].text) == "天心区部门整体支出（2018年度）绩效自评报告"


def _fonts(style) -> dict:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}


@pytest.mark.parametrize(
    ("style", "font", "size", "bold"),
    [
        ("Normal", "仿宋_GB2312", 16, False),
        ("Title", "方正小标宋简体", 22, False),
        ("Heading 1", "黑体", 16, False),
        ("Heading 2", "楷体_GB2312", 16, False),
        ("Heading 3", "仿宋_GB2312", 16, True),
        ("Footer", "宋体", 14, False),
    ],
)
def test_styles_name_the_official_fonts_in_every_slot(exported_demo, style, font, size, bold):
    word_style = exported_demo.document.styles[style]
    assert _fonts(word_style) == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), font)
    assert word_style.font.size == Pt(size)
    assert bool(word_style.font.bold) is bold


def test_no_theme_font_overrides_the_names(exported_demo):
    styles_xml = exported_demo.document.styles.element.xml
    assert "Theme=" not in styles_xml and "w:asciiTheme" not in styles_xml


def test_body_text_is_indented_two_characters_on_a_22_line_page(exported_demo):
    document = exported_demo.document
    normal = document.styles["Normal"]
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    # 225 mm of text block / 22 lines = 28.95 pt a line
    assert grid.get(qn("w:linePitch")) == "579"
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    # 28 characters a line: 16 pt characters condensed to ≤ 156 mm / 28
    spacing = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:spacing"))
    assert 28 * (16 + int(spacing.get(qn("w:val"))) / 20) <= 156 / 25.4 * 72


def mm(*lengths) -> tuple:
    return tuple(round(length.mm) for length in lengths)


def test_a4_with_the_official_margins_and_attachment_1_landscape(exported_demo):
    body, scoring, basic = exported_demo.document.sections
    for section in (body, basic):
        assert mm(section.page_width, section.page_height) == (210, 297)
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == (
            37,
            35,
            28,
            26,
        )
    assert scoring.orientation == WD_ORIENT.LANDSCAPE
    assert mm(scoring.page_width, scoring.page_height) == (297, 210)


def test_page_numbers_dash_number_dash_odd_right_even_left(exported_demo):
    document = exported_demo.document
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert paragraph.style.name == "Footer"
        xml = paragraph._p.xml
        assert "PAGE" in "".join(node.text for node in paragraph._p.iter(qn("w:instrText")))
        texts = [node.text for node in paragraph._p.iter(qn("w:t"))]
        assert texts == ["— ", "1", " —"]
        assert 'w:eastAsia="宋体"' in xml
    assert section.footer.paragraphs[0].paragraph_format.right_indent == Pt(14)  # one character in
    assert section.even_page_footer.paragraphs[0].paragraph_format.left_indent == Pt(14)


def _tables(exported_demo) -> list[DocTable]:
    return [item for item in body_items(exported_demo.document) if isinstance(item, DocTable)]


def test_budget_and_three_public_tables_are_word_tables_with_the_seed_figures(exported_demo):
    budget, three_public = _tables(exported_demo)[:2]
    assert budget.rows[0] == ["项目", "支出合计", "基本支出", "项目支出", "政府专项"]
    for (label, figures), row in zip(seed_table("（一）").items(), budget.rows[1:], strict=True):
        assert row == [label, *(format_amount_table(Decimal(f)) for f in figures)]
    assert three_public.rows[0] == ["", "因公出国出境", "公车购置、运行", "公务接待", "合计"]
    for (label, figures), row in zip(seed_table("（二）").items(), three_public.rows[1:], strict=True):
        assert row == [label, *(format_amount_table(f) for f in figures)]
    tables = exported_demo.document.tables
    assert tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on each page


def test_scoring_table_merges_the_indicator_groups(exported_demo):
    scoring = _tables(exported_demo)[2]
    assert scoring.rows[0][:4] == ["一级指标", "二级指标", "三级指标", "分值"]
    level1 = [row[0] for row in scoring.rows[1:-1] if row[0] is not None]
    assert level1 == ["投入", "过程", "产出", "效果"]  # once each, merged down
    assert scoring.rows[-1][0].startswith("总分")


def test_draft_carries_the_watermark(exported_demo):
    assert exported_demo.status != "approved"
    header = exported_demo.document.sections[0].header
    assert 'string="草稿"' in header._element.xml
    assert exported_demo.document.core_properties.category == "草稿"


def test_approved_report_has_no_draft_mark(seed_evaluation):
    from evaluations.models import Evaluation, EvaluationStatus
    from reports.docx.export import render_report_docx

    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.APPROVED)
    seed_evaluation.refresh_from_db()
    document = Document(io.BytesIO(render_report_docx(evaluation=seed_evaluation)))
    assert all("草稿" not in section.header._element.xml for section in document.sections)
    assert document.core_properties.category == ""


def test_export_command_writes_docx(demo, tmp_path, exported_demo):
    target = tmp_path / "报告.docx"
    out = io.StringIO()
    call_command("export_report", "103001", "2018", "--format", "docx", "-o", str(target), stdout=out)
    assert "已导出" in out.getvalue()
    assert document_texts(target.read_bytes()) == document_texts(exported_demo.docx)


def test_numbers_in_docx_are_the_pdfs(exported_demo):
    numbers = set(re.findall(r"\d+\.\d+", "\n".join(document_texts(exported_demo.docx))))
    assert numbers == set(re.findall(r"\d+\.\d+", exported_demo.pdf_body_text))
