from dataclasses import replace
from decimal import Decimal as D

from evaluations.checks import ERROR
from evaluations.checks.rules import empty_sections as rule

from .builders import clean_report, three_public, with_budget, with_narratives


def keys(report):
    return sorted(finding.subject for finding in rule.check(report))


def test_complete_report_passes():
    assert rule.check(clean_report()) == []


def test_empty_narrative_is_an_error_that_says_to_write_none():
    [finding] = rule.check(with_narratives(clean_report(), problems_and_measures="  "))
    assert finding.severity == ERROR and finding.section == "problems" and "“无”" in finding.message


def test_empty_profile_fields_and_lists():
    report = clean_report(goals=(), key_work=())
    report = replace(report, profile=replace(report.profile, staff_quota=None, duties=""))
    assert keys(report) == ["goals", "key_work", "profile:duties", "profile:staff_quota"]
    assert keys(replace(clean_report(), profile=None)) == ["profile"]


def test_blank_table_cell_asks_for_zero():
    [finding] = rule.check(with_budget(clean_report(), special_actual=None))
    assert finding.field == "special_actual" and "填 0" in finding.message


def test_no_budget_at_all():
    report = replace(clean_report(), budget=None, functional_lines=(), project_lines=())
    assert keys(report) == ["budget"]


def test_project_spending_without_project_lines():
    assert keys(replace(clean_report(), project_lines=())) == ["project_lines"]
    report = with_budget(replace(clean_report(), project_lines=()), project_actual=D("0"))
    assert keys(report) == []


def test_missing_three_public_rows():
    assert keys(clean_report(three_public=three_public(abroad=None))) == ["three_public:abroad"]
