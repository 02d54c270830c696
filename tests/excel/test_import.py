"""The strict import: round trips, number forms, every problem at once, bad files, formulas, conflicts."""

from decimal import Decimal

import pytest

from budgets.importing import FileRefused, ImportConflict, budget_import_apply, budget_import_prepare
from budgets.importing.safety import MAX_ROWS_PER_SHEET
from budgets.models import DepartmentBudget, FunctionalSpendingLine, ProjectLine, ThreePublicLine
from budgets.services import budget_table_save
from evaluations.selectors import report_bundle
from reports.excel.report_workbook import build_report_workbook, workbook_bytes
from tests.factories import (
    DepartmentBudgetFactory,
    FunctionalCategoryFactory,
    ProjectLineFactory,
    ThreePublicLineFactory,
)

from . import badfiles
from .conftest import db_figures, save

D = Decimal


def prepare(department, data, year=2018):
    return budget_import_prepare(department=department, fiscal_year_id=year, data=data)


def apply(department, preview, year=2018):
    return budget_import_apply(
        department=department, fiscal_year_id=year, state=preview.state, baseline=preview.baseline
    )


def scramble(department, year=2018):
    """Change every kind of stored figure, so that an import has everything to restore."""
    budget = DepartmentBudget.objects.get(department=department, fiscal_year_id=year)
    DepartmentBudget.objects.filter(pk=budget.pk).update(
        basic_actual=D("1.00"), project_initial=None, carryover=D("9.99"), public_funds_budget=D("3.00")
    )
    budget.functional_lines.order_by("order").first().delete()
    FunctionalSpendingLine.objects.filter(budget=budget).update(amount=D("0.50"), display_name="改过")
    budget.project_lines.order_by("order").last().delete()
    ProjectLine.objects.filter(budget=budget).update(actual=D("7.00"), purpose="", is_key=True)
    ThreePublicLine.objects.filter(budget=budget).update(budget_amount=D("8.00"))


def test_the_template_of_the_seed_imports_with_no_changes(seed_department, template):
    preview = prepare(seed_department, save(template))
    assert preview.problems == [] and preview.changes == []


def test_export_then_import_restores_every_figure_of_the_seed(seed_evaluation):
    department = seed_evaluation.department
    before = db_figures(department, 2018)
    exported = workbook_bytes(build_report_workbook(report_bundle(seed_evaluation)))
    scramble(department)
    assert db_figures(department, 2018) != before

    preview = prepare(department, exported)
    assert preview.problems == []
    assert {change.sheet for change in preview.changes} >= {
        "整体支出",
        "三公经费",
        "支出功能分类",
        "项目支出",
        "基础数据表",
    }
    apply(department, preview)
    assert db_figures(department, 2018) == before
    # and importing it again changes nothing
    assert prepare(department, exported).changes == []


@pytest.mark.django_db
def test_round_trip_keeps_empty_cells_extremes_texts_and_duplicate_names():
    budget = DepartmentBudgetFactory(
        basic_initial=D("0.01"),
        project_initial=None,
        special_actual=D("99999999.99"),
        asset_purchase_project=D("0"),
        office_expense_actual=D("12.30"),
        carryover=D("1234567.89"),
    )
    department = budget.department
    item = FunctionalCategoryFactory(code="2010306", name="政务公开审批", level="item")
    FunctionalCategoryFactory(code="201", name="一般公共服务支出", level="class")
    budget.functional_lines.create(category=item, amount=None, display_name="", order=1)
    ProjectLineFactory(budget=budget, name="同名项目", actual=D("1.10"), purpose="第一行\n第二行", is_key=True, order=1)
    ProjectLineFactory(budget=budget, name="同名项目", actual=None, category=item, management="   ", order=2)
    ProjectLineFactory(budget=budget, name="２０１８ 项目 0012", initial=D("0"), order=3)
    ThreePublicLineFactory(
        budget=budget, kind="abroad", budget_amount=None, actual_amount=D("0"), prior_year_actual=D("3.3")
    )
    from evaluations.models import Evaluation

    evaluation = Evaluation.objects.create(department=department, fiscal_year_id=2018)
    before = db_figures(department, 2018)
    exported = workbook_bytes(build_report_workbook(report_bundle(evaluation)))

    DepartmentBudget.objects.filter(pk=budget.pk).update(special_actual=D("5"), basic_initial=None)
    ProjectLine.objects.filter(budget=budget).delete()
    FunctionalSpendingLine.objects.filter(budget=budget).delete()
    ThreePublicLine.objects.filter(budget=budget).update(prior_year_actual=None)

    preview = prepare(department, exported)
    assert preview.problems == []
    apply(department, preview)
    after = db_figures(department, 2018)
    # Texts are stripped by the import like by the forms; everything else is identical.
    before["projects"][1]["management"] = ""
    assert after == before


def test_numbers_as_text_thousands_full_width_float_noise_and_codes(seed_department, template):
    table = template["整体支出"]
    table["C4"] = "1,234.56"  # 年初 基本支出, typed as text with a thousands separator
    table["D4"] = "１４８．３５"  # full-width digits
    table["C6"] = 148.35000000000002  # Excel float noise
    table["E6"] = " 7 "
    lines = template["支出功能分类"]
    lines["B4"] = 2010306.0  # a code that became a number
    lines["E4"] = 373.98000000000001
    projects = template["项目支出"]
    projects["C4"] = 2010306  # integer code
    projects["F4"] = "93.140"

    preview = prepare(seed_department, save(template))
    assert preview.problems == []
    state = preview.state
    assert state["budget"]["basic_initial"] == D("1234.56")
    assert state["budget"]["project_initial"] == D("148.35")
    assert state["budget"]["basic_actual"] == D("148.35")
    assert state["budget"]["special_actual"] == D("7.00")
    assert state["functional_lines"][0] == {"code": "2010306", "display_name": "", "amount": D("373.98")}
    assert state["project_lines"][0]["category_code"] == "2010306"
    shown = {(c.sheet, c.item, c.old, c.new) for c in preview.changes}
    assert ("整体支出", "年初预算基本支出", "330.55", "1234.56") in shown
    assert ("整体支出", "决算基本支出", "330.55", "148.35") in shown

    # Nothing is saved by the preview; applying saves exactly these values as Decimal.
    assert DepartmentBudget.objects.get(department=seed_department).basic_initial == D("330.55")
    apply(seed_department, preview)
    budget = DepartmentBudget.objects.get(department=seed_department)
    assert (budget.basic_initial, budget.basic_actual, budget.special_actual) == (D("1234.56"), D("148.35"), D("7"))


def test_every_problem_is_reported_at_once_with_sheet_row_and_column(seed_department, template):
    before = db_figures(seed_department, 2018)
    table = template["整体支出"]
    table["C4"] = "三百"  # letters
    table["D5"] = -5  # negative
    table["E6"] = "1.234"  # three real decimals
    table["C7"] = 1e12  # absurd magnitude
    table["B6"] = 1  # derived 支出合计 that disagrees
    lines = template["支出功能分类"]
    lines["B5"] = "9999999"  # unknown code
    lines["B6"] = "2010306"  # duplicate of row 4
    lines["C7"] = "住房公积金"  # name does not match code 208
    lines["E8"] = "125000元"  # a unit other than 万元 typed in (万元 itself is accepted, as in the forms)
    projects = template["项目支出"]
    projects["B5"] = None  # a project line without name but with figures
    projects["G4"] = "也许"  # neither 是 nor 否
    template["三公经费"]["B4"] = "-0.5"
    template["三公经费"]["A8"] = "其他经费"  # an unknown row label, below the table
    template["基础数据表"]["C4"] = 99  # duplicates 三公 合计 (2.00)

    problems = prepare(seed_department, save(template)).problems
    places = {(p.sheet, p.row, p.column) for p in problems}
    expected = {
        ("整体支出", 4, "C"),
        ("整体支出", 5, "D"),
        ("整体支出", 6, "E"),
        ("整体支出", 7, "C"),
        ("整体支出", 6, "B"),
        ("支出功能分类", 5, "B"),
        ("支出功能分类", 6, "B"),
        ("支出功能分类", 7, "C"),
        ("支出功能分类", 8, "E"),
        ("项目支出", 5, "B"),
        ("项目支出", 4, "G"),
        ("三公经费", 4, "B"),
        ("三公经费", 8, "A"),
        ("基础数据表", 4, "C"),
    }
    assert expected <= places, expected - places
    messages = {(p.sheet, p.row, p.column): p.message for p in problems}
    assert "不是金额" in messages[("整体支出", 4, "C")]
    assert "负数" in messages[("整体支出", 5, "D")]
    assert "超过两位小数" in messages[("整体支出", 6, "E")]
    assert "大得不合理" in messages[("整体支出", 7, "C")]
    assert "自动计算" in messages[("整体支出", 6, "B")] and "应为 478.90" in messages[("整体支出", 6, "B")]
    assert "不在 2018 年度" in messages[("支出功能分类", 5, "B")]
    assert "与第 4 行重复" in messages[("支出功能分类", 6, "B")]
    assert "不一致" in messages[("支出功能分类", 7, "C")]
    assert "缺少项目名称" in messages[("项目支出", 5, "B")]
    assert "请填写“是”或“否”" in messages[("项目支出", 4, "G")]
    assert "无法识别的行" in messages[("三公经费", 8, "A")]
    assert "「三公经费」表" in messages[("基础数据表", 4, "C")]
    assert str(problems[0]).startswith("工作表「整体支出」第 4 行，")
    assert db_figures(seed_department, 2018) == before


def test_missing_sheet_and_wrong_department_are_problems(seed_department, template, demo):
    from departments.models import Department

    other = Department.objects.exclude(pk=seed_department.pk).get()
    del template["三公经费"]
    data = save(template)
    problems = prepare(other, data).problems
    texts = [str(p) for p in problems]
    assert any("工作表「三公经费」：缺少此工作表" in text for text in texts)
    assert any("从其他部门或年度导出" in text for text in texts)


@pytest.mark.parametrize(
    ("name", "builder", "message"), badfiles.SIMPLE_BAD_FILES, ids=[name for name, *_ in badfiles.SIMPLE_BAD_FILES]
)
def test_bad_files_are_refused_with_a_clear_message(seed_department, name, builder, message):
    before = db_figures(seed_department, 2018)
    with pytest.raises(FileRefused) as refused:
        prepare(seed_department, builder())
    assert message in str(refused.value)
    assert db_figures(seed_department, 2018) == before


@pytest.mark.parametrize(
    ("name", "builder", "message"), badfiles.DERIVED_BAD_FILES, ids=[name for name, *_ in badfiles.DERIVED_BAD_FILES]
)
def test_bad_variants_of_a_real_workbook_are_refused(seed_department, template, name, builder, message):
    before = db_figures(seed_department, 2018)
    with pytest.raises(FileRefused) as refused:
        prepare(seed_department, builder(save(template)))
    assert message in str(refused.value)
    assert db_figures(seed_department, 2018) == before


def test_zip_bomb_is_refused_before_any_part_is_decompressed(seed_department, template, monkeypatch):
    import budgets.importing.reader as reader

    def fail(*args, **kwargs):
        raise AssertionError("the reader must not see this file")

    monkeypatch.setattr(reader, "read_workbook", fail)
    with pytest.raises(FileRefused, match="压缩炸弹"):
        prepare(seed_department, badfiles.zip_bomb(save(template)))


def test_declared_uncompressed_total_is_limited(seed_department, template, monkeypatch):
    import budgets.importing.safety as safety

    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(FileRefused, match="压缩炸弹"):
        prepare(seed_department, save(template))


def test_more_than_ten_thousand_rows_is_refused(seed_department, template):
    sheet = template["项目支出"]
    for row in range(20, MAX_ROWS_PER_SHEET + 2):
        sheet.cell(row=row, column=2, value=f"项目{row}")
    with pytest.raises(FileRefused, match="超过 10,000 行"):
        prepare(seed_department, save(template))


def test_formula_without_cached_result_names_the_cell(seed_department, template):
    template["整体支出"]["C6"] = "=100+48.35"
    problems = prepare(seed_department, save(template)).problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [("整体支出", 6, "C")]
    assert "单元格是公式（=100+48.35），但文件中没有保存计算结果" in problems[0].message


def test_formula_with_cached_result_uses_the_result(seed_department, template):
    template["整体支出"]["C6"] = "=C4+0"
    template["项目支出"]["F4"] = "=90+3.14"
    data = badfiles.with_cached_results(save(template), {"C4+0": "330.55", "90+3.14": "93.140000000000001"})
    preview = prepare(seed_department, data)
    assert preview.problems == [] and preview.changes == []


def test_preview_lists_each_change_old_to_new(seed_department, template):
    template["整体支出"]["C6"] = 331
    template["支出功能分类"]["E5"] = 5.01
    template["支出功能分类"]["B10"] = "2080505"
    template["支出功能分类"]["E10"] = 1
    projects = template["项目支出"]
    projects.delete_rows(5)  # 干部教育培训
    template["基础数据表"]["C11"] = 20
    changes = prepare(seed_department, save(template)).changes
    rows = {(c.sheet, c.item, c.field, c.old, c.new) for c in changes}
    assert ("整体支出", "决算基本支出", "金额", "330.55", "331.00") in rows
    assert ("支出功能分类", "2050802 干部教育", "金额", "5.10", "5.01") in rows
    assert ("支出功能分类", "2080505 机关事业单位基本养老保险缴费支出", "新增一行", "—", "1.00") in rows
    assert ("项目支出", "干部教育培训", "删除项目", "决算 5.01", "—") in rows
    assert ("基础数据表", "公用经费预算", "金额", "（空）", "20.00") in rows
    assert len(changes) == 5


def test_confirm_refuses_when_the_data_changed_after_the_preview(seed_department, template):
    template["整体支出"]["C6"] = 331
    preview = prepare(seed_department, save(template))
    budget_table_save(department=seed_department, fiscal_year_id=2018, values={"special_actual": D("1")})
    before = db_figures(seed_department, 2018)
    with pytest.raises(ImportConflict, match="预览之后"):
        apply(seed_department, preview)
    assert db_figures(seed_department, 2018) == before
