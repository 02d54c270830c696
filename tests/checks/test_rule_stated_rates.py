from decimal import Decimal as D

from evaluations.checks import ERROR
from evaluations.checks.rules import stated_rates as rule

from .builders import clean_report, with_budget, with_narratives


def report_with(text, **amounts):
    report = with_budget(clean_report(), **amounts) if amounts else clean_report()
    return with_narratives(report, output_analysis=text)


def test_rates_agreeing_with_the_figures_pass():
    # completion 139.20 / 150.00 = 92.80 %; public funds 28 / 30 = 93.33 %
    text = "预算完成率为92.8%，公用经费控制率93.33%，“三公”经费控制率70%，在职人员控制率90%。"
    assert rule.check(report_with(text, basic_actual=D("89.20"))) == []


def test_stated_rate_is_compared_at_its_own_precision():
    assert rule.check(report_with("预算完成率达93%。", basic_actual=D("89.20"))) == []
    [finding] = rule.check(report_with("预算完成率达92.9%。", basic_actual=D("89.20")))
    assert finding.severity == ERROR and "92.80%" in finding.message and "92.9%" in finding.message


def test_contradicting_rate_is_an_error_at_its_field():
    [finding] = rule.check(report_with("本年度预算执行率为100%。", basic_actual=D("89.20")))
    assert finding.section == "performance" and finding.field == "output_analysis"


def test_either_basis_is_accepted():
    # 年初 160, 调整 150, 决算 150: 100 % against 调整, 93.75 % against 年初
    report = report_with("预算完成率为93.75%。", basic_initial=D("110.00"))
    assert rule.check(report) == []


def test_rates_that_cannot_be_computed_are_not_compared():
    assert rule.check(report_with("结转结余率为3%。", carryover=None)) == []


def test_work_rates_are_not_budget_rates():
    assert rule.check(report_with("实现比率100%，进窗率达98%。")) == []
