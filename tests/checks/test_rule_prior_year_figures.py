from decimal import Decimal as D

from evaluations.checks import WARNING
from evaluations.checks.rules import prior_year_figures

from .builders import clean_report, with_budget, with_prior


def test_typed_prior_figures_without_a_record_are_not_a_finding():
    assert prior_year_figures.check(with_budget(clean_report(), prior_project_actual=D("40.00"))) == []


def test_typed_prior_figure_equal_to_the_record_passes():
    report = with_prior(with_budget(clean_report(), prior_carryover=D("4.00")), carryover=D("4.00"))
    assert prior_year_figures.check(report) == []


def test_typed_prior_figure_differing_from_the_record_is_a_warning_on_the_basic_data_page():
    report = with_prior(with_budget(clean_report(), prior_project_actual=D("40.00")), project_actual=D("41.00"))
    [finding] = prior_year_figures.check(report)
    assert finding.severity == WARNING and finding.section == "basic-data"
    assert finding.field == "prior_project_actual"
    assert "40.00" in finding.message and "41.00" in finding.message and "2017年度记录" in finding.message


def test_typed_three_public_budget_total_differing_from_the_record_is_a_warning_on_the_three_public_page():
    from evaluations.checks.snapshot import ThreePublic

    lines = [ThreePublic(kind, D("1.00"), D("1.00")) for kind in ("abroad", "vehicle_purchase", "vehicle_operation")]
    lines.append(ThreePublic("reception", D("2.00"), D("1.00")))
    report = with_prior(with_budget(clean_report(), prior_three_public_budget=D("6.00")), three_public_lines=lines)
    [finding] = prior_year_figures.check(report)
    assert finding.section == "three-public" and "6.00" in finding.message and "5.00" in finding.message
