"""Every scoring shape at its boundaries: exactly at the threshold, just over, whole-step flooring."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from evaluations.scoring import rules

STAFF = {"threshold": "100", "direction": "above", "deduct_per_point": "0.5"}  # 在职人员控制率, 5 分
THREE_PUBLIC = {"threshold": "0", "direction": "above", "deduct_per_point": "0.8"}  # 三公经费变动率, 8 分
COMPLETION = {"target": "100", "direction": "below", "step": "5", "deduct_per_step": "2"}  # 预算完成率, 5 分
KEY_SPENDING = {  # 重点支出安排率, 5 分: ≥90 → 5, [80,90) → 4, [70,80) → 3, [60,70) → 2, <60 → 0
    "bands": [
        {"from": "90", "score": "5"},
        {"from": "80", "to": "90", "to_inclusive": False, "score": "4"},
        {"from": "70", "to": "80", "to_inclusive": False, "score": "3"},
        {"from": "60", "to": "70", "to_inclusive": False, "score": "2"},
        {"to": "60", "to_inclusive": False, "score": "0"},
    ]
}
CONTROL = {  # county 预算控制率, 8 分: 0 → 8, (0,10] → 6, (10,20] → 4, (20,30] → 2, >30 → 0
    "bands": [
        {"from": "0", "to": "0", "score": "8"},
        {"from": "0", "from_inclusive": False, "to": "10", "score": "6"},
        {"from": "10", "from_inclusive": False, "to": "20", "score": "4"},
        {"from": "20", "from_inclusive": False, "to": "30", "score": "2"},
        {"from": "30", "from_inclusive": False, "score": "0"},
    ]
}


def score(shape, value, weight, params):
    return rules.score(shape, D(value), D(weight), params)[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("80.00", "5.00"),
        ("100.00", "5.00"),  # exactly at the threshold: full marks
        ("100.01", "4.99"),  # just over: any started cent of deduction counts
        ("101.00", "4.50"),
        ("102.50", "3.75"),
        ("110.00", "0.00"),  # deducted to zero
        ("125.00", "0.00"),  # never below zero
    ],
)
def test_threshold_above(value, expected):
    assert score("threshold", value, "5", STAFF) == D(expected)


def test_threshold_at_zero_for_a_change_rate():
    assert score("threshold", "0.00", "8", THREE_PUBLIC) == D("8.00")
    assert score("threshold", "-12.50", "8", THREE_PUBLIC) == D("8.00")
    assert score("threshold", "0.01", "8", THREE_PUBLIC) == D("7.99")
    assert score("threshold", "5.00", "8", THREE_PUBLIC) == D("4.00")


def test_threshold_below_direction():
    params = {"threshold": "95", "direction": "below", "deduct_per_point": "1"}
    assert score("threshold", "95", "5", params) == D("5.00")
    assert score("threshold", "94.5", "5", params) == D("4.50")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100.00", "5.00"),
        ("104.00", "5.00"),  # above target: nothing below it
        ("95.01", "5.00"),  # 4.99 below: no whole step
        ("95.00", "3.00"),  # exactly one whole step
        ("92.80", "3.00"),  # the Hunan example: 7.2 below → one whole step → 3 of 5
        ("90.01", "3.00"),
        ("90.00", "1.00"),  # two whole steps
        ("85.00", "0.00"),  # three steps (−6) deducted to zero
    ],
)
def test_whole_step_deduction_floors_the_steps(value, expected):
    assert score("steps", value, "5", COMPLETION) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("100", "5"), ("90.00", "5"), ("89.99", "4"), ("80", "4"), ("79.99", "3"), ("60", "2"), ("59.99", "0")],
)
def test_bands_with_closed_lower_ends(value, expected):
    assert score("bands", value, "5", KEY_SPENDING) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", "8"), ("0.01", "6"), ("10", "6"), ("10.01", "4"), ("20", "4"), ("30", "2"), ("30.01", "0")],
)
def test_bands_with_open_lower_ends(value, expected):
    assert score("bands", value, "8", CONTROL) == D(expected)


def test_value_outside_every_band_scores_zero_and_says_so():
    params = {"bands": [{"from": "0", "to": "10", "score": "3"}]}
    result, reason = rules.score("bands", D("-1"), D("3"), params)
    assert result == D("0.00") and "不在任何分档" in reason


def test_reasons_show_the_arithmetic():
    assert rules.score("steps", D("92.8"), D("5"), COMPLETION)[1] == (
        "92.8%，比100%低7.2个百分点，每满5个百分点扣2分，计1档，扣2分"
    )
    assert "扣完为止" in rules.score("threshold", D("125"), D("5"), STAFF)[1]


def test_descriptions_for_the_printed_table():
    assert rules.describe("threshold", STAFF, D("5")) == "≤100%得满分5分；每高于1个百分点扣0.5分，扣完为止"
    assert rules.describe("bands", CONTROL, D("8")).startswith("0%得8分；(0%，10%]得6分")
    assert rules.describe("manual", {}, D("6")) == "由填报人对照评分要点评分（0～6分），须说明理由"


@pytest.mark.parametrize(
    ("shape", "params", "message"),
    [
        ("threshold", {"threshold": "100"}, "缺少"),
        ("threshold", {"threshold": "abc", "deduct_per_point": "1"}, "数字"),
        ("threshold", {"threshold": "100", "deduct_per_point": "0"}, "大于 0"),
        ("threshold", {"threshold": "100", "deduct_per_point": "1", "direction": "up"}, "direction"),
        ("steps", {"target": "100", "step": "0", "deduct_per_step": "2"}, "档距"),
        ("bands", {"bands": []}, "非空"),
        ("bands", {"bands": [{"from": "10", "to": "5", "score": "1"}]}, "下限大于上限"),
        ("bands", {"bands": [{"from": "0", "to": "10", "score": "1"}, {"from": "10", "score": "0"}]}, "重叠"),
        ("bands", {"bands": [{"from": "0", "score": "9"}]}, "权重"),
        ("nonsense", {}, "未知"),
    ],
)
def test_invalid_parameters_are_refused_in_chinese(shape, params, message):
    with pytest.raises(ValidationError) as error:
        rules.validate(shape, params, D("5"))
    assert message in " ".join(error.value.messages)


def test_valid_example_parameters_pass():
    for shape, params in [("threshold", STAFF), ("steps", COMPLETION), ("bands", KEY_SPENDING), ("bands", CONTROL)]:
        rules.validate(shape, params, D("8"))


CAPS = [
    {
        "computation": "budget_completion_rate",
        "bands": [
            {"from": "70", "to": "80", "to_inclusive": False, "max_total": "89"},
            {"from": "60", "to": "70", "to_inclusive": False, "max_total": "79"},
            {"from": "50", "to": "60", "to_inclusive": False, "max_total": "69"},
            {"to": "50", "to_inclusive": False, "max_total": "59"},
        ],
    }
]


@pytest.mark.parametrize(
    ("rate", "total", "expected"),
    [
        ("80.00", "95", "95"),  # at 80 %: no cap
        ("79.99", "95", "89"),
        ("70.00", "95", "89"),
        ("69.99", "95", "79"),
        ("50.00", "95", "69"),
        ("49.99", "95", "59"),
        ("49.99", "40", "40"),  # a cap only lowers
    ],
)
def test_caps_by_execution_rate(rate, total, expected):
    rules.validate_caps(CAPS)
    capped, notes = rules.apply_caps(D(total), CAPS, {"budget_completion_rate": D(rate)})
    assert capped == D(expected)
    assert bool(notes) == (D(expected) < D(total))


def test_cap_is_not_applied_when_its_value_cannot_be_computed():
    capped, notes = rules.apply_caps(D("95"), CAPS, {"budget_completion_rate": None})
    assert capped == D("95") and "无法计算" in notes[0]


def test_caps_are_validated():
    with pytest.raises(ValidationError):
        rules.validate_caps([{"computation": "unknown", "bands": []}])
    with pytest.raises(ValidationError):
        rules.validate_caps({"computation": "budget_completion_rate"})
