"""The demo PDF reads like the seed report: same title, headings in order, every sentence and figure."""

import re
from decimal import Decimal

from budgets.money import format_amount_table
from tests.seed_document import seed_headings, seed_numbers, seed_paragraphs, seed_table, seed_title

from .conftest import normalize


def test_title_is_built_from_region_and_year_and_matches_the_seed(rendered_demo):
    assert rendered_demo.title == seed_title()
    assert normalize(rendered_demo.pages_text[0]).startswith(normalize(seed_title()))


def test_every_seed_heading_appears_in_order(rendered_demo):
    text = normalize(rendered_demo.body_text)
    position = 0
    for heading in seed_headings():
        found = text.find(normalize(heading), position)
        assert found >= 0, f"heading missing or out of order: {heading}"
        position = found + len(normalize(heading))


def test_every_seed_paragraph_appears(rendered_demo):
    text = normalize(rendered_demo.body_text)
    missing = [paragraph for paragraph in seed_paragraphs() if normalize(paragraph) not in text]
    assert missing == []


def test_paragraphs_follow_the_seed_order(rendered_demo):
    text = normalize(rendered_demo.body_text)
    positions = [text.find(normalize(paragraph)) for paragraph in seed_paragraphs()]
    assert positions == sorted(positions)


def test_budget_table_rows_carry_the_seed_figures_with_two_decimals(rendered_demo):
    text = rendered_demo.text
    assert "项目 支出合计 基本支出 项目支出 政府专项" in text
    rows = seed_table("（一）")
    assert set(rows) == {"年初部门预算", "调整预算数", "部门决算数", "其中：资产购置支出"}
    for label, figures in rows.items():
        expected = " ".join([label, *(format_amount_table(Decimal(f)) for f in figures)])
        assert expected in text.splitlines(), expected


def test_three_public_table_rows_carry_the_seed_figures(rendered_demo):
    text = rendered_demo.text
    assert "因公出国出境 公车购置、运行 公务接待 合计" in text
    for label, figures in seed_table("（二）").items():
        expected = " ".join([label, *(format_amount_table(f) for f in figures)])
        assert expected in text.splitlines(), expected
    assert text.count("单位：万元") == 3  # 二（一）, 二（二） and 附件2


def test_every_figure_of_the_seed_appears(rendered_demo):
    written = set(re.findall(r"\d+(?:\.\d+)?", rendered_demo.text))
    # Table cells always show two decimals (478.90); the seed's prose and tables write 478.9.
    written |= {figure.rstrip("0").rstrip(".") for figure in written if "." in figure}
    assert seed_numbers() - written == set()


def test_bookmark_debris_is_not_content(rendered_demo):
    assert "bookmark" not in rendered_demo.text and "_GoBack" not in rendered_demo.text


def test_page_numbers_are_centred_dashes(rendered_demo):
    for number, text in enumerate(rendered_demo.pages_text, start=1):
        assert text.rstrip().endswith(f"— {number} —"), f"page {number} has no 「— {number} —」"


def test_odd_page_numbers_sit_right_and_even_ones_left(rendered_demo):
    for number, page in enumerate(rendered_demo.reader.pages, start=1):
        positions = []

        def visit(text, cm, tm, font, size, positions=positions, number=number):
            if re.fullmatch(rf"—?\s*{number}\s*—?", text.strip()):
                positions.append((cm[4] + tm[4], size * cm[0]))

        page.extract_text(visitor_text=visit)
        assert positions, f"page number {number} not found"
        x, _ = positions[-1]
        middle = float(page.mediabox.width) / 2
        assert (x > middle) if number % 2 else (x < middle), f"page {number}: number at x={x:.0f}"


def test_pages_are_a4(rendered_demo):
    """Portrait A4 for the report; the wide 评分表 (附件1) is landscape A4."""
    sizes = []
    for page in rendered_demo.reader.pages:
        size = (round(float(page.mediabox.width) * 25.4 / 72), round(float(page.mediabox.height) * 25.4 / 72))
        assert size in {(210, 297), (297, 210)}
        sizes.append(size)
    landscape = [i for i, size in enumerate(sizes) if size == (297, 210)]
    assert landscape and "附件1" in rendered_demo.pages_text[landscape[0]]


def test_metadata_names_title_department_and_creation_date(rendered_demo):
    metadata = rendered_demo.reader.metadata
    assert metadata.title == rendered_demo.title
    assert metadata.author == rendered_demo.department
    assert metadata.creation_date is not None


def test_fonts_are_embedded_cjk_fonts(rendered_demo):
    fonts = {}
    for page in rendered_demo.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = embedded
    assert fonts and all(fonts.values()), f"not embedded: {[name for name, ok in fonts.items() if not ok]}"
    cjk = ("Fandol", "Noto-Serif-CJK", "Noto-Sans-CJK", "NotoSerifCJK", "NotoSansCJK", "UKai")
    assert [name for name in fonts if not name.startswith(cjk)] == []
    # 仿宋 body, 标宋 title (bold), 黑体 一、 headings, 楷体 （一） headings.
    names = " ".join(fonts)
    assert "FandolFang" in names
    assert re.search(r"FandolSong-Bold|Noto-?Serif-?CJK-?SC-?Bold", names)
    assert re.search(r"Noto-?Sans-?CJK-?SC|FandolHei", names)
    assert re.search(r"FandolKai|UKai", names)


def test_the_pdf_shows_the_headings_of_the_html_template_in_order(rendered_demo):
    assert rendered_demo.templates[0] == "reports/report.html"
    headings = [
        re.sub(r"<[^>]+>", "", heading)
        for heading in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", rendered_demo.html, flags=re.S)
    ]
    assert len(headings) == len(seed_headings()) + 1  # the title and every heading of the seed
    text, position = normalize(rendered_demo.body_text), 0
    for heading in headings:
        found = text.find(normalize(heading), position)
        assert found >= 0, f"HTML heading not in the PDF (or out of order): {heading}"
        position = found + len(normalize(heading))
