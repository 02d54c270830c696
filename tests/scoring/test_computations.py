"""Computed indicators from the report data: Decimal percentages with two decimals, or 无法计算 with the reason."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from evaluations.checks.snapshot import ProjectLine, ThreePublic
from evaluations.scoring.computations import COMPUTATIONS, compute, validate_params
from tests.checks.builders import TRAINING, clean_report, three_public, with_budget, with_prior


def value(key, report, **params):
    return compute(key, report, params).value


def test_staff_control_rate():
    report = clean_report()
    assert value(
        "staff_control_rate", replace(report, profile=replace(report.profile, staff_quota=8, staff_actual=10))
    ) == D("125.00")
    assert value(
        "staff_control_rate", replace(report, profile=replace(report.profile, staff_quota=3, staff_actual=2))
    ) == D("66.67")
    zero = compute("staff_control_rate", replace(report, profile=replace(report.profile, staff_quota=0)))
    assert zero.value is None and "编制数为0" in zero.reason and zero.display == "无法计算"
    missing = compute("staff_control_rate", replace(report, profile=None))
    assert missing.value is None and "编制数" in missing.reason


def prior_lines(abroad="0", purchase="0", operation="4.00", reception="1.00", budget="5"):
    return [
        ThreePublic("abroad", D("0"), D(abroad)),
        ThreePublic("vehicle_purchase", D("0"), D(purchase)),
        ThreePublic("vehicle_operation", D(budget), D(operation)),
        ThreePublic("reception", D("0"), D(reception)),
    ]


def test_three_public_change_rate_from_last_years_record():
    report = with_prior(clean_report(), three_public_lines=prior_lines())  # this year 3.50 actual, last year 5.00
    computed = compute("three_public_change_rate", report, {"basis": "actual"})
    assert computed.value == D("-30.00")
    assert ("上年三公经费决算数（2017年度记录）", "5.00万元") in computed.inputs


def test_three_public_change_rate_on_budget_basis():
    report = with_prior(clean_report(), three_public_lines=prior_lines(budget="4"))  # budgets 5.00 against 4.00
    assert value("three_public_change_rate", report, basis="budget") == D("25.00")


def test_three_public_change_rate_from_manual_prior_year_entries():
    lines = tuple(replace(line, prior_year_actual=D("1.00")) for line in three_public())  # 4.00 last year
    computed = compute("three_public_change_rate", clean_report(three_public=lines), {"basis": "actual"})
    assert computed.value == D("-12.50")
    assert "填报的上年数" in computed.inputs[1][0]


def test_three_public_change_rate_cannot_be_computed_without_last_year():
    computed = compute("three_public_change_rate", clean_report(), {"basis": "actual"})
    assert computed.value is None and "2017年度记录" in computed.reason and "上年决算数" in computed.reason
    budget_basis = compute("three_public_change_rate", clean_report(), {"basis": "budget"})
    assert budget_basis.value is None and "上年“三公”经费预算合计" in budget_basis.reason


def test_three_public_change_rate_with_zero_last_year_is_not_a_fake_zero():
    report = with_prior(clean_report(), three_public_lines=prior_lines(operation="0", reception="0"))
    computed = compute("three_public_change_rate", report, {"basis": "actual"})
    assert computed.value is None and "上年三公经费为0" in computed.reason


def test_three_public_control_rate():
    assert value("three_public_control_rate", clean_report()) == D("70.00")  # 3.50 / 5.00
    zero_budget = clean_report(
        three_public=tuple(replace(line, budget=D("0"), actual=D("0")) for line in three_public())
    )
    assert compute("three_public_control_rate", zero_budget).value is None
    missing = clean_report(three_public=three_public(abroad=None))
    assert compute("three_public_control_rate", missing).value is None


def test_budget_completion_rate():
    report = with_budget(clean_report(), basic_actual=D("89.20"))  # 139.20 / 150.00
    assert value("budget_completion_rate", report) == D("92.80")
    report = with_budget(report, basic_initial=D("110.00"))  # against 年初 160.00
    assert value("budget_completion_rate", report, basis="initial") == D("87.00")
    assert compute("budget_completion_rate", replace(clean_report(), budget=None)).value is None


def test_budget_adjustment_rate():
    assert value("budget_adjustment_rate", clean_report()) == D("0.00")
    assert value("budget_adjustment_rate", with_budget(clean_report(), basic_adjusted=D("115.00"))) == D("10.00")
    assert value("budget_adjustment_rate", with_budget(clean_report(), basic_adjusted=D("85.00"))) == D("10.00")
    assert value("budget_adjustment_rate", with_budget(clean_report(), basic_adjusted=D("85.00")), signed=True) == D(
        "-10.00"
    )
    zero = with_budget(clean_report(), basic_initial=D("0"), project_initial=D("0"))
    assert compute("budget_adjustment_rate", zero).value is None


def test_key_spending_rate():
    report = clean_report()
    assert compute("key_spending_rate", report).value is None  # nothing marked: no fake 0
    marked = replace(report, project_lines=(replace(report.project_lines[0], is_key=True, actual=D("45.00")),))
    assert value("key_spending_rate", marked) == D("90.00")
    with_other = replace(marked, project_lines=(*marked.project_lines, ProjectLine(2, "其他", TRAINING, actual=D("5"))))
    assert value("key_spending_rate", with_other) == D("90.00")


def test_public_funds_procurement_and_carryover_rates():
    report = clean_report()
    assert value("public_funds_control_rate", report) == D("93.33")  # 28 / 30
    assert value("procurement_execution_rate", report) == D("90.00")  # 18 / 20
    assert value("carryover_rate", report) == D("3.33")  # 5 / 150
    empty = with_budget(report, public_funds_budget=None, procurement_actual=None, carryover=None)
    for key in ("public_funds_control_rate", "procurement_execution_rate", "carryover_rate"):
        computed = compute(key, empty)
        assert computed.value is None and "填写" in computed.reason, key
        assert "未填写" in dict(computed.inputs).values()


def test_carryover_change_rate():
    assert compute("carryover_change_rate", clean_report()).value is None
    assert value("carryover_change_rate", with_prior(clean_report(), carryover=D("4.00"))) == D("25.00")


def test_every_computation_survives_an_empty_report():
    from evaluations.checks.snapshot import ReportSnapshot

    empty = ReportSnapshot(year=2018, department="空白单位")
    for key in COMPUTATIONS:
        computed = compute(key, empty)
        assert computed.value is None and computed.reason, key


def test_parameters_are_validated():
    from django.core.exceptions import ValidationError

    validate_params("three_public_change_rate", {"basis": "budget"})
    with pytest.raises(ValidationError):
        validate_params("three_public_change_rate", {"basis": "both"})
    with pytest.raises(ValidationError):
        validate_params("staff_control_rate", {"basis": "actual"})
