"""The 上年数 block: last year's figures typed when the system has no record of last year; a record
of last year is shown instead (read-only) and wins; 附件2 and the 评分表 read whichever applies."""

from decimal import Decimal

import pytest

from budgets.models import DepartmentBudget, ThreePublicLine

pytestmark = pytest.mark.django_db

PRIOR = {
    "上年决算 项目支出": ("140", "prior_project_actual"),
    "上年决算 公用经费": ("36", "prior_public_funds_actual"),
    "上年决算 其中：办公经费": ("9", "prior_office_expense_actual"),
    "上年决算 其中：水电差旅": ("3", "prior_utilities_travel_actual"),
    "上年决算 其中：会议培训": ("1", "prior_meeting_training_actual"),
    "上年决算 政府采购金额": ("60", "prior_procurement_actual"),
    "上年决算 结转结余总额（即本年年初结余）": ("2.5", "prior_carryover"),
}


def budget_of(evaluation) -> DepartmentBudget:
    return DepartmentBudget.objects.get(department=evaluation.department, fiscal_year=evaluation.fiscal_year)


def test_first_year_types_last_years_figures_in_the_basic_data_page(open_section, submit, seed_evaluation):
    page = open_section("basic-data")  # 2018: the system holds no 2017 record
    assert "上年数（2017年决算）" in page.text()
    for label, (value, _field) in PRIOR.items():
        page.fill(label, value)
    assert submit("basic-data", page, button="save_draft").status_code == 302
    budget = budget_of(seed_evaluation)
    assert budget.prior_project_actual == Decimal("140.00")
    assert budget.prior_carryover == Decimal("2.50")
    assert open_section("basic-data").value("上年决算 政府采购金额") == "60.00"


def test_last_years_three_public_budget_total_on_the_three_public_page(open_section, submit, seed_evaluation):
    page = open_section("three-public")
    page.fill("上年“三公”经费预算合计", "3")
    assert submit("three-public", page).status_code == 302
    assert budget_of(seed_evaluation).prior_three_public_budget == Decimal("3.00")


def test_a_record_of_last_year_is_shown_read_only_and_wins(open_section, submit, seed_evaluation):
    from departments.models import FiscalYear

    budget = budget_of(seed_evaluation)
    budget.prior_project_actual = Decimal("140.00")  # typed before last year's record existed
    budget.save()
    FiscalYear.objects.create(year=2017)
    DepartmentBudget.objects.create(
        department=seed_evaluation.department, fiscal_year_id=2017, project_actual=Decimal("141.00")
    )
    page = open_section("basic-data")
    warning = "填报的上年项目支出140.00万元，与系统中2017年度记录的141.00万元不一致"
    assert warning in page.text()
    assert 'value="141.00" disabled' in page.html and "取自2017年度记录" in page.html
    assert page.has("上年决算 公用经费")  # the record has no 公用经费: still typed here
    assert submit("basic-data", page, button="save_draft").status_code == 302
    assert budget_of(seed_evaluation).prior_project_actual is None  # the record's figure wins
    assert warning not in open_section("basic-data").text()


def test_three_public_budget_total_of_a_complete_record_is_not_asked(open_section, seed_evaluation):
    from departments.models import FiscalYear

    FiscalYear.objects.create(year=2017)
    record = DepartmentBudget.objects.create(department=seed_evaluation.department, fiscal_year_id=2017)
    for kind in ("abroad", "vehicle_purchase", "vehicle_operation", "reception"):
        ThreePublicLine.objects.create(budget=record, kind=kind, budget_amount=Decimal("1"), actual_amount=0)
    page = open_section("three-public")
    assert not page.has("上年“三公”经费预算合计")
    assert "上年“三公”经费预算合计 4.00 万元，取自系统中2017年度的记录" in page.text()


def test_attachment_2_of_a_first_year_report_has_no_not_filled(open_section, submit, seed_evaluation, filler_client):
    from django.urls import reverse

    page = open_section("basic-data")
    for label, (value, _field) in PRIOR.items():
        page.fill(label, value)
    page.fill("公用经费 本年预算", "40").fill("公用经费 本年决算", "38.5")
    for name in ("办公经费", "水电差旅", "会议培训"):
        page.fill(f"其中：{name} 本年预算", "1").fill(f"其中：{name} 本年决算", "1")
    page.fill("政府采购金额 本年预算", "80").fill("政府采购金额 本年决算", "71.42").fill("结转结余总额", "0")
    assert submit("basic-data", page).status_code == 302
    three = open_section("three-public")
    for kind in ("因公出国（境）", "公车购置", "公车运行维护", "公务接待"):
        three.fill(f"{kind}上年决算数", "0.5")
    assert submit("three-public", three).status_code == 302

    html = filler_client.get(reverse("reports:preview", args=[seed_evaluation.pk])).content.decode()
    attachment = html[html.index("附件2") :]
    assert "未填写" not in attachment
    assert "填报的上年数" in attachment and "140.00" in attachment
