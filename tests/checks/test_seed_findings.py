"""The demo (the real 2018 report) shows exactly its real inconsistencies — no more, no fewer."""

import pytest

from evaluations.checks import run_checks
from evaluations.models import Evaluation
from evaluations.snapshots import report_snapshot

pytestmark = pytest.mark.django_db


def test_seed_findings_are_exactly_the_real_ones(seed_evaluation):
    findings = run_checks(report_snapshot(seed_evaluation))
    assert [(f.severity, f.code, f.section, f.field) for f in findings] == [
        ("warning", "staff_over_quota", "profile", "staff_excess_reason"),  # 实有 10 > 编制 8, no 超编说明
        ("note", "functional_lines_sum", "spending", "functional_lines"),  # 478.89 vs 478.9: rounding
        ("error", "project_lines_sum", "projects", "project_lines"),  # 148.25 vs 148.35
        ("warning", "one_value_per_figure", "projects", "project_lines"),  # 干部教育培训 5.1 vs 5.01
    ]
    by_code = {f.code: f for f in findings}
    assert "148.25" in by_code["project_lines_sum"].message and "148.35" in by_code["project_lines_sum"].message
    assert "5.10" in by_code["one_value_per_figure"].message and "5.01" in by_code["one_value_per_figure"].message
    assert "尾数差异" in by_code["functional_lines_sum"].message
    assert "478.89" in by_code["functional_lines_sum"].message


def test_second_department_whose_figures_add_up_has_no_findings(demo):
    evaluation = Evaluation.objects.get(department__code="999001", fiscal_year_id=2018)
    assert run_checks(report_snapshot(evaluation)) == []


def test_snapshot_is_built_in_a_fixed_number_of_queries(seed_evaluation, django_assert_max_num_queries):
    evaluation = Evaluation.objects.get(pk=seed_evaluation.pk)
    with django_assert_max_num_queries(16):  # + the report's outline and its entries (its text fields)
        report_snapshot(evaluation)
