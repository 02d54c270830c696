from decimal import Decimal as D

from evaluations.checks import WARNING
from evaluations.checks.rules import three_public_over_budget, three_public_prior_year
from evaluations.checks.snapshot import ThreePublic

from .builders import clean_report, three_public, with_prior


def test_actual_within_budget_passes():
    report = clean_report(three_public=three_public(reception=ThreePublic("reception", D("2.00"), D("2.00"))))
    assert three_public_over_budget.check(report) == []


def test_actual_over_budget_is_a_warning_per_kind():
    report = clean_report(three_public=three_public(reception=ThreePublic("reception", D("2.00"), D("2.01"))))
    [finding] = three_public_over_budget.check(report)
    assert finding.severity == WARNING and finding.section == "three-public"
    assert "公务接待决算数2.01万元超过预算数2.00万元" in finding.message


def test_manual_prior_year_figures_agreeing_with_last_years_record_pass():
    report = clean_report(
        three_public=three_public(reception=ThreePublic("reception", D("2.00"), D("1.00"), prior_year_actual=D("1.50")))
    )
    report = with_prior(report, three_public_lines=[ThreePublic("reception", D("2.00"), D("1.50"))])
    assert three_public_prior_year.check(report) == []


def test_manual_prior_year_figure_contradicting_last_years_record_is_a_warning():
    report = clean_report(
        three_public=three_public(reception=ThreePublic("reception", D("2.00"), D("1.00"), prior_year_actual=D("1.80")))
    )
    report = with_prior(report, three_public_lines=[ThreePublic("reception", D("2.00"), D("1.50"))])
    [finding] = three_public_prior_year.check(report)
    assert "1.80" in finding.message and "1.50" in finding.message and "2017年度记录" in finding.message


def test_partial_manual_prior_year_figures_ask_for_the_rest():
    report = clean_report(
        three_public=three_public(reception=ThreePublic("reception", D("2.00"), D("1.00"), prior_year_actual=D("1.80")))
    )
    [finding] = three_public_prior_year.check(report)
    assert (
        "因公出国（境）" in finding.message
        and "公车购置" in finding.message
        and "公务接待" not in finding.message.split("，")[1]
    )


def test_no_manual_prior_year_figures_at_all_is_not_a_finding():
    assert three_public_prior_year.check(clean_report()) == []
