"""Approval freezes the 评分表: a later framework change does not change an approved score."""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.models import Indicator, ScoringSnapshot
from evaluations.scoring.selectors import scoring_table
from evaluations.scoring.services import manual_score_set
from evaluations.workflow import evaluation_reopen, evaluation_submit
from reports.review import report_approve
from tests.factories import score_remaining_by_hand

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def make_submittable(evaluation):
    """Correct the seed's real inconsistencies the way its 填报人 would, so it can be submitted."""
    from budgets.models import ProjectLine
    from evaluations.checks.services import finding_acknowledge

    ProjectLine.objects.filter(budget__department=evaluation.department, name="干部教育培训").update(actual=D("5.10"))
    ProjectLine.objects.filter(budget__department=evaluation.department, name="政务公开审批").update(actual=D("93.15"))
    finding_acknowledge(
        evaluation=evaluation, finding_key="staff_over_quota:10>8", reason="借调2人", user=user("filler")
    )
    # The seed printed no 基础数据; a complete report has them. Left empty here except what
    # completeness asks for, with 0 where it scores nothing by itself.
    from budgets.models import DepartmentBudget

    DepartmentBudget.objects.filter(department=evaluation.department, fiscal_year_id=2018).update(
        public_funds_budget=D("0"),
        public_funds_actual=D("0"),
        procurement_budget=D("0"),
        procurement_actual=D("0"),
        carryover=D("0"),
    )


def test_approved_score_survives_a_framework_change_and_reapproval_refreezes(seed_evaluation):
    make_submittable(seed_evaluation)
    manual_score_set(
        evaluation=seed_evaluation,
        indicator_id=Indicator.objects.get(name="社会效益").pk,
        score=D("3"),
        reason="便民服务成效明显",
        user=user("filler"),
    )
    score_remaining_by_hand(seed_evaluation, user("filler"))  # 0 each: the totals below are unchanged
    approved = report_approve(
        evaluation=evaluation_submit(evaluation=seed_evaluation, user=user("filler")), user=user("reviewer")
    )
    assert ScoringSnapshot.objects.filter(evaluation=approved).exists()
    assert scoring_table(approved).total == D("17.00")  # incl. 结转结余率 3 (结转结余 0)

    Indicator.objects.filter(name="社会效益").update(weight=D("1"))  # behind the admin's back
    Indicator.objects.filter(name="在职人员控制率").update(rule_params={"threshold": "200", "deduct_per_point": "1"})
    table = scoring_table(approved)
    assert table.total == D("17.00") and table.frozen_at
    assert next(r for r in table.rows if r.name == "在职人员控制率").score == D("0.00")
    assert approved.framework.is_locked()

    reopened = evaluation_reopen(evaluation=approved, user=user("reviewer"), reason="更正在职人数")
    reapproved = report_approve(
        evaluation=evaluation_submit(evaluation=reopened, user=user("filler")), user=user("reviewer")
    )
    # Re-approval freezes anew, with the framework as it now is: 在职人员控制率 125 % ≤ 200 % → 5;
    # 预算完成率 5 + 预算调整率 3 + 三公经费控制率 3 + 结转结余率 3; 社会效益 3 capped at its new weight 1.
    assert scoring_table(reapproved).total == D("20.00")


def test_reviewer_page_links_to_the_checklist_and_the_scoring_table(client, seed_evaluation):
    client.force_login(user("reviewer"))
    page = client.get(reverse("reports:review", args=[seed_evaluation.pk])).content.decode()
    assert reverse("evaluations:checklist", args=[seed_evaluation.pk]) in page
    assert reverse("evaluations:scoring", args=[seed_evaluation.pk]) in page
