from dataclasses import replace

from evaluations.checks import WARNING
from evaluations.checks.rules import staff_over_quota as rule

from .builders import clean_report


def with_staff(quota, actual, reason=""):
    report = clean_report()
    return replace(
        report, profile=replace(report.profile, staff_quota=quota, staff_actual=actual, staff_excess_reason=reason)
    )


def test_within_quota_passes():
    assert rule.check(with_staff(8, 8)) == []


def test_over_quota_without_explanation_is_a_warning_at_the_explanation_field():
    [finding] = rule.check(with_staff(8, 10))
    assert finding.severity == WARNING and finding.field == "staff_excess_reason" and finding.section == "profile"
    assert "10" in finding.message and "8" in finding.message and "超编说明" in finding.message


def test_over_quota_with_explanation_passes():
    assert rule.check(with_staff(8, 10, "2人为借调人员")) == []
    assert rule.check(with_staff(8, 10, "   ")) != []


def test_missing_figures_are_not_compared():
    assert rule.check(with_staff(None, 10)) == []
    assert rule.check(replace(clean_report(), profile=None)) == []
