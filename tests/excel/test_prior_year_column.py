"""The 基础数据表's 上年决算 column is imported (上年数 of a first year) and shows last year's record."""

from decimal import Decimal

import pytest

from budgets.importing import budget_import_apply, budget_import_prepare
from budgets.models import DepartmentBudget
from departments.models import FiscalYear
from evaluations.selectors import report_bundle
from reports.excel.report_workbook import build_report_workbook, workbook_bytes

from .conftest import reopen, save

pytestmark = pytest.mark.django_db


def cell(ws, row_label: str, column_label: str):
    """The cell of a matrix sheet found by its row and column labels (as a reader would)."""
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith(column_label):
                header_row, column = c.row, c.column
                break
        else:
            continue
        break
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, 1).value == row_label:
            return ws.cell(r, column)
    raise AssertionError(f"no row {row_label}")


def test_prior_year_column_of_the_template_is_imported(seed_department, template):
    ws = template["基础数据表"]
    assert "不导入" not in str(cell(ws, "项目支出", "上年决算").value or "")
    cell(ws, "项目支出", "上年决算").value = 140
    cell(ws, "结转结余总额", "上年决算").value = "2.5"
    cell(ws, "其中：办公经费", "上年决算").value = 9
    preview = budget_import_prepare(department=seed_department, fiscal_year_id=2018, data=save(template))
    assert preview.problems == []
    assert {(c.item, c.new) for c in preview.changes} == {
        ("上年决算项目支出", "140.00"),
        ("上年结转结余（年初结余）", "2.50"),
        ("上年决算办公经费", "9.00"),
    }
    budget_import_apply(department=seed_department, fiscal_year_id=2018, state=preview.state, baseline=preview.baseline)
    budget = DepartmentBudget.objects.get(department=seed_department, fiscal_year_id=2018)
    assert (budget.prior_project_actual, budget.prior_carryover) == (Decimal("140.00"), Decimal("2.50"))


def instruction(workbook, topic: str) -> str:
    ws = workbook["填写说明"]
    return next(row[1].value for row in ws.iter_rows() if row[0].value == topic)


def test_the_template_instructions_say_the_prior_year_column_is_imported(template):
    text = instruction(template, "基础数据表")
    not_imported = [sentence for sentence in text.split("。") if "不导入" in sentence]
    assert not_imported == ["“财政供养人员”仅供参考，不导入"]
    assert "“上年决算”列是上年数，会导入" in text
    assert "已有上年度记录时以该记录为准" in text


def test_figures_no_sheet_holds_are_left_as_stored(seed_department, template):
    # 收入合计 has a sheet only in outlines with 部门整体支出概况; the seed report is on the 2018 outline.
    DepartmentBudget.objects.filter(department=seed_department, fiscal_year_id=2018).update(
        income_total=Decimal("500.00")
    )
    preview = budget_import_prepare(department=seed_department, fiscal_year_id=2018, data=save(template))
    assert preview.problems == [] and preview.changes == []


def test_export_shows_last_years_record_and_imports_back_unchanged(seed_evaluation):
    department = seed_evaluation.department
    FiscalYear.objects.create(year=2017)
    DepartmentBudget.objects.create(department=department, fiscal_year_id=2017, project_actual=Decimal("141.00"))
    data = workbook_bytes(build_report_workbook(report_bundle(seed_evaluation)))
    assert cell(reopen(data)["基础数据表"], "项目支出", "上年决算").value == 141
    preview = budget_import_prepare(department=department, fiscal_year_id=2018, data=data)
    assert preview.problems == [] and preview.changes == []  # the record shown back is not a typed 上年数
