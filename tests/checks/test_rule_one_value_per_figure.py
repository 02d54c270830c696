from dataclasses import replace
from decimal import Decimal as D

from evaluations.checks import ERROR, NOTE, WARNING
from evaluations.checks.rules import one_value_per_figure as rule
from evaluations.checks.snapshot import Category, FunctionalLine, ProjectLine

from .builders import ADMIN_RUNNING, TRAINING, clean_report

EDUCATION_CLASS = Category("205", "教育支出", 2018)


def report_with(functional_amount, project_amount, *, functional_category=TRAINING, project_category=TRAINING):
    return replace(
        clean_report(),
        functional_lines=(
            FunctionalLine(1, ADMIN_RUNNING, "事业运行", D("100.00")),
            FunctionalLine(2, functional_category, "干部教育培训支出", D(functional_amount)),
        ),
        project_lines=(ProjectLine(1, "干部教育培训", project_category, actual=D(project_amount)),),
    )


def test_equal_figures_pass():
    assert rule.check(report_with("5.10", "5.10")) == []


def test_seed_5_1_against_5_01_is_found():
    [finding] = rule.check(report_with("5.10", "5.01"))
    assert finding.severity == WARNING
    assert "5.10" in finding.message and "5.01" in finding.message and "干部教育培训" in finding.message
    assert finding.section == "projects" and ("spending", "functional_lines") in finding.also


def test_category_much_larger_than_its_projects_is_basic_spending_not_a_finding():
    # 政务公开审批 in the seed: 373.98 in 一 2 against the project 93.14
    assert rule.check(report_with("373.98", "93.14")) == []


def test_near_equal_boundary_is_five_percent():
    assert rule.check(report_with("100.00", "95.01"))[0].severity == WARNING  # gap 4.99 < 5
    assert rule.check(report_with("100.00", "95.00")) == []  # gap 5.00 = 5 % of 100: may be basic spending


def test_projects_exceeding_their_category_is_an_error():
    [finding] = rule.check(report_with("5.01", "5.10"))
    assert finding.severity == ERROR and "大于" in finding.message


def test_rounding_gap_is_a_note():
    [finding] = rule.check(report_with("5.10", "5.09"))
    assert finding.severity == NOTE


def test_project_matched_to_a_class_level_line_by_code_prefix():
    assert rule.check(report_with("5.10", "5.01", functional_category=EDUCATION_CLASS))[0].severity == WARNING


def test_project_without_category_is_matched_by_name():
    assert rule.check(report_with("5.10", "5.01", project_category=None))[0].severity == WARNING


def test_unmatched_project_is_not_compared():
    other = Category("2060404", "科技成果转化与扩散", 2018)
    assert rule.check(report_with("5.10", "5.01", project_category=other)) == []
