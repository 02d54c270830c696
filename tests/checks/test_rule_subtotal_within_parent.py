from decimal import Decimal as D

from evaluations.checks import ERROR
from evaluations.checks.rules import subtotal_within_parent as rule

from .builders import clean_report, with_budget


def test_parts_within_their_parents_pass():
    report = with_budget(clean_report(), asset_purchase_project=D("50.00"), special_actual=D("150.00"))
    assert rule.check(report) == []  # equal to the parent is allowed


def test_asset_purchase_above_project_actual_is_an_error():
    [finding] = rule.check(with_budget(clean_report(), asset_purchase_project=D("50.01")))
    assert finding.severity == ERROR and finding.field == "asset_purchase_project"
    assert "50.01" in finding.message and "50.00" in finding.message and "其中" in finding.message


def test_special_above_the_column_total_is_an_error():
    [finding] = rule.check(with_budget(clean_report(), special_adjusted=D("150.01")))
    assert finding.field == "special_adjusted" and "调整预算" in finding.message


def test_public_funds_above_basic_spending_is_an_error():
    [finding] = rule.check(with_budget(clean_report(), public_funds_actual=D("100.01"), office_expense_actual=D("1")))
    assert finding.section == "basic-data" and finding.field == "public_funds_actual"


def test_public_funds_budget_compared_with_the_larger_budget_column():
    report = with_budget(clean_report(), basic_adjusted=D("120.00"), public_funds_budget=D("110.00"))
    assert rule.check(report) == []


def test_items_of_public_funds_above_public_funds_is_an_error():
    [finding] = rule.check(with_budget(clean_report(), meeting_training_actual=D("14.01")))  # 9 + 5 + 14.01 > 28
    assert finding.severity == ERROR and "办公经费" in finding.message and "28.00" in finding.message


def test_missing_figures_are_not_compared():
    assert rule.check(with_budget(clean_report(), project_actual=None, public_funds_actual=None)) == []
