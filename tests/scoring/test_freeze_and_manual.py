"""Frozen scores do not move when the framework changes; manual scores need a reason and an editable report."""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from departments.models import AuditEvent
from evaluations.models import Evaluation, EvaluationStatus, Indicator, ManualScore
from evaluations.scoring.frameworks import evaluation_framework
from evaluations.scoring.selectors import scoring_table
from evaluations.scoring.services import manual_score_set, scoring_freeze, scoring_unfreeze
from evaluations.workflow import WorkflowError

pytestmark = pytest.mark.django_db


@pytest.fixture
def filler(demo):
    return get_user_model().objects.get(username="filler")


def leaf(evaluation, name):
    return Indicator.objects.get(framework=evaluation_framework(evaluation), name=name)


def test_seed_scoring_table(seed_evaluation):
    table = scoring_table(seed_evaluation)
    rows = {row.name: row for row in table.rows}
    assert len(table.rows) == 24 and table.total_weight == D("100")
    assert (rows["在职人员控制率"].value, rows["在职人员控制率"].score) == (D("125.00"), D("0.00"))  # 10 / 8
    assert (rows["预算完成率"].value, rows["预算完成率"].score) == (D("100.00"), D("5.00"))
    assert (rows["预算调整率"].value, rows["预算调整率"].score) == (D("0.00"), D("3.00"))
    assert (rows["“三公经费”控制率"].value, rows["“三公经费”控制率"].score) == (D("0.00"), D("3.00"))  # 0 / 2
    for name in ("“三公经费”变动率", "结转结余率", "公用经费控制率", "政府采购执行率"):
        assert rows[name].value is None and rows[name].value_display == "无法计算" and rows[name].reason, name
    assert table.total == D("11.00") and table.grade is None and table.pending == 20


def test_framework_change_after_freezing_does_not_change_the_frozen_score(seed_evaluation, filler):
    manual_score_set(
        evaluation=seed_evaluation,
        indicator_id=leaf(seed_evaluation, "资金使用合规性").pk,
        score=D("7"),
        reason="资金使用符合财务管理制度规定",
        user=filler,
    )
    before = scoring_table(seed_evaluation)
    assert before.total == D("18.00")
    snapshot = scoring_freeze(evaluation=seed_evaluation)
    assert scoring_freeze(evaluation=seed_evaluation).pk == snapshot.pk  # idempotent

    # An administrator changes the framework behind the app's back (no clean(), straight SQL).
    Indicator.objects.filter(pk=leaf(seed_evaluation, "在职人员控制率").pk).update(
        rule_params={"threshold": "130", "direction": "above", "deduct_per_point": "0.5"}
    )
    Indicator.objects.filter(pk=leaf(seed_evaluation, "预算完成率").pk).update(weight=D("1"))

    after = scoring_table(seed_evaluation)
    assert after.total == before.total == D("18.00")
    assert after.to_json()["rows"] == before.to_json()["rows"] and after.frozen_at

    scoring_unfreeze(evaluation=seed_evaluation)  # reopened: recomputed with the changed framework
    assert scoring_table(seed_evaluation).total == D("19.00")  # 5 (在职, now ≤ 130 %) + 1 + 3 + 3 + 7


def test_freezing_locks_the_framework(seed_evaluation):
    scoring_freeze(evaluation=seed_evaluation)
    framework = Evaluation.objects.get(pk=seed_evaluation.pk).framework
    assert framework.is_locked()
    with pytest.raises(ValidationError):
        leaf(seed_evaluation, "预算完成率").full_clean()


def test_manual_score_requires_a_reason_and_stays_within_the_weight(seed_evaluation, filler):
    indicator = leaf(seed_evaluation, "资金使用合规性")
    with pytest.raises(ValidationError) as error:
        manual_score_set(evaluation=seed_evaluation, indicator_id=indicator.pk, score=D("7"), reason="  ", user=filler)
    assert "评分理由" in str(error.value)
    with pytest.raises(ValidationError) as error:
        manual_score_set(
            evaluation=seed_evaluation, indicator_id=indicator.pk, score=D("7.01"), reason="好", user=filler
        )
    assert "不能超过" in str(error.value)
    assert ManualScore.objects.filter(evaluation=seed_evaluation).count() == 0

    manual_score_set(
        evaluation=seed_evaluation,
        indicator_id=indicator.pk,
        score=D("6.5"),
        reason="个别支出审批手续不全",
        user=filler,
    )
    manual_score_set(
        evaluation=seed_evaluation, indicator_id=indicator.pk, score=D("7"), reason="已补全手续", user=filler
    )
    score = ManualScore.objects.get(evaluation=seed_evaluation)
    assert (score.score, score.reason) == (D("7"), "已补全手续")
    events = AuditEvent.objects.filter(object_label="评分表「资金使用合规性」")
    assert events.filter(action="create").count() == 1 and events.filter(field="得分", new_value="7.00").exists()
    row = next(r for r in scoring_table(seed_evaluation).rows if r.name == "资金使用合规性")
    assert row.score == D("7.00") and "已补全手续" in row.reason


def test_computed_indicator_cannot_be_scored_by_hand(seed_evaluation, filler):
    with pytest.raises(ValidationError) as error:
        manual_score_set(
            evaluation=seed_evaluation,
            indicator_id=leaf(seed_evaluation, "预算完成率").pk,
            score=D("5"),
            reason="x",
            user=filler,
        )
    assert "系统根据填报数据计算" in str(error.value)


def test_uncomputable_indicator_can_be_scored_by_hand(seed_evaluation, filler):
    manual_score_set(
        evaluation=seed_evaluation,
        indicator_id=leaf(seed_evaluation, "政府采购执行率").pk,
        score=D("2"),
        reason="本年度无政府采购预算",
        user=filler,
    )
    row = next(r for r in scoring_table(seed_evaluation).rows if r.name == "政府采购执行率")
    assert row.score == D("2.00") and row.value_display == "无法计算" and "本年度无政府采购预算" in row.reason


def test_submitted_report_cannot_be_scored(seed_evaluation, filler):
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    with pytest.raises(WorkflowError):
        manual_score_set(
            evaluation=seed_evaluation,
            indicator_id=leaf(seed_evaluation, "生态效益").pk,
            score=D("1"),
            reason="x",
            user=filler,
        )
    assert ManualScore.objects.filter(evaluation=seed_evaluation).count() == 0


def test_indicator_of_another_framework_is_refused(seed_evaluation, filler):
    from evaluations.models import IndicatorFramework

    other = IndicatorFramework.objects.create(name="其他", from_year=2030)
    foreign = Indicator.objects.create(
        framework=other, name="外来", weight=D("1"), computation="manual", rule_shape="manual"
    )
    with pytest.raises(ValidationError):
        manual_score_set(evaluation=seed_evaluation, indicator_id=foreign.pk, score=D("1"), reason="x", user=filler)
