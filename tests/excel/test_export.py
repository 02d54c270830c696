"""The exported workbooks look like something an office sends out, and the summary adds up."""

import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.utils import get_column_letter

from budgets.models import DepartmentBudget
from departments.models import ReviewerScope
from evaluations.models import Evaluation
from evaluations.selectors import report_bundle
from reports.excel.report_workbook import build_report_workbook, workbook_bytes
from reports.excel.summary import summary_workbook_file
from tests.factories import DepartmentBudgetFactory, DepartmentFactory, RegionFactory, ThreePublicLineFactory

DATA_SHEETS = ["整体支出", "三公经费", "支出功能分类", "项目支出", "基础数据表"]


@pytest.fixture
def exported(seed_evaluation):
    data = workbook_bytes(build_report_workbook(report_bundle(seed_evaluation)))
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_in_order_with_chinese_titles_and_the_unit(exported):
    assert exported.sheetnames == ["整体支出", "三公经费", "支出功能分类", "项目支出", "评分表", "基础数据表"]
    for name in DATA_SHEETS:
        sheet = exported[name]
        assert sheet["A1"].value.startswith("长沙市天心区政务服务中心2018年度")
        assert sheet["A2"].value == "单位：万元"


def cell_style_ids(data: bytes, sheet_index: int) -> dict[str, str]:
    """The style index of every written cell of a sheet, read from the file's XML.

    (openpyxl itself drops the style of merged cells other than the top-left one when it
    *reads* a file, so the file has to be inspected directly.)
    """
    xml = zipfile.ZipFile(io.BytesIO(data)).read(f"xl/worksheets/sheet{sheet_index + 1}.xml").decode()
    return dict(re.findall(r'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', xml))


def test_merged_titles_and_headers_are_styled_on_every_cell(seed_evaluation):
    data = workbook_bytes(build_report_workbook(report_bundle(seed_evaluation)))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for index, name in enumerate(workbook.sheetnames):
        sheet = workbook[name]
        assert (sheet["A1"].font.name, sheet["A1"].font.b) == ("黑体", True)
        styles = cell_style_ids(data, index)
        for merged_range in sheet.merged_cells.ranges:
            refs = [f"{get_column_letter(c)}{r}" for r, c in merged_range.cells]
            assert {styles.get(ref) for ref in refs} == {styles[refs[0]]}, (name, str(merged_range))
        title = next(r for r in sheet.merged_cells.ranges if r.min_row == 1)
        assert title.max_col >= 3


def test_amounts_are_real_numbers_formatted_0_00(exported):
    table = exported["整体支出"]
    header = [cell.value for cell in table[3]]
    assert header == ["项目", "支出合计（自动计算）", "基本支出", "项目支出", "政府专项"]
    assert [table.cell(6, c).value for c in range(1, 6)] == ["部门决算数", 478.9, 330.55, 148.35, 0]
    for c in range(2, 6):
        cell = table.cell(6, c)
        assert cell.data_type == "n" and cell.number_format == "0.00"
    lines = exported["支出功能分类"]
    assert lines["B4"].value == "2010306" and lines["B4"].data_type == "s"  # a code stays text
    assert lines["E4"].value == 373.98 and lines["E4"].number_format == "0.00"
    assert lines["E10"].value == 478.89  # 合计 of the functional lines (the seed's 478.89 vs 478.9)


def test_layout_widths_frozen_headers_and_a4_landscape_fit_to_width(exported):
    for name in exported.sheetnames:
        sheet = exported[name]
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == "9"  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert all(dimension.width and dimension.width >= 6 for dimension in sheet.column_dimensions.values())
    assert exported["整体支出"].freeze_panes == "B4"
    assert exported["项目支出"].freeze_panes == "A4"
    assert exported["整体支出"].print_title_rows == "$1:$3"
    assert exported["项目支出"].column_dimensions["B"].width >= 20  # project names are readable


def test_cells_use_a_cjk_font(exported):
    fonts = {cell.font.name for sheet in exported for row in sheet.iter_rows() for cell in row if cell.value}
    assert fonts <= {"宋体", "黑体"}


# District summary -----------------------------------------------------------------------------
def summary(user, year=2018):
    with summary_workbook_file(user=user, year=year) as handle:  # what the download streams
        data = handle.read()
    return openpyxl.load_workbook(io.BytesIO(data))["汇总表"]


def rows_of(sheet):
    header = [cell.value for cell in sheet[4]]
    body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    return header, body[:-1], body[-1]


def test_summary_has_a_row_per_department_in_scope_and_totals_equal_the_sums(demo):
    reviewer = get_user_model().objects.get(username="reviewer")
    header, body, totals = rows_of(summary(reviewer))
    assert len(body) == 2 and totals[0] == "合计（2 个部门）"
    names = [row[2] for row in body]
    assert "长沙市天心区政务服务中心" in names
    seed = body[names.index("长沙市天心区政务服务中心")]
    assert seed[3] == "草稿"
    budgets = list(DepartmentBudget.objects.filter(fiscal_year_id=2018))
    column = {name: index for index, name in enumerate(header) if name}
    actual_total = sum((b.basic_actual + b.project_actual for b in budgets), Decimal("0"))
    # every amount column: the totals row equals the sum of the department rows, and the rows the stored figures
    for index in range(4, 13):
        values = [Decimal(str(row[index])) for row in body if row[index] is not None]
        assert Decimal(str(totals[index])).quantize(Decimal("0.01")) == sum(values, Decimal("0")).quantize(
            Decimal("0.01")
        )
    assert Decimal(str(totals[6])).quantize(Decimal("0.01")) == actual_total  # 决算 支出合计
    assert seed[6] == 478.9 and seed[11] == 2 and seed[12] == 0  # 三公 预算 2, 决算 0
    assert "错误" in column and seed[column["错误"]] >= 1  # the seed's real inconsistencies are counted


def test_summary_shows_only_departments_in_the_reviewers_region(demo):
    other_region = RegionFactory(name="长沙市岳麓区", short_name="岳麓区")
    DepartmentFactory(region=other_region, full_name="岳麓区某单位")
    reviewer = get_user_model().objects.get(username="reviewer")
    _, body, _ = rows_of(summary(reviewer))
    assert "岳麓区某单位" not in [row[2] for row in body]


def make_departments(region, count):
    for _ in range(count):
        budget = DepartmentBudgetFactory(department=DepartmentFactory(region=region))
        ThreePublicLineFactory(budget=budget)
        Evaluation.objects.create(department=budget.department, fiscal_year_id=2018)


@pytest.mark.django_db
def test_summary_query_count_does_not_grow_with_departments(django_assert_max_num_queries):
    region = RegionFactory()
    reviewer = get_user_model().objects.create_user("r")
    ReviewerScope.objects.create(user=reviewer, region=region)
    make_departments(region, 2)
    with CaptureQueriesContext(connection) as two:
        assert len(rows_of(summary(reviewer))[1]) == 2
    make_departments(region, 18)
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert len(rows_of(summary(reviewer))[1]) == 20


def test_summary_of_a_reviewer_without_departments_is_an_empty_table(demo):
    from departments.models import Region

    outsider = get_user_model().objects.create_user("outsider")
    ReviewerScope.objects.create(user=outsider, region=Region.objects.create(name="长沙市岳麓区", short_name="岳麓区"))
    _, body, totals = rows_of(summary(outsider))
    assert body == [] and totals[0] == "合计（0 个部门）"


def test_scoring_sheet_is_the_reports_scoring_table(seed_evaluation, exported):
    from evaluations.scoring.selectors import scoring_table

    table = scoring_table(seed_evaluation)
    sheet = exported["评分表"]
    assert [cell.value for cell in sheet[3]] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "评分标准",
        "本单位执行情况",
        "得分",
        "评分说明",
    ]
    names = [sheet.cell(r, 3).value for r in range(4, 4 + len(table.rows))]
    assert names == [row.name for row in table.rows]
    staff = sheet.cell(4, 6).value
    assert names[0] == "在职人员控制率" and staff.startswith("125.00%") and "编制数：8" in staff
    total_row = 4 + len(table.rows)
    assert sheet.cell(total_row, 1).value == ("总分" if table.complete else "总分（暂计）")
    assert Decimal(str(sheet.cell(total_row, 7).value)) == table.total
    assert sheet.cell(total_row, 8).value == f"等级：{table.grade_display}"
    assert sheet.cell(4, 7).number_format == "0.00" and sheet.cell(4, 4).data_type == "n"
    basic = exported["基础数据表"]
    assert [basic.cell(5, c).value for c in (1, 2, 3)] == [8, 10, "125.00%"]  # 编制数, 实有, 控制率


def test_summary_scores_equal_each_reports_scoring_table(demo):
    from evaluations.scoring.selectors import scoring_table
    from evaluations.scoring.services import manual_score_set, scoring_freeze
    from evaluations.summaries import department_summaries

    reviewer = get_user_model().objects.get(username="reviewer")
    filler = get_user_model().objects.get(username="filler")
    seed, other = (
        Evaluation.objects.get(department__full_name="长沙市天心区政务服务中心"),
        Evaluation.objects.exclude(department__full_name="长沙市天心区政务服务中心").get(),
    )
    table = scoring_table(seed)
    manual_row = next(row for row in table.rows if row.manual)
    # through the services, which keep the stored summaries the workbook reads
    manual_score_set(evaluation=seed, indicator_id=manual_row.indicator_id, score=1, reason="测试", user=filler)
    scoring_freeze(evaluation=other)
    departments = [seed.department, other.department]
    rows = {row.evaluation.pk: row for row in department_summaries(departments, year=2018)}
    for evaluation in (seed, other):
        expected = scoring_table(evaluation)
        assert rows[evaluation.pk].score == expected.total
        assert rows[evaluation.pk].grade == (expected.grade or f"待定（{expected.pending}项未评分）")
    assert rows[seed.pk].score == table.total + 1

    header, body, _ = rows_of(summary(reviewer))
    seed_row = next(row for row in body if row[2] == "长沙市天心区政务服务中心")
    assert Decimal(str(seed_row[header.index("得分")])) == table.total + 1
