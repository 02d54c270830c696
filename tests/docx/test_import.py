"""Last year's Word report into an empty report: what is found, the preview, and the all-or-nothing save."""

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from departments.models import AuditAction, AuditEvent
from evaluations.checks.selectors import evaluation_findings
from evaluations.scoring.selectors import scoring_table
from evaluations.sections.amount_tables import budget_table, three_public_table
from evaluations.selectors import report_bundle
from evaluations.services import SectionConflict, SectionsInvalid
from reports.docx.export import render_report_docx
from reports.docx.importing import word_import_apply, word_import_prepare
from reports.docx.mapping import Found
from reports.rendering import render_report_html, render_report_pdf
from tests.seed_document import seed_table

from .corpus import (
    EXTRA_PARAGRAPH,
    later_outline_docx,
    numbered_merged_docx,
    paragraphs_under,
    seed_docx,
    seed_docx_miscounted_divisions,
    seed_docx_with_extras,
)

pytestmark = pytest.mark.django_db


def values(preview) -> dict:
    return {(row.section.split()[0], row.label): row.value for row in preview.fields}


# The seed's 三公 columns → the report's fields each fills. The seed prints 公车购置 and 公车运行维护 in ONE
# column 「公车购置、运行」 (its row 部门预算数 0 0 2 2); the import fills both fields from it only when it is
# 0, as it is in the seed (a nonzero sum is offered, not split).
THREE_PUBLIC_FIELDS = {
    "因公出国出境": ("因公出国（境）",),
    "公车购置、运行": ("公车购置", "公车运行维护"),
    "公务接待": ("公务接待",),
}


@pytest.mark.parametrize("variant", ["heading-styles", "list-numbering-merged-cells"])
def test_seed_tables_give_every_figure(empty_report, variant):
    """Every figure of the seed's two tables: each typed cell is found in the preview from its cell,
    and after the import the report prints both tables exactly as the seed (支出合计 and 合计 included,
    which the report derives)."""
    data = seed_docx(styled=True) if variant == "heading-styles" else numbered_merged_docx()
    preview = word_import_prepare(evaluation=empty_report, data=data)
    found = values(preview)
    budget, three = seed_table("（一）"), seed_table("（二）")
    assert list(budget) == ["年初部门预算", "调整预算数", "部门决算数", "其中：资产购置支出"]
    assert list(three) == ["部门预算数", "部门决算数"]
    expected = {}
    for label, (_total, *figures) in budget.items():
        for column, figure in zip(("基本支出", "项目支出", "政府专项"), figures, strict=True):
            expected[("二（一）", f"{label} {column}")] = figure
    for label, (*figures, _total) in three.items():
        side = label.removeprefix("部门")  # 预算数 / 决算数
        for column, figure in zip(THREE_PUBLIC_FIELDS, figures, strict=True):
            fields = [("二（二）", f"{name}{side}") for name in THREE_PUBLIC_FIELDS[column]]
            if len(fields) > 1:  # the seed's 公车 cell is 0, so each of its fields is 0
                assert figure == 0
            expected.update(dict.fromkeys(fields, figure))
    table_fields = {key: Decimal(value) for key, value in found.items() if key[0] in ("二（一）", "二（二）")}
    assert table_fields == expected and len(expected) == 12 + 8

    word_import_apply(evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints)
    bundle = report_bundle(empty_report)
    printed_budget, printed_three = budget_table(bundle), three_public_table(bundle)
    assert printed_budget.columns == ["支出合计", "基本支出", "项目支出", "政府专项"]
    assert printed_three.columns == ["因公出国出境", "公车购置、运行", "公务接待", "合计"]
    assert {label: [Decimal(c) for c in cells] for label, cells in printed_budget.rows} == budget
    assert {label: [Decimal(c) for c in cells] for label, cells in printed_three.rows} == three


ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")


def ordinal_items(paragraph: str) -> list[str]:
    """「一是A；二是B。」 → ["A", "B"], as the report keeps a list written in one paragraph."""
    items = [ORDINAL.sub("", item) for item in re.split(r"；(?=[一二三四五六七八九十]+是)", paragraph)]
    return [*items[:-1], items[-1].rstrip("。")]


@pytest.mark.parametrize("variant", ["heading-styles", "manual-numbering", "list-numbering-merged-cells"])
def test_headings_map_texts_and_lists(empty_report, variant):
    """Every text under a heading of the seed lands, in full, in the field of that heading."""
    data = {
        "heading-styles": lambda: seed_docx(styled=True),
        "manual-numbering": lambda: seed_docx(styled=False),
        "list-numbering-merged-cells": numbered_merged_docx,
    }[variant]()
    preview = word_import_prepare(evaluation=empty_report, data=data)
    found = values(preview)
    assert found[("一", "编制数")] == "8" and found[("一", "实有在职人数")] == "10"
    assert found[("一", "编制类型")] == "事业编制"
    assert found[("一", "领导职数")] == "主任、1；副主任、3"
    assert found[("一", "内设机构")] == "办公室；业务科；督查科；热线综合科；优化综合科"

    staff, duties, intro, *key_work = paragraphs_under("1、 部门基本情况")
    assert staff.startswith("长沙市天心区政务服务中心为") and intro == "2018年主要完成了以下几项重点工作："
    (goals,) = paragraphs_under("3、 绩效目标情况")
    (spending,) = paragraphs_under("2、 整体支出情况")
    (variance,) = paragraphs_under("（三）项目支出年初预算")
    (fund_management,) = paragraphs_under("1、项目资金管理情况")
    (implementation,) = paragraphs_under("2、项目组织实施情况")
    (rationality,) = paragraphs_under("整体绩效目标合理性分析")
    (output,) = paragraphs_under("整体绩效产出情况分析")
    (problems,) = paragraphs_under("四、存在的主要问题")
    texts = {(item.slug, item.key): item.value for item in preview.found if isinstance(item.value, str)}
    narratives = {key: value for key, value in texts.items() if key[1].startswith("narratives.")}
    assert texts[("profile", "profile.duties")] == duties
    assert narratives == {
        ("spending", "narratives.spending_summary_override"): spending,
        ("variance", "narratives.variance_analysis_override"): variance,
        ("projects", "narratives.project_fund_management"): fund_management,
        ("projects", "narratives.project_implementation_override"): implementation,
        ("performance", "narratives.goal_rationality_analysis"): rationality,
        ("performance", "narratives.output_analysis"): output,
        ("problems", "narratives.problems_and_measures"): problems,
    }
    lists = {
        item.key: [row["text"] for row in item.value] for item in preview.found if item.key in ("key_work", "goals")
    }
    assert len(key_work) == 5 and lists["key_work"] == [ORDINAL.sub("", item) for item in key_work]
    assert lists["goals"] == ordinal_items(goals) and len(lists["goals"]) == 4
    assert preview.unmatched == []


MISCOUNTED = (
    "写明内设四个科室，但列出5个名称（办公室、业务科、督查科、热线综合科、优化综合科），"
    "内设机构未导入，请导入后在“一 1 部门基本情况”页面上填写"
)


def test_a_count_that_disagrees_with_the_names_is_offered_not_taken(empty_report):
    """「内设四个科室，分别是」 five names: which is wrong is not guessed — the names are listed for the
    user, the list is not filled; the sentence's other figures are still taken."""
    from reports.docx.mapping import profile_findings

    found, offered = profile_findings("内设四个科室，分别是办公室、业务科、督查科、热线综合科、优化综合科。", "第4段")
    assert found == [] and offered == [f"第4段：{MISCOUNTED}"]
    found, offered = profile_findings("内设两个股室，分别是办公室和业务股。", "第4段")
    assert [item.value for item in found] == [[{"name": "办公室"}, {"name": "业务股"}]] and offered == []

    preview = word_import_prepare(evaluation=empty_report, data=seed_docx_miscounted_divisions())
    found = values(preview)
    assert ("一", "内设机构") not in found
    assert found[("一", "编制数")] == "8" and found[("一", "领导职数")] == "主任、1；副主任、3"
    assert preview.unmatched == [f"第4段「长沙市天心区政务服务中心为天心区人民政府直属事业…」：{MISCOUNTED}"]
    word_import_apply(evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints)
    profile = empty_report.department.profiles.get(fiscal_year_id=2018)
    assert profile.staff_quota == 8 and not profile.divisions.exists()


def test_paragraphs_and_tables_the_report_has_no_place_for_are_listed(empty_report):
    """A table of people under 一 3 and a paragraph under a heading of no outline: listed as not
    imported, nothing of them taken, nothing else lost."""
    plain = word_import_prepare(evaluation=empty_report, data=seed_docx())
    preview = word_import_prepare(evaluation=empty_report, data=seed_docx_with_extras())
    assert preview.unmatched == [
        "表1（3行，首行：序号、姓名、职务）：未识别的表格",
        "第39段「本单位2018年度无其他需要说明的事项，特此说明…」：不在可识别的标题之下",
    ]
    assert values(preview) == values(plain)
    assert not any(EXTRA_PARAGRAPH in row.value or "张三" in row.value for row in preview.fields)


def test_preview_shows_source_and_current_value_and_saves_nothing(seed_evaluation):
    before = AuditEvent.objects.count()
    preview = word_import_prepare(evaluation=seed_evaluation, data=seed_docx())
    row = next(row for row in preview.fields if row.label == "编制数")
    assert row.current == "8" and row.value == "8" and row.source.startswith("第")
    table_row = next(row for row in preview.fields if row.label == "部门决算数 基本支出")
    assert table_row.source == "表1 第4行第3列" and table_row.current == "330.55"
    assert AuditEvent.objects.count() == before


def test_later_outline_headings_are_recognised(seed_evaluation):
    import io

    from docx import Document

    from evaluations.outlines.selectors import outline_for
    from reports.docx.mapping import map_document
    from reports.docx.reading import body_items

    mapping = map_document(body_items(Document(io.BytesIO(later_outline_docx()))), outline_for(seed_evaluation))
    matched = dict(mapping.headings)
    assert matched["（一）单位基本概况"] == "一 1 部门基本情况"
    assert matched["（一）2018年度整体支出预决算情况"] == "二（一） 整体支出情况表"
    assert matched["五、存在的主要问题及改进措施"] == "四 存在的主要问题及改进措施或有关建议"
    assert any(item.key == "narratives.problems_and_measures" for item in mapping.found)


def test_apply_saves_all_sections_with_one_import_event(empty_report, django_user_model):
    user = django_user_model.objects.get(username="filler")
    preview = word_import_prepare(evaluation=empty_report, data=seed_docx())
    saved = word_import_apply(
        evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints, user=user, source="2018.docx"
    )
    assert saved == [
        "profile",
        "spending",
        "goals",
        "budget-table",
        "three-public",
        "variance",
        "projects",
        "performance",
        "problems",
    ]
    events = AuditEvent.objects.filter(department=empty_report.department, action=AuditAction.IMPORT)
    assert [(e.object_label, e.user) for e in events] == [("2018.docx", user)]
    empty_report.refresh_from_db()
    assert empty_report.problems_and_measures.startswith("资金安排")
    assert empty_report.department.profiles.get(fiscal_year_id=2018).staff_quota == 8


def test_conflict_when_the_report_changed_since_the_preview(empty_report):
    preview = word_import_prepare(evaluation=empty_report, data=seed_docx())
    first = word_import_prepare(evaluation=empty_report, data=seed_docx())
    word_import_apply(evaluation=empty_report, found=first.found, fingerprints=first.fingerprints)
    count = AuditEvent.objects.count()
    with pytest.raises(SectionConflict):
        word_import_apply(evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints)
    assert AuditEvent.objects.count() == count


def test_a_refused_value_saves_nothing(empty_report):
    preview = word_import_prepare(evaluation=empty_report, data=seed_docx())
    bad = [*preview.found, Found("three-public", "three.reception__actual_amount", "公务接待决算数", "-5", "表2")]
    with pytest.raises(SectionsInvalid) as refused:
        word_import_apply(evaluation=empty_report, found=bad, fingerprints=preview.fingerprints)
    assert "公务接待" in str(refused.value) or refused.value.problems
    empty_report.refresh_from_db()
    assert empty_report.problems_and_measures == ""
    assert not AuditEvent.objects.filter(department=empty_report.department).exists()


def _text(evaluation, names) -> str:
    evaluation.refresh_from_db()
    text = re.sub(r"<[^>]+>", "", render_report_html(evaluation=evaluation))
    text = re.sub(r'content="[^"]*"', "", text)
    for name in names:
        text = text.replace(name, "单位名称")
    return re.sub(r"\s+", "", text)


def _pdf_pages(evaluation) -> list[str]:
    """The text of each page of the report's PDF, rendered now (not from the cache)."""
    evaluation.refresh_from_db()
    pdf = render_report_pdf(evaluation=evaluation, cache=False)
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _unnamed(pages: list[str], *names: str) -> list[str]:
    for name in names:
        pages = [page.replace(name, "单位名称") for page in pages]
    return pages


def _findings(evaluation):
    evaluation.refresh_from_db()
    return [(f.finding.code, f.finding.section, f.finding.message) for f in evaluation_findings(evaluation)]


def _scores(evaluation):
    table = scoring_table(evaluation)
    return [(row.name, row.value_display, row.score, row.status) for row in table.rows], table.total


def test_round_trip_export_then_import_into_another_department(seed_evaluation, empty_report):
    """The demo exported to Word and read back into another department's empty report (the user
    picking the offered categories) gives the demo's checks and 评分表, and prints the same PDF,
    page by page (text, figures, 评分表 and 基础数据表), names apart."""
    preview = word_import_prepare(evaluation=empty_report, data=render_report_docx(evaluation=seed_evaluation))
    assert preview.unmatched == []
    chosen = {choice.key: choice.candidates[0][0] for choice in preview.choices}
    word_import_apply(evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints, choices=chosen)
    assert _findings(empty_report) == _findings(seed_evaluation)
    assert _scores(empty_report) == _scores(seed_evaluation)
    source, twin = seed_evaluation.department, empty_report.department
    assert twin.full_name != source.full_name  # the one thing the PDFs may differ by (no short name or code is printed)
    twin_pages, demo_pages = _pdf_pages(empty_report), _pdf_pages(seed_evaluation)
    # the twin prints its own name, and the demo's where 二（四）'s text names it, as written
    assert twin.full_name in "".join(twin_pages) and source.full_name in "".join(twin_pages)
    assert _unnamed(twin_pages, twin.full_name, source.full_name) == _unnamed(demo_pages, source.full_name)
    assert len(demo_pages) >= 8 and all(figure in "".join(demo_pages) for figure in ("478.90", "330.55", "71.42"))
    assert _text(empty_report, [twin.full_name, source.full_name]) == _text(seed_evaluation, [source.full_name])


def test_round_trip_lines_give_the_demos_checks_and_scores(seed_evaluation, empty_report):
    """一 2's functional lines (by exact catalogue name, the rest offered) and 二（四）'s project lines
    come back from their sentences, so the checks and the 评分表 equal the demo's."""
    preview = word_import_prepare(evaluation=empty_report, data=render_report_docx(evaluation=seed_evaluation))
    offered = {choice.phrase: [code for code, _ in choice.candidates] for choice in preview.choices}
    assert set(offered) == {"干部教育培训支出 5.1万元", "科技成果转化于扩散 50.1万元"}  # not the catalogue's names
    assert (
        offered["干部教育培训支出 5.1万元"][0] == "2050802" and offered["科技成果转化于扩散 50.1万元"][0] == "2060404"
    )
    lines = next(item for item in preview.found if item.slug == "spending" and item.key == "lines")
    assert [row["category"] for row in lines.value] == ["2010306", "", "", "208", "210", "221"]
    projects = next(item for item in preview.found if item.slug == "projects" and item.key == "lines")
    assert [(row["name"], row["actual"]) for row in projects.value] == [
        ("政务公开审批", "93.14"),
        ("干部教育培训", "5.01"),
        ("科技成果转化于扩散", "50.1"),
    ]
    assert projects.value[0]["management"] == "均按照单位内部控制制度，财务管理制度严格监督考核"
    chosen = {choice.key: choice.candidates[0][0] for choice in preview.choices}  # what the user picks
    word_import_apply(evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints, choices=chosen)
    assert _findings(empty_report) == _findings(seed_evaluation)
    assert _scores(empty_report) == _scores(seed_evaluation)
    stored = empty_report.department.budgets.get(fiscal_year_id=2018)
    assert [(line.category.code, line.label, line.amount) for line in stored.functional_lines.all()] == [
        (line.category.code, line.label, line.amount)
        for line in seed_evaluation.department.budgets.get(fiscal_year_id=2018).functional_lines.all()
    ]


def test_an_offered_line_left_unchosen_is_not_imported(seed_evaluation, empty_report):
    preview = word_import_prepare(evaluation=empty_report, data=render_report_docx(evaluation=seed_evaluation))
    word_import_apply(evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints, choices={})
    stored = empty_report.department.budgets.get(fiscal_year_id=2018)
    assert [line.category.code for line in stored.functional_lines.all()] == ["2010306", "208", "210", "221"]


def test_a_category_that_was_not_offered_saves_nothing(seed_evaluation, empty_report):
    preview = word_import_prepare(evaluation=empty_report, data=render_report_docx(evaluation=seed_evaluation))
    bad = {choice.key: "221" for choice in preview.choices}
    with pytest.raises(SectionsInvalid):
        word_import_apply(evaluation=empty_report, found=preview.found, fingerprints=preview.fingerprints, choices=bad)
    assert not AuditEvent.objects.filter(department=empty_report.department).exists()


def test_project_sentence_that_does_not_split_is_offered_not_guessed():
    from reports.docx.mapping import functional_lines_from_text, project_lines_from_text

    found, notes = project_lines_from_text("2018年度我单位项目资金共10万元，其中若干项目合计约十万元。", "第9段")
    assert found is None and "未能逐项拆分" in notes[0]
    found, notes = functional_lines_from_text("主要用于办公和差旅。", "第5段", {})
    assert found is None and "未能逐项拆分" in notes[0]


def test_an_automatically_numbered_item_that_is_no_heading_stays_text(seed_evaluation):
    from evaluations.outlines.selectors import outline_for
    from reports.docx.mapping import map_document
    from reports.docx.reading import DocParagraph

    items = [
        DocParagraph(0, "某单位2018年度绩效自评报告", "Normal", None, False),
        DocParagraph(1, "存在的主要问题", "Normal", None, True, 0),
        DocParagraph(2, "制度有待完善", "Normal", None, True, 1),  # a numbered list item, not a heading
        DocParagraph(3, "下一步将修订内部管理办法。", "Normal", None, False),
    ]
    mapping = map_document(items, outline_for(seed_evaluation))
    problems = next(item for item in mapping.found if item.key == "narratives.problems_and_measures")
    assert problems.value == "制度有待完善\n下一步将修订内部管理办法。"
    assert mapping.unmatched == []
