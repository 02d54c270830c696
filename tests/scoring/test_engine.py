"""The 评分表 engine (pure): rows, subtotals, total, grade, manual scores, caps, JSON round trip."""

from decimal import Decimal as D

import pytest

from evaluations.scoring.engine import IndicatorSpec, ManualEntry, ScoreTable, grade_for, score_table
from tests.checks.builders import clean_report

STAFF_RULE = {"threshold": "100", "direction": "above", "deduct_per_point": "0.5"}


def framework(manual_weight="50"):
    """投入 50 (在职人员控制率, computed) + 管理 50 (one manual indicator)."""
    return [
        IndicatorSpec(1, None, 1, "投入", D("50")),
        IndicatorSpec(2, 1, 1, "预算配置", D("50")),
        IndicatorSpec(
            3,
            2,
            1,
            "在职人员控制率",
            D("50"),
            computation="staff_control_rate",
            rule_shape="threshold",
            rule_params=STAFF_RULE,
        ),
        IndicatorSpec(4, None, 2, "过程", D(manual_weight)),
        IndicatorSpec(5, 4, 1, "预算管理", D(manual_weight)),
        IndicatorSpec(6, 5, 1, "管理制度健全性", D(manual_weight), computation="manual", rule_shape="manual"),
    ]


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands(total, grade):
    assert grade_for(D(total)) == grade


def test_unscored_manual_indicator_leaves_the_total_provisional():
    table = score_table(clean_report(), framework())
    computed, manual = table.rows
    assert computed.score == D("50.00") and computed.value == D("90.00") and computed.inputs
    assert manual.score is None and manual.status == "pending" and "待填报人评分" in manual.reason
    assert table.total == D("50.00") and table.pending == 1 and table.grade is None
    assert table.grade_display == "待定（尚有1项指标未评分）"


def test_manual_score_completes_the_table_and_is_capped_at_the_weight():
    table = score_table(
        clean_report(), framework(), manual={6: ManualEntry(D("39.99"), "制度健全，执行有个别疏漏", "filler")}
    )
    assert (
        table.rows[1].score == D("39.99") and "制度健全" in table.rows[1].reason and table.rows[1].scored_by == "filler"
    )
    assert table.total == D("89.99") and table.grade == "良" and table.complete
    over = score_table(clean_report(), framework(), manual={6: ManualEntry(D("70"), "满分")})
    assert over.rows[1].score == D("50.00") and over.total == D("100.00") and over.grade == "优"


def test_uncomputable_indicator_can_be_scored_by_hand_with_the_reason_kept():
    from dataclasses import replace

    report = replace(clean_report(), profile=None)
    table = score_table(report, framework())
    assert table.rows[0].status == "uncomputable" and table.rows[0].can_be_scored_by_hand
    table = score_table(report, framework(), manual={3: ManualEntry(D("45"), "编制数待核定")})
    assert table.rows[0].score == D("45.00") and table.rows[0].reason.startswith("无法计算：")
    assert "人工评分：编制数待核定" in table.rows[0].reason


def test_manual_score_is_ignored_once_the_value_can_be_computed():
    table = score_table(clean_report(), framework(), manual={3: ManualEntry(D("1"), "旧的人工评分")})
    assert table.rows[0].score == D("50.00") and not table.rows[0].can_be_scored_by_hand


def test_subtotals_and_rowspans():
    table = score_table(clean_report(), framework(), manual={6: ManualEntry(D("40"), "理由")})
    assert [(g.name, g.weight, g.score) for g in table.groups] == [
        ("投入", D("50"), D("50.00")),
        ("过程", D("50"), D("40.00")),
    ]
    assert [(r.level1_span, r.level2_span) for r in table.rows] == [(1, 1), (1, 1)]
    assert table.total_weight == D("100")


def test_caps_lower_the_total():
    caps = [
        {"computation": "budget_completion_rate", "bands": [{"to": "100", "to_inclusive": False, "max_total": "59"}]}
    ]
    from tests.checks.builders import with_budget

    report = with_budget(clean_report(), basic_actual=D("90"))  # completion 140/150 = 93.33 %
    table = score_table(report, framework(), manual={6: ManualEntry(D("50"), "理由")}, caps=caps)
    assert table.raw_total == D("100.00") and table.total == D("59") and table.grade == "差"
    assert "总分上限59分" in table.caps[0]


def test_json_round_trip_keeps_every_figure():
    table = score_table(
        clean_report(), framework(), manual={6: ManualEntry(D("40"), "理由")}, framework_id=7, framework_name="测试体系"
    )
    restored = ScoreTable.from_json(table.to_json())
    assert restored == table
    assert isinstance(restored.rows[0].score, D) and restored.total == D("90.00")
