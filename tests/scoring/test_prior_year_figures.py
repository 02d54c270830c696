"""上年数 without a prior-year report: 附件2's 上年决算 column and the indicators that need last year.

Pure: hand-made snapshots (tests/checks/builders.py); a record of last year wins over typed 上年数.
"""

from dataclasses import replace
from decimal import Decimal as D

from evaluations.checks.snapshot import ThreePublic
from evaluations.scoring.basic_data import NOT_FILLED, basic_data_table
from evaluations.scoring.computations import compute
from tests.checks.builders import clean_report, three_public, with_budget, with_prior

TYPED = {
    "prior_project_actual": D("40.00"),
    "prior_public_funds_actual": D("25.00"),
    "prior_office_expense_actual": D("8.00"),
    "prior_utilities_travel_actual": D("4.00"),
    "prior_meeting_training_actual": D("1.50"),
    "prior_procurement_actual": D("12.00"),
    "prior_carryover": D("4.00"),
    "prior_three_public_budget": D("6.00"),
}


def first_year_report():
    """A department in its first year: no record of 2017, every 上年数 typed."""
    lines = tuple(replace(line, prior_year_actual=D("1.00")) for line in three_public())
    return with_budget(clean_report(three_public=lines), **TYPED)


def test_first_year_basic_data_has_every_prior_figure_from_the_typed_block():
    table = basic_data_table(first_year_report())
    prior_column = {row.label: row.cells[0] for row in table.rows}
    assert NOT_FILLED not in prior_column.values()
    assert prior_column["项目支出"] == "40.00"
    assert prior_column["公用经费"] == "25.00"
    assert prior_column["其中：办公经费"] == "8.00"
    assert prior_column["政府采购金额"] == "12.00"
    assert prior_column["结转结余总额"] == "4.00"
    assert prior_column["“三公”经费合计"] == "4.00"
    assert table.prior_source == "填报的上年数"


def test_without_record_or_typed_figures_the_prior_column_says_not_filled():
    table = basic_data_table(clean_report())
    assert {row.label: row.cells[0] for row in table.rows}["项目支出"] == NOT_FILLED
    assert table.prior_source == "系统中没有上年度记录"


def test_last_years_record_wins_over_typed_figures():
    report = with_prior(first_year_report(), project_actual=D("41.00"))
    table = basic_data_table(report)
    prior_column = {row.label: row.cells[0] for row in table.rows}
    assert prior_column["项目支出"] == "41.00"  # the record
    assert prior_column["公用经费"] == "25.00"  # the record has none: the typed figure
    assert table.prior_source == "2017年度记录（记录中没有的取填报的上年数）"


def test_carryover_change_rate_from_the_typed_prior_carryover():
    computed = compute("carryover_change_rate", first_year_report())
    assert computed.value == D("25.00")  # (5 − 4) / 4
    assert ("上年结转结余总额（填报的上年数）", "4.00万元") in computed.inputs


def test_three_public_change_rate_on_budget_basis_from_the_typed_total():
    computed = compute("three_public_change_rate", first_year_report(), {"basis": "budget"})
    assert computed.value == D("-16.67")  # this year's budget 5.00 against 6.00
    assert ("上年三公经费预算数（填报的上年数）", "6.00万元") in computed.inputs


def test_three_public_budget_of_last_years_record_wins_when_complete():
    lines = [ThreePublic(kind, D("1.00"), D("1.00")) for kind in ("abroad", "vehicle_purchase", "vehicle_operation")]
    partial = with_prior(first_year_report(), three_public_lines=lines)  # reception's budget missing
    assert compute("three_public_change_rate", partial, {"basis": "budget"}).inputs[1][1] == "6.00万元"
    complete = with_prior(first_year_report(), three_public_lines=[*lines, ThreePublic("reception", D("2"), D("1"))])
    computed = compute("three_public_change_rate", complete, {"basis": "budget"})
    assert computed.value == D("0.00") and "2017年度记录" in computed.inputs[1][0]


def test_budget_completion_rate_on_opening_balance_plus_adjusted_budget():
    report = first_year_report()  # 决算 150, 调整预算 150, 年初结余 (上年结转结余) 4
    computed = compute("budget_completion_rate", report, {"basis": "opening_plus_adjusted"})
    assert computed.value == D("97.40")  # 150 / 154
    assert ("年初结余（上年结转结余，填报的上年数）", "4.00万元") in computed.inputs
    missing = compute("budget_completion_rate", clean_report(), {"basis": "opening_plus_adjusted"})
    assert missing.value is None and "年初结余" in missing.reason and "上年数" in missing.reason


def test_score_table_shows_the_formula_of_the_chosen_basis_with_its_inputs():
    from evaluations.scoring.engine import IndicatorSpec, score_table

    specs = [
        IndicatorSpec(1, None, 1, "过程", D("5")),
        IndicatorSpec(2, 1, 1, "预算执行", D("5")),
        IndicatorSpec(
            3,
            2,
            1,
            "预算完成率",
            D("5"),
            computation="budget_completion_rate",
            computation_params={"basis": "opening_plus_adjusted"},
            rule_shape="threshold",
            rule_params={"threshold": "100", "direction": "below", "deduct_per_point": "0.5"},
        ),
    ]
    [row] = score_table(first_year_report(), specs).rows
    assert row.formula == "支出决算数 ÷（年初结余 + 调整预算数）× 100%"
    assert [label for label, _value in row.inputs] == [
        "支出决算数（支出合计）",
        "年初结余（上年结转结余，填报的上年数）",
        "支出调整预算数（支出合计）",
    ]
    assert row.value_display == "97.40%"


def test_formulas_follow_the_parameters():
    from evaluations.scoring.computations import COMPUTATIONS

    completion = COMPUTATIONS["budget_completion_rate"]
    assert completion.formula_for({}) == "支出决算数 ÷ 调整预算数 × 100%"
    assert completion.formula_for({"basis": "initial"}) == "支出决算数 ÷ 年初预算数 × 100%"
    change = COMPUTATIONS["three_public_change_rate"]
    assert "预算数" in change.formula_for({"basis": "budget"}) and "决算数" in change.formula_for({})
