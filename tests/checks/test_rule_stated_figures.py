from dataclasses import replace
from decimal import Decimal as D

from evaluations.checks import ERROR
from evaluations.checks.rules import stated_figures as rule

from .builders import clean_report, with_budget, with_narratives


def test_text_agreeing_with_the_figures_passes():
    report = with_narratives(
        clean_report(),
        spending_summary_override="2018年度我单位整体支出合计150万元，其中基本支出100万元，项目支出50.00万元。"
        "主要用于事业运行100万元、干部教育培训支出50万元。",
        variance_analysis_override="项目支出年初预算数为50万元，调整预算数为50万元，决算数为50万元，预决算数没有差异。",
        project_implementation_override="项目资金共50万元，其中干部教育培训50万元。",
        profile_summary_override="本单位核定行政编制10名。2018年实有在职干部9人。",
    )
    assert rule.check(report) == []


def test_total_in_text_differing_from_the_figures_is_an_error():
    report = with_narratives(clean_report(), spending_summary_override="整体支出合计160万元，其中基本支出100万元。")
    [finding] = rule.check(report)
    assert finding.severity == ERROR and finding.section == "spending" and finding.field == "spending_summary_override"
    assert "160" in finding.message and "150.00" in finding.message


def test_functional_amount_in_text_is_compared_with_its_line():
    report = with_narratives(clean_report(), spending_summary_override="主要用于干部教育培训支出5.1万元。")
    [finding] = rule.check(report)
    assert "干部教育培训支出" in finding.message and "5.1" in finding.message


def test_full_width_and_thousands_separators_are_read():
    report = with_budget(clean_report(), basic_actual=D("1234.56"), project_actual=D("0"))
    text = "整体支出合计１,２３４.５６万元，其中基本支出1,234.56万元。"
    assert rule.check(with_narratives(report, spending_summary_override=text)) == []


def test_stated_total_must_equal_stated_parts_when_figures_are_missing():
    report = replace(with_budget(clean_report(), basic_actual=None, project_actual=None))
    text = "整体支出合计160万元，其中基本支出100万元，项目支出50万元。"
    [finding] = rule.check(with_narratives(report, spending_summary_override=text))
    assert "不等于" in finding.message


def test_variance_text_and_project_text():
    report = with_narratives(
        clean_report(),
        variance_analysis_override="项目支出年初预算数为50万元，调整预算数为55万元，决算数为50万元。",
        project_implementation_override="项目资金共50万元，其中干部教育培训5.01万元。",
    )
    fields = sorted((finding.field, finding.figures[0].value) for finding in rule.check(report))
    assert fields == [("project_implementation_override", "5.01"), ("variance_analysis_override", "55")]


def test_staff_counts_in_the_opening_sentence():
    report = with_narratives(clean_report(), profile_summary_override="核定事业编制8名，实有在职干部9人。")
    [finding] = rule.check(report)
    assert finding.section == "profile" and "编制数" in finding.message and "10" in finding.message


def test_no_override_no_finding():
    assert rule.check(clean_report()) == []
