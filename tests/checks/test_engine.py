"""The engine: a clean report passes every rule; findings are data with stable keys."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from evaluations.checks import ERROR, NOTE, WARNING, Finding, run_checks
from evaluations.checks.findings import SECTION_ORDER
from evaluations.checks.registry import RULES

from .builders import clean_report, with_budget


def test_clean_report_has_no_findings():
    assert run_checks(clean_report()) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.CODE)
def test_every_rule_passes_the_clean_report(rule):
    assert rule.check(clean_report()) == []
    assert rule.TITLE and rule.CODE


def test_rule_codes_are_unique():
    assert len({rule.CODE for rule in RULES}) == len(RULES)


def test_findings_come_in_outline_order_errors_first():
    report = with_budget(clean_report(), project_actual=D("60.00"))  # project lines 50 ≠ 60: error in 二（四）
    report = replace(report, profile=replace(report.profile, staff_actual=12))  # 一 1 warning
    findings = run_checks(report)
    sections = [finding.section for finding in findings]
    assert sections == sorted(sections, key=SECTION_ORDER.__getitem__)
    assert findings[0].section == "profile" and findings[0].severity == WARNING


def test_keys_are_stable_across_recomputation_and_change_with_the_figures():
    report = with_budget(clean_report(), project_actual=D("60.00"))
    first = [finding.key for finding in run_checks(report)]
    assert first == [finding.key for finding in run_checks(report)]
    changed = [finding.key for finding in run_checks(with_budget(report, project_actual=D("61.00")))]
    assert set(first) != set(changed)


def test_finding_validates_severity_and_section():
    with pytest.raises(ValueError):
        Finding(code="x", severity="fatal", section="profile", field="f", message="m")
    with pytest.raises(ValueError):
        Finding(code="x", severity=ERROR, section="", field="f", message="m")
    finding = Finding(code="x", severity=NOTE, section="profile", field="f", message="m", subject="s")
    assert finding.key == "x:s" and finding.as_dict()["severity_label"] == "提示"
