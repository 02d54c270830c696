"""上年“三公”经费预算合计 (last year's 三公 budget when only its total is known) has a cell in the
「三公经费」 sheet: the 合计 of its 上年预算数 row, exported, imported after a preview and audited."""

from decimal import Decimal

import pytest

from budgets.importing import budget_import_prepare
from budgets.importing.changes import Change
from budgets.models import DepartmentBudget, ThreePublicKind, ThreePublicLine
from budgets.services import three_public_save
from departments.models import AuditAction, AuditEvent, FiscalYear
from evaluations.selectors import report_bundle
from reports.excel.importing import evaluation_budget_import, evaluation_budget_import_prepare
from reports.excel.report_workbook import build_report_workbook, workbook_bytes
from reports.excel.template import build_import_template

from .conftest import db_figures, reopen, save
from .test_prior_year_column import cell, instruction
from .test_views import login, upload

D = Decimal
pytestmark = pytest.mark.django_db

SHEET = "三公经费"
ROW = "上年预算数（系统中无上年度数据时只填合计）"
LABEL = "上年“三公”经费预算合计"


def total_cell(workbook):
    return cell(workbook[SHEET], ROW, "合计")


def enter(department, amount):
    three_public_save(department=department, fiscal_year_id=2018, lines={}, prior_budget_total=amount)


def stored(department):
    return DepartmentBudget.objects.get(department=department, fiscal_year_id=2018).prior_three_public_budget


def export(evaluation) -> bytes:
    return workbook_bytes(build_report_workbook(report_bundle(evaluation)))


def test_the_report_workbook_and_the_template_show_the_stored_total(seed_evaluation):
    department = seed_evaluation.department
    enter(department, D("6.00"))
    for workbook in (reopen(export(seed_evaluation)), build_import_template(department, 2018)):
        total = total_cell(workbook)
        assert total.value == 6
        split = [workbook[SHEET].cell(total.row, column).value for column in range(2, total.column)]
        assert split == [None] * 5  # only the total is asked for
    assert "“上年预算数”行只填“合计”一格" in instruction(build_import_template(department, 2018), SHEET)


def test_the_import_sets_the_total_after_a_preview_and_audits_it(client, seed_evaluation, template):
    department = seed_evaluation.department
    total_cell(template).value = "5.5"
    before = db_figures(department, 2018)
    login(client, "filler")

    response = upload(client, seed_evaluation, save(template))
    page = response.content.decode()
    assert response.status_code == 200 and "将要修改 1 处" in page
    assert response.context["changes"] == [Change(SHEET, LABEL, "金额", "（空）", "5.50")]
    assert db_figures(department, 2018) == before

    confirmed = client.post(
        f"/evaluations/{seed_evaluation.pk}/import/confirm/", {"token": response.context["token"]}, follow=True
    )
    assert "1 处修改已保存" in confirmed.content.decode()
    assert stored(department) == D("5.50")
    event = AuditEvent.objects.get(action=AuditAction.IMPORT, department=department)
    assert event.user.username == "filler" and event.field == SHEET
    assert event.new_value == f"{SHEET}｜{LABEL}｜金额：（空） → 5.50"
    updates = AuditEvent.objects.filter(department=department, action=AuditAction.UPDATE)
    assert {(e.section, e.field, e.old_value, e.new_value) for e in updates} == {("three-public", LABEL, "", "5.50")}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("三千", "“三千”不是金额"),
        (-2, "负数"),
        ("1.234", "超过两位小数"),
    ],
)
def test_a_bad_total_is_refused_at_its_cell_and_nothing_changes(client, seed_evaluation, typed, message):
    department = seed_evaluation.department
    enter(department, D("3.00"))
    template = build_import_template(department, 2018)
    total = total_cell(template)
    total.value = typed
    template["三公经费"]["B5"] = 99  # a change that would be saved if the file were accepted
    before = db_figures(department, 2018)

    response = upload(login(client, "filler"), seed_evaluation, save(template))
    page = response.content.decode()
    assert response.status_code == 400 and "没有保存任何数据" in page
    [problem] = response.context["problems"]
    assert (problem.sheet, problem.row, problem.column) == (SHEET, total.row, total.column_letter)
    assert message in problem.message and problem.message in page
    assert db_figures(department, 2018) == before and stored(department) == D("3.00")


def test_a_split_typed_beside_the_total_is_refused_at_its_cell(seed_department, template):
    total = total_cell(template)
    template[SHEET].cell(total.row, 2).value = 1
    preview = budget_import_prepare(department=seed_department, fiscal_year_id=2018, data=save(template))
    assert [(p.sheet, p.row, p.column) for p in preview.problems] == [(SHEET, total.row, "B")]
    assert "不需要填写，请留空" in preview.problems[0].message


def test_an_exported_workbook_imports_back_leaving_the_total_equal(seed_evaluation):
    department = seed_evaluation.department
    enter(department, D("6.25"))
    preview = evaluation_budget_import_prepare(evaluation=seed_evaluation, data=export(seed_evaluation))
    assert preview.problems == [] and preview.changes == []
    evaluation_budget_import(evaluation=seed_evaluation, state=preview.state, baseline=preview.baseline)
    assert stored(department) == D("6.25")


def test_last_years_record_is_shown_and_not_stored_back(seed_evaluation):
    department = seed_evaluation.department
    FiscalYear.objects.create(year=2017)
    record = DepartmentBudget.objects.create(department=department, fiscal_year_id=2017)
    for kind, amount in zip(ThreePublicKind.values, ("1.00", "2.00", "3.00", "4.50"), strict=True):
        ThreePublicLine.objects.create(budget=record, kind=kind, budget_amount=D(amount))
    data = export(seed_evaluation)
    assert total_cell(reopen(data)).value == 10.5
    preview = evaluation_budget_import_prepare(evaluation=seed_evaluation, data=data)
    assert preview.problems == [] and preview.changes == []
    assert stored(department) is None


def test_a_record_without_every_kinds_budget_leaves_the_typed_total(seed_evaluation):
    department = seed_evaluation.department
    FiscalYear.objects.create(year=2017)
    record = DepartmentBudget.objects.create(department=department, fiscal_year_id=2017)
    ThreePublicLine.objects.create(budget=record, kind=ThreePublicKind.RECEPTION, budget_amount=D("1.00"))
    enter(department, D("6.00"))
    data = export(seed_evaluation)
    assert total_cell(reopen(data)).value == 6
    preview = evaluation_budget_import_prepare(evaluation=seed_evaluation, data=data)
    assert preview.problems == [] and preview.changes == []


def test_an_emptied_cell_clears_the_total_like_the_other_prior_year_figures(seed_evaluation):
    department = seed_evaluation.department
    enter(department, D("3.00"))
    template = build_import_template(department, 2018)
    total_cell(template).value = None
    cell(template["基础数据表"], "项目支出", "上年决算").value = None  # already empty: no change
    preview = evaluation_budget_import_prepare(evaluation=seed_evaluation, data=save(template))
    assert preview.problems == []
    assert preview.changes == [Change(SHEET, LABEL, "金额", "3.00", "（空）")]
    evaluation_budget_import(evaluation=seed_evaluation, state=preview.state, baseline=preview.baseline)
    assert stored(department) is None


def test_a_workbook_made_before_the_row_existed_leaves_the_total_as_stored(seed_evaluation):
    department = seed_evaluation.department
    template = build_import_template(department, 2018)
    template[SHEET].delete_rows(total_cell(template).row)
    enter(department, D("3.00"))
    preview = evaluation_budget_import_prepare(evaluation=seed_evaluation, data=save(template))
    assert preview.problems == [] and preview.changes == []
    assert stored(department) == D("3.00")
