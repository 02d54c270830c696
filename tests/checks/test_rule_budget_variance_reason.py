from decimal import Decimal as D
from types import SimpleNamespace

from evaluations import drafting
from evaluations.checks import WARNING
from evaluations.checks.rules import budget_variance_reason as rule

from .builders import clean_report, with_budget, with_narratives


def test_equal_columns_need_no_reason():
    assert rule.check(clean_report()) == []


def test_adjusted_differing_from_initial_without_reason_is_a_warning():
    [finding] = rule.check(with_budget(clean_report(), project_adjusted=D("60.00"), project_actual=D("60.00")))
    assert finding.severity == WARNING and finding.field == "variance_analysis_override"
    assert "项目支出调整预算数60.00万元，较年初预算数50.00万元增加10.00万元" in finding.message


def test_actual_below_adjusted_needs_a_reason_too():
    [finding] = rule.check(with_budget(clean_report(), basic_actual=D("90.00")))
    assert "基本支出决算数90.00万元，较调整预算数100.00万元减少10.00万元" in finding.message


def test_the_drafted_sentence_with_its_placeholder_is_not_a_reason():
    report = with_budget(clean_report(), project_adjusted=D("60.00"), project_actual=D("60.00"))
    bundle = SimpleNamespace(
        year=2018, budget=SimpleNamespace(project_initial=D("50"), project_adjusted=D("60"), project_actual=D("60"))
    )
    draft = drafting.draft_variance_analysis(bundle)
    assert "【请说明差异原因】" in draft and "原因" in draft
    assert rule.check(with_narratives(report, variance_analysis_override=draft)) != []


def test_stated_reason_passes():
    report = with_budget(clean_report(), project_adjusted=D("60.00"), project_actual=D("60.00"))
    text = "调整预算数较年初预算数增加10万元，原因是年中追加了培训经费。"
    assert rule.check(with_narratives(report, variance_analysis_override=text)) == []


def test_text_without_a_reason_does_not_pass():
    report = with_budget(clean_report(), project_adjusted=D("60.00"), project_actual=D("60.00"))
    assert rule.check(with_narratives(report, variance_analysis_override="预决算数存在差异。")) != []


def test_reason_markers():
    assert rule.reason_stated("由于政策调整，预算调减5万元。")
    assert not rule.reason_stated("")
    assert not rule.reason_stated("原因：【请说明差异原因】")
