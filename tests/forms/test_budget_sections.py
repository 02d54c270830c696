"""The figure sections: 一 2 functional lines, 二（一） table, 二（二） 三公, 二（四） projects, 基础数据."""

from decimal import Decimal

import pytest

from budgets.models import DepartmentBudget
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db


def budget_of(evaluation) -> DepartmentBudget:
    return DepartmentBudget.objects.get(department=evaluation.department, fiscal_year=evaluation.fiscal_year)


# ---------------------------------------------------------------- 二（一）


def test_budget_table_shows_cells_and_derived_totals(open_section):
    page = open_section("budget-table")
    assert page.value("年初部门预算 基本支出") == "330.55"
    assert page.value("其中：资产购置支出 项目支出") == "71.42"
    assert 'id="total-initial"' in page.html
    assert ">478.90</output>" in page.html  # 支出合计 derived from 基本 + 项目
    assert ">71.42</output>" in page.html
    assert "单位：万元" in page.text()


def test_budget_table_save_accepts_how_people_type(open_section, submit, seed_evaluation):
    page = open_section("budget-table")
    page.fill("调整预算数 基本支出", "1,330.5")
    page.fill("部门决算数 项目支出", "１４８．３６")
    page.fill("部门决算数 政府专项", " 3 ")
    assert submit("budget-table", page).status_code == 302
    budget = budget_of(seed_evaluation)
    assert budget.basic_adjusted == Decimal("1330.50")
    assert budget.project_actual == Decimal("148.36")
    assert budget.special_actual == Decimal("3.00")
    assert budget.total_actual == Decimal("478.91")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12万3", "请只填写数字"),
        ("-1", "不能为负数"),
        ("1.005", "最多保留两位小数"),
        ("2000000000", "金额过大"),
    ],
)
def test_budget_table_bad_amount_is_refused_at_the_field(open_section, submit, seed_evaluation, typed, message):
    page = open_section("budget-table")
    page.fill("年初部门预算 项目支出", "150")
    page.fill("部门决算数 基本支出", typed)
    response = submit("budget-table", page)
    assert response.status_code == 200
    again = SectionPage(response)
    assert again.value("部门决算数 基本支出") == typed
    assert again.value("年初部门预算 项目支出") == "150"
    html = again.html
    field_at = html.index('name="table-basic_actual"')
    assert message in html[field_at : field_at + 600]  # the message is at the field
    assert 'aria-invalid="true"' in html[html.rindex("<input", 0, field_at + 1) : field_at + 200]
    assert budget_of(seed_evaluation).project_initial == Decimal("148.35")


def test_derived_totals_on_a_failed_save_follow_the_typed_figures(open_section, submit):
    page = open_section("budget-table")
    page.fill("年初部门预算 基本支出", "400").fill("部门决算数 基本支出", "abc")
    again = SectionPage(submit("budget-table", page))
    assert ">548.35</output>" in again.html  # 400 + 148.35, computed from what was typed


def test_budget_table_incomplete_needs_draft(open_section, submit, seed_evaluation):
    page = open_section("budget-table")
    page.fill("调整预算数 政府专项", "")
    assert submit("budget-table", page).status_code == 200
    assert budget_of(seed_evaluation).special_adjusted == Decimal("0")
    assert submit("budget-table", page, button="save_draft").status_code == 302
    assert budget_of(seed_evaluation).special_adjusted is None


# ---------------------------------------------------------------- 二（二）


def test_three_public_rows_and_totals(open_section, submit, seed_evaluation):
    page = open_section("three-public")
    assert page.value("公务接待预算数") == "2.00"
    assert ">2.00</output>" in page.html  # 三公合计 预算数
    page.fill("因公出国（境）决算数", "1.5")
    page.fill("公车运行维护预算数", "3")
    page.fill("公车运行维护决算数", "２．２５")
    assert submit("three-public", page).status_code == 302
    lines = {line.kind: line for line in budget_of(seed_evaluation).three_public_lines.all()}
    assert lines["abroad"].actual_amount == Decimal("1.50")
    assert lines["vehicle_operation"].budget_amount == Decimal("3.00")
    again = open_section("three-public")
    assert 'id="three-total-actual"' in again.html
    assert ">3.75</output>" in again.html  # 1.5 + 0 + 2.25 + 0
    assert ">2.25</output>" in again.html  # 公车 决算 = 购置 0 + 运行维护 2.25


def test_three_public_created_on_first_save_for_a_new_budget(filler_client, open_section, submit, fresh_evaluation):
    page = open_section("three-public", evaluation=fresh_evaluation)
    for kind in ("因公出国（境）", "公车购置", "公车运行维护", "公务接待"):
        page.fill(f"{kind}预算数", "0").fill(f"{kind}决算数", "0")
    assert "上年决算数取自系统中2018年度的记录" in page.text()  # so it is not asked for
    assert "公务接待上年决算数" not in page.html
    assert submit("three-public", page, evaluation=fresh_evaluation).status_code == 302
    lines = budget_of(fresh_evaluation).three_public_lines.all()
    assert len(lines) == 4
    assert all(line.budget_amount == 0 and line.actual_amount == 0 for line in lines)


def test_prior_year_three_public_asked_when_the_system_has_no_last_year(open_section, submit, seed_evaluation):
    page = open_section("three-public")  # 2018: the system holds no 2017 record
    page.fill("公务接待上年决算数", "1.2")
    assert submit("three-public", page).status_code == 302
    lines = {line.kind: line for line in budget_of(seed_evaluation).three_public_lines.all()}
    assert lines["reception"].prior_year_actual == Decimal("1.20")


def test_three_public_bad_amount_saves_nothing(open_section, submit, seed_evaluation):
    page = open_section("three-public")
    page.fill("公务接待决算数", "1").fill("公车购置预算数", "-2")
    response = submit("three-public", page)
    assert "不能为负数" in response.content.decode()
    lines = {line.kind: line for line in budget_of(seed_evaluation).three_public_lines.all()}
    assert lines["reception"].actual_amount == Decimal("0")


# ---------------------------------------------------------------- 一 2


def test_spending_lines_save_with_catalogue_codes(open_section, submit, seed_evaluation):
    page = open_section("spending")
    assert page.value("功能分类科目（第1行）") == "2010306 政务公开审批"
    assert page.value("报告中的名称（第2行）") == "干部教育培训支出"
    assert "478.89" in page.html  # the sum of the lines
    assert "-0.01" in page.html  # against 支出合计 478.90
    page.fill("金额（第6行）", "20.10")
    page.fill("功能分类科目（第7行）", "2101102").fill("金额（第7行）", "0.5")
    assert submit("spending", page).status_code == 302
    lines = list(budget_of(seed_evaluation).functional_lines.select_related("category"))
    assert [line.category.code for line in lines][-2:] == ["221", "2101102"]
    assert lines[-1].amount == Decimal("0.50") and lines[-2].amount == Decimal("20.10")


def test_duplicate_category_is_a_formset_error_above_the_table(open_section, submit, seed_evaluation):
    page = open_section("spending")
    page.fill("功能分类科目（第7行）", "2010306 政务公开审批").fill("金额（第7行）", "1")
    response = submit("spending", page)
    html = response.content.decode()
    assert "填写了两行（第1行和第7行）" in html
    assert html.index("填写了两行") < html.index('name="lines-0-category"')  # above the table
    assert budget_of(seed_evaluation).functional_lines.count() == 6


def test_unknown_category_is_refused(open_section, submit):
    page = open_section("spending")
    page.fill("功能分类科目（第7行）", "9999999").fill("金额（第7行）", "1")
    html = submit("spending", page).content.decode()
    assert "不是本年度支出功能分类中的科目" in html


def test_swapping_categories_between_lines_saves(open_section, submit, seed_evaluation):
    page = open_section("spending")
    page.fill("功能分类科目（第4行）", "210").fill("功能分类科目（第5行）", "208")
    assert submit("spending", page).status_code == 302
    codes = [line.category.code for line in budget_of(seed_evaluation).functional_lines.select_related("category")]
    assert codes[3:5] == ["210", "208"]


def test_spending_override(open_section, submit, seed_evaluation):
    page = open_section("spending")
    assert "2018年度我单位整体支出合计478.9万元" in page.text()
    page.fill("整体支出情况（自拟）", "自拟的整体支出情况。")
    submit("spending", page)
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.spending_summary_override == "自拟的整体支出情况。"


# ---------------------------------------------------------------- 二（四）


def test_projects_add_a_line(open_section, submit, seed_evaluation):
    page = open_section("projects")
    assert page.value("项目名称（第2行）") == "干部教育培训"
    assert ">148.25</output>" in page.html  # sum of project 决算
    page.fill("项目名称（第4行）", "政务大厅智能化改造")
    page.fill("功能分类科目（第4行）", "2010306")
    page.fill("年初预算（第4行）", "10").fill("调整预算（第4行）", "12").fill("决算（第4行）", "11.8")
    page.fill("主要用途（第4行）", "购置智能自助终端").fill("管理和监督方式（第4行）", "按政府采购程序实施")
    page.check("重点项目（第4行）")
    assert submit("projects", page).status_code == 302
    line = budget_of(seed_evaluation).project_lines.last()
    assert (line.name, line.category.code, line.initial, line.adjusted, line.actual, line.is_key) == (
        "政务大厅智能化改造",
        "2010306",
        Decimal("10.00"),
        Decimal("12.00"),
        Decimal("11.80"),
        True,
    )
    assert line.purpose == "购置智能自助终端"
    assert ">160.05</output>" in open_section("projects").html


def test_project_line_needs_its_actual_unless_draft(open_section, submit, seed_evaluation):
    page = open_section("projects")
    page.fill("项目名称（第4行）", "新项目")
    response = submit("projects", page)
    assert "请填写金额" in response.content.decode()
    assert budget_of(seed_evaluation).project_lines.count() == 3
    assert submit("projects", page, button="save_draft").status_code == 302
    assert budget_of(seed_evaluation).project_lines.last().actual is None


def test_project_line_without_name_is_refused_even_in_a_draft(open_section, submit, seed_evaluation):
    page = open_section("projects")
    page.fill("决算（第4行）", "3")
    response = submit("projects", page, button="save_draft")
    assert "请填写项目名称" in response.content.decode()
    assert budget_of(seed_evaluation).project_lines.count() == 3


def test_projects_bad_row_keeps_the_narrative_unsaved(open_section, submit, seed_evaluation):
    page = open_section("projects")
    page.fill("项目资金管理情况", "新的管理情况")
    page.fill("决算（第1行）", "93.1x")
    response = submit("projects", page)
    assert SectionPage(response).value("项目资金管理情况") == "新的管理情况"
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.project_fund_management.startswith("项目资金全部是财政资金")


def test_projects_remove_and_reorder(open_section, submit, seed_evaluation):
    page = open_section("projects")
    page.check("删除（项目第2行）")
    page.fill("顺序（项目第1行）", "5")
    assert submit("projects", page).status_code == 302
    assert [line.name for line in budget_of(seed_evaluation).project_lines.all()] == [
        "科技成果转化于扩散",
        "政务公开审批",
    ]


# ---------------------------------------------------------------- 基础数据


def test_basic_data_save(open_section, submit, seed_evaluation):
    page = open_section("basic-data")
    page.fill("公用经费 本年预算", "40").fill("公用经费 本年决算", "38.5")
    page.fill("其中：办公经费 本年决算", "10")
    page.fill("政府采购金额 本年预算", "80").fill("政府采购金额 本年决算", "71.42")
    page.fill("结转结余总额", "0")
    assert submit("basic-data", page).status_code == 302
    budget = budget_of(seed_evaluation)
    assert (budget.public_funds_actual, budget.office_expense_actual, budget.procurement_actual, budget.carryover) == (
        Decimal("38.50"),
        Decimal("10.00"),
        Decimal("71.42"),
        Decimal("0.00"),
    )
    assert budget.office_expense_budget is None  # 其中 rows are optional


def test_basic_data_incomplete_save_lists_what_is_missing(open_section, submit, filler_client):
    page = open_section("basic-data")
    page.fill("公用经费 本年预算", "40")
    response = submit("basic-data", page)
    assert response.status_code == 200
    response = submit("basic-data", page, button="save_draft")
    message = filler_client.get(response["Location"]).content.decode()
    assert "已保存草稿" in message and "公用经费 本年决算" in message and "结转结余总额" in message
