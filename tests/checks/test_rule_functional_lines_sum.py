from dataclasses import replace
from decimal import Decimal as D

from evaluations.checks import ERROR, NOTE
from evaluations.checks.rules import functional_lines_sum as rule

from .builders import clean_report


def with_amounts(*amounts):
    report = clean_report()
    lines = tuple(
        replace(line, amount=D(a) if a is not None else None)
        for line, a in zip(report.functional_lines, amounts, strict=True)
    )
    return replace(report, functional_lines=lines)


def test_lines_equal_to_the_total_pass():
    assert rule.check(with_amounts("100.00", "50.00")) == []


def test_rounding_difference_within_tolerance_is_a_note():
    # two lines: tolerance 0.01; 149.99 against 150.00
    [finding] = rule.check(with_amounts("100.00", "49.99"))
    assert finding.severity == NOTE and "尾数差异" in finding.message
    assert finding.section == "spending" and finding.field == "functional_lines"


def test_exactly_at_tolerance_is_still_a_note_and_just_over_is_an_error():
    [at] = rule.check(with_amounts("100.01", "50.00"))
    assert at.severity == NOTE
    [over] = rule.check(with_amounts("100.02", "50.00"))
    assert over.severity == ERROR
    assert "150.02" in over.message and "150.00" in over.message and "0.01" in over.message


def test_missing_amount_asks_to_fill_it_in():
    [finding] = rule.check(with_amounts("100.00", None))
    assert finding.severity == ERROR and finding.row == 2 and "未填写金额" in finding.message


def test_no_lines_or_no_total_is_left_to_the_empty_section_rule():
    assert rule.check(replace(clean_report(), functional_lines=())) == []
    assert rule.check(replace(clean_report(), budget=None)) == []
