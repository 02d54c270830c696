from dataclasses import replace
from decimal import Decimal as D

from evaluations.checks import ERROR, NOTE, WARNING
from evaluations.checks.rules import project_lines_sum as rule
from evaluations.checks.snapshot import ProjectLine

from .builders import TRAINING, clean_report, with_budget


def three_projects(actuals, initial=None):
    lines = tuple(
        ProjectLine(row, f"项目{row}", TRAINING, actual=D(a), initial=D(initial[row - 1]) if initial else None)
        for row, a in enumerate(actuals, start=1)
    )
    return replace(clean_report(), project_lines=lines)


def test_lines_adding_up_pass():
    assert rule.check(three_projects(["20.00", "20.00", "10.00"])) == []


def test_seed_like_gap_of_ten_cents_over_three_lines_is_an_error():
    report = with_budget(three_projects(["93.14", "5.01", "50.10"]), project_actual=D("148.35"))
    [finding] = rule.check(report)
    assert finding.severity == ERROR and finding.section == "projects" and finding.field == "project_lines"
    assert "148.25" in finding.message and "148.35" in finding.message and "0.10" in finding.message
    assert "0.015" in finding.message  # the tolerance, 3 × 0.005, shown exactly


def test_one_cent_over_three_lines_is_rounding():
    report = with_budget(three_projects(["93.14", "5.10", "50.10"]), project_actual=D("148.35"))
    [finding] = rule.check(report)
    assert finding.severity == NOTE and "尾数差异" in finding.message


def test_tolerance_boundary():
    # 3 lines → tolerance 0.015: 0.01 passes as rounding, 0.02 does not
    assert (
        rule.check(with_budget(three_projects(["20.00", "20.00", "9.99"]), project_actual=D("50.00")))[0].severity
        == NOTE
    )
    assert (
        rule.check(with_budget(three_projects(["20.00", "20.00", "9.98"]), project_actual=D("50.00")))[0].severity
        == ERROR
    )


def test_column_without_line_figures_is_not_checked():
    report = three_projects(["20.00", "20.00", "10.00"])  # initial/adjusted per line empty
    report = with_budget(report, project_initial=D("999.00"))
    assert rule.check(report) == []


def test_column_stated_for_some_lines_only_asks_for_the_rest():
    report = replace(
        clean_report(),
        project_lines=(
            ProjectLine(1, "甲", TRAINING, initial=D("30.00"), actual=D("30.00")),
            ProjectLine(2, "乙", TRAINING, actual=D("20.00")),
        ),
    )
    [finding] = rule.check(report)
    assert finding.severity == WARNING and "“乙”未填写年初预算数" in finding.message and finding.row == 2


def test_every_column_with_figures_is_checked():
    report = three_projects(["20.00", "20.00", "10.00"], initial=["20.00", "20.00", "20.00"])
    [finding] = rule.check(report)
    assert (
        finding.severity == ERROR
        and "年初预算" in finding.message
        and finding.key.startswith("project_lines_sum:initial")
    )
