"""The workbook follows the report's outline: export, template and import of a report on the Hunan
outline carry 收入合计 / 人员经费 / 公用经费 (收支概况) and derive 基本支出决算; the 2018 outline's are unchanged."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets.importing.layout import BUDGET_TABLE, DEFAULT_LAYOUT, Derived, Field
from budgets.models import DepartmentBudget
from budgets.services import budget_income_spending_save
from departments.models import AuditEvent
from evaluations.models import Evaluation
from evaluations.outlines.selectors import DEFAULT_OUTLINE, outline_for
from evaluations.selectors import report_bundle
from reports.excel.importing import evaluation_budget_import, evaluation_budget_import_prepare, evaluation_layout
from reports.excel.report_workbook import build_report_workbook, workbook_bytes
from reports.excel.template import build_import_template
from tests.outlines.test_outlines import hunan_outline_for

from .conftest import db_figures, reopen, save

D = Decimal
pytestmark = pytest.mark.django_db

INCOME_SHEET = "收支概况"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def hunan_report(seed_evaluation):
    """The seed report (full 2018 figures) on a copy of the Hunan outline, with 收入 and 人员经费 entered
    so that 基本支出决算 = 人员经费 + 公用经费 holds."""
    outline = hunan_outline_for(seed_evaluation.department.region)
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(outline=outline)
    budget = DepartmentBudget.objects.get(department=seed_evaluation.department, fiscal_year_id=2018)
    public_funds = D("40.00")  # the seed has no 基础数据
    personnel = budget.basic_actual - public_funds
    budget_income_spending_save(
        department=seed_evaluation.department,
        fiscal_year_id=2018,
        values={
            "income_total": D("700.25"),
            "personnel_actual": personnel,
            "public_funds_actual": public_funds,
        },
    )
    return Evaluation.objects.get(pk=seed_evaluation.pk)


def find(ws, row_label: str, column_label: str):
    """The cell of a matrix sheet at (row label, column label), found by the labels as a reader would."""
    header = next(row for row in ws.iter_rows() if any(str(cell.value or "").startswith(column_label) for cell in row))
    column = next(cell.column for cell in header if str(cell.value or "").startswith(column_label))
    row = next(row for row in ws.iter_rows() if row[0].value == row_label)
    return ws.cell(row=row[0].row, column=column)


def export(evaluation):
    return workbook_bytes(build_report_workbook(report_bundle(evaluation)))


def test_a_2018_outline_report_keeps_the_default_layout(seed_evaluation):
    assert evaluation_layout(seed_evaluation) == DEFAULT_LAYOUT
    assert DEFAULT_OUTLINE.excel_layout() == DEFAULT_LAYOUT
    workbook = reopen(export(seed_evaluation))
    assert workbook.sheetnames == ["整体支出", "三公经费", "支出功能分类", "项目支出", "评分表", "基础数据表"]


def test_a_hunan_outline_report_exports_income_and_personnel_cells(hunan_report):
    budget = DepartmentBudget.objects.get(department=hunan_report.department, fiscal_year_id=2018)
    workbook = reopen(export(hunan_report))
    assert workbook.sheetnames == [
        INCOME_SHEET,
        "整体支出",
        "三公经费",
        "支出功能分类",
        "项目支出",
        "评分表",
        "基础数据表",
    ]
    sheet = workbook[INCOME_SHEET]
    assert find(sheet, "收入合计", "金额").value == 700.25
    assert D(str(find(sheet, "人员经费", "金额").value)) == budget.personnel_actual
    assert D(str(find(sheet, "公用经费", "金额").value)) == budget.public_funds_actual
    basic = find(sheet, "基本支出（人员经费 + 公用经费）", "金额")
    assert D(str(basic.value)) == budget.basic_actual
    # On the 整体支出 sheet 基本支出决算 is shown as a computed (grey) cell, 年初 stays an input.
    table = workbook["整体支出"]
    actual_basic, initial_basic = find(table, "部门决算数", "基本支出"), find(table, "年初部门预算", "基本支出")
    assert D(str(actual_basic.value)) == budget.basic_actual
    assert actual_basic.fill.fgColor.rgb != initial_basic.fill.fgColor.rgb

    layout = evaluation_layout(hunan_report)
    assert isinstance(layout.get("整体支出").cell("actual", "basic"), Derived)
    assert isinstance(layout.get("基础数据表").cell("public_funds", "actual"), Derived)
    assert layout.get(INCOME_SHEET).cell("public_funds", "amount") == Field(("budget", "public_funds_actual"))
    assert BUDGET_TABLE.cell("actual", "basic") == Field(("budget", "basic_actual"))  # the shared default untouched


def test_round_trip_on_the_hunan_outline_gives_the_same_figures(hunan_report):
    department = hunan_report.department
    before = db_figures(department, 2018)
    exported = export(hunan_report)
    DepartmentBudget.objects.filter(department=department, fiscal_year_id=2018).update(
        income_total=D("1.00"), personnel_actual=None, public_funds_actual=D("2.00"), basic_actual=D("3.00")
    )
    preview = evaluation_budget_import_prepare(evaluation=hunan_report, data=exported)
    assert preview.problems == []
    assert {(c.sheet, c.item) for c in preview.changes} >= {
        (INCOME_SHEET, "收入合计"),
        (INCOME_SHEET, "人员经费决算"),
        (INCOME_SHEET, "公用经费决算"),
    }
    saved = evaluation_budget_import(evaluation=hunan_report, state=preview.state, baseline=preview.baseline)
    assert INCOME_SHEET in saved
    assert db_figures(department, 2018) == before
    assert AuditEvent.objects.filter(department=department, fiscal_year_id=2018, section="income-spending").exists()
    assert evaluation_budget_import_prepare(evaluation=hunan_report, data=exported).changes == []


def test_the_hunan_template_reads_personnel_and_derives_basic_spending(hunan_report):
    layout = evaluation_layout(hunan_report)
    template = build_import_template(hunan_report.department, 2018, layout=layout)
    assert INCOME_SHEET in template.sheetnames and INCOME_SHEET in template["填写说明"]["B9"].value
    assert find(template["整体支出"], "部门决算数", "基本支出").value is None  # computed: left empty
    find(template[INCOME_SHEET], "人员经费", "金额").value = 100
    find(template[INCOME_SHEET], "公用经费", "金额").value = 20.5
    preview = evaluation_budget_import_prepare(evaluation=hunan_report, data=save(template))
    assert preview.problems == []
    assert preview.state["budget"]["basic_actual"] == D("120.50")
    evaluation_budget_import(evaluation=hunan_report, state=preview.state, baseline=preview.baseline)
    budget = DepartmentBudget.objects.get(department=hunan_report.department, fiscal_year_id=2018)
    assert (budget.personnel_actual, budget.public_funds_actual, budget.basic_actual) == (
        D("100"),
        D("20.5"),
        D("120.5"),
    )


def test_a_basic_spending_typed_twice_that_disagrees_is_refused_at_its_cell(hunan_report):
    department = hunan_report.department
    before = db_figures(department, 2018)
    workbook = reopen(export(hunan_report))
    basic = find(workbook["整体支出"], "部门决算数", "基本支出")
    expected = D(str(basic.value))
    basic.value = float(expected + 10)
    public_funds = find(workbook["基础数据表"], "公用经费", "本年决算")
    public_funds.value = 1.5
    find(workbook[INCOME_SHEET], "人员经费", "金额").value = "七十万"
    preview = evaluation_budget_import_prepare(evaluation=hunan_report, data=save(workbook))
    places = {(p.sheet, p.row, p.column): p.message for p in preview.problems}
    assert (INCOME_SHEET, find(workbook[INCOME_SHEET], "人员经费", "金额").row, "B") in places
    # 人员经费 unreadable: the derived 基本支出 is unknown, so the typed one cannot agree.
    message = places[("整体支出", basic.row, basic.column_letter)]
    assert "自动计算" in message and "人员经费 + 公用经费" in message and "收支概况" in message
    message = places[("基础数据表", public_funds.row, public_funds.column_letter)]
    assert "「收支概况」表的公用经费" in message and "1.50" in message
    assert not preview.ok
    assert db_figures(department, 2018) == before


def test_a_basic_spending_typed_that_agrees_or_left_empty_is_accepted(hunan_report):
    workbook = reopen(export(hunan_report))
    assert evaluation_budget_import_prepare(evaluation=hunan_report, data=save(workbook)).changes == []
    find(workbook["整体支出"], "部门决算数", "基本支出").value = None
    find(workbook[INCOME_SHEET], "基本支出（人员经费 + 公用经费）", "金额").value = None
    preview = evaluation_budget_import_prepare(evaluation=hunan_report, data=save(workbook))
    assert preview.problems == [] and preview.changes == []


def test_import_pages_use_the_reports_outline(hunan_report, client):
    assert outline_for(hunan_report).get("income-spending") is not None
    client.force_login(get_user_model().objects.get(username="filler"))
    response = client.get(reverse("excel:import_template", args=[hunan_report.pk]))
    assert response.status_code == 200
    template = reopen(b"".join(response.streaming_content) if response.streaming else response.content)
    assert INCOME_SHEET in template.sheetnames
    find(template[INCOME_SHEET], "人员经费", "金额").value = 1
    find(template["整体支出"], "部门决算数", "基本支出").value = 5
    page = client.post(
        reverse("excel:import", args=[hunan_report.pk]),
        {"file": SimpleUploadedFile("预算数据.xlsx", save(template), XLSX)},
    )
    assert page.status_code == 400
    assert "自动计算" in page.content.decode() and "人员经费 + 公用经费" in page.content.decode()


def test_the_hunan_workbook_carries_the_prior_three_public_budget_total(hunan_report):
    department = hunan_report.department
    row = "上年预算数（系统中无上年度数据时只填合计）"
    template = build_import_template(department, 2018, layout=evaluation_layout(hunan_report))
    find(template["三公经费"], row, "合计").value = 7
    preview = evaluation_budget_import_prepare(evaluation=hunan_report, data=save(template))
    assert preview.problems == []
    assert [(c.sheet, c.item, c.old, c.new) for c in preview.changes] == [
        ("三公经费", "上年“三公”经费预算合计", "（空）", "7.00")
    ]
    saved = evaluation_budget_import(evaluation=hunan_report, state=preview.state, baseline=preview.baseline)
    assert saved == ["三公经费"]
    budget = DepartmentBudget.objects.get(department=department, fiscal_year_id=2018)
    assert budget.prior_three_public_budget == D("7.00")
    assert AuditEvent.objects.filter(department=department, section="three-public", new_value="7.00").exists()
    exported = export(hunan_report)
    assert find(reopen(exported)["三公经费"], row, "合计").value == 7
    assert evaluation_budget_import_prepare(evaluation=hunan_report, data=exported).changes == []
