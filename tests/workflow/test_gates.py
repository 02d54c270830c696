"""The gates of 提交审核 and 审核通过, each refusing and then passing; comments as threads; a locked
report's comments frozen; reopen → manual score → re-approve; approval rendered outside the lock."""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from departments.models import AuditEvent, DepartmentMembership, Region, ReviewerScope
from evaluations.models import Evaluation, EvaluationStatus, ManualScore, ReviewComment, ReviewCommentReply
from evaluations.scoring.selectors import scoring_table
from evaluations.scoring.services import manual_score_set
from evaluations.workflow import (
    WorkflowError,
    comment_add,
    comment_reply,
    comment_resolve,
    evaluation_reopen,
    evaluation_return,
    evaluation_submit,
)
from reports import review
from reports.models import ApprovedSnapshot
from reports.review import report_approve

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def status_of(evaluation):
    return Evaluation.objects.get(pk=evaluation.pk).status


# ---- 提交审核 ----


def test_submission_refused_while_an_indicator_is_unscored_then_passes(clean_evaluation):
    row = next(r for r in scoring_table(clean_evaluation).rows if r.name == "社会效益")
    ManualScore.objects.filter(evaluation=clean_evaluation, indicator_id=row.indicator_id).delete()
    with pytest.raises(WorkflowError, match="社会效益」尚未评分"):
        evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    assert status_of(clean_evaluation) == EvaluationStatus.DRAFT

    manual_score_set(
        evaluation=clean_evaluation, indicator_id=row.indicator_id, score=D("2"), reason="群众满意度调查92%", user=user("filler2")
    )
    assert evaluation_submit(evaluation=clean_evaluation, user=user("filler2")).status == EvaluationStatus.SUBMITTED


def test_an_uncomputable_indicator_needs_a_manual_score_with_a_reason(clean_evaluation):
    row = next(r for r in scoring_table(clean_evaluation).rows if r.name == "“三公经费”变动率")
    ManualScore.objects.filter(evaluation=clean_evaluation, indicator_id=row.indicator_id).delete()
    with pytest.raises(WorkflowError, match=r"“三公经费”变动率」无法计算.*须人工评分并说明理由"):
        evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))


def test_submission_refused_while_a_comment_has_no_reply_then_passes(clean_evaluation):
    comment = comment_add(evaluation=clean_evaluation, user=user("reviewer"), section="projects", text="请补充项目绩效目标")
    with pytest.raises(WorkflowError, match="尚未答复"):
        evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))

    comment_reply(comment=comment, user=user("filler2"), text="已在项目组织实施情况中补充")
    assert evaluation_submit(evaluation=clean_evaluation, user=user("filler2")).status == EvaluationStatus.SUBMITTED
    event = AuditEvent.objects.get(field="填报人说明")
    assert (event.user.username, event.new_value, event.old_value) == ("filler2", "已在项目组织实施情况中补充", "请补充项目绩效目标")


def test_checklist_lists_the_unanswered_comment_with_a_link_to_its_section(client, clean_evaluation):
    comment = comment_add(evaluation=clean_evaluation, user=user("reviewer"), section="projects", text="请补充项目绩效目标")
    client.force_login(user("filler2"))
    page = client.get(reverse("evaluations:checklist", args=[clean_evaluation.pk])).content.decode()
    assert "提交前还需处理 <strong>1</strong> 项" in page and "请补充项目绩效目标" in page
    section = reverse("evaluations:section", args=[clean_evaluation.pk, "projects"])
    assert f'href="{section}#comment-{comment.pk}"' in page

    # At the section: the thread, and a form for the 说明.
    page = client.get(section).content.decode()
    assert "请补充项目绩效目标" in page and "待填报人说明" in page and "提交说明" in page
    reply = reverse("evaluations:comment_reply", args=[clean_evaluation.pk, comment.pk])
    response = client.post(reply, {"text": "已补充：办结率100%", "next": section}, follow=True)
    page = response.content.decode()
    assert "说明：已补充：办结率100%" in page and "已说明，待审核人确认" in page
    page = client.get(reverse("evaluations:checklist", args=[clean_evaluation.pk])).content.decode()
    assert "没有妨碍提交的问题" in page


def test_the_filler_cannot_resolve_a_comment_only_answer_it(client, clean_evaluation):
    comment = comment_add(evaluation=clean_evaluation, user=user("reviewer"), section="projects", text="请核对")
    client.force_login(user("filler2"))
    response = client.post(reverse("evaluations:comment_resolve", args=[clean_evaluation.pk, comment.pk]))
    assert response.status_code == 403
    assert ReviewComment.objects.get(pk=comment.pk).resolved_at is None


# ---- 审核通过 ----


def submitted_with_an_answered_comment(evaluation):
    comment = comment_add(evaluation=evaluation, user=user("reviewer"), section="projects", text="请核对项目支出")
    comment_reply(comment=comment, user=user("filler2"), text="已核对无误")
    return evaluation_submit(evaluation=evaluation, user=user("filler2")), comment


def test_approval_refused_while_a_comment_is_open_then_passes_once_resolved(clean_evaluation):
    evaluation, comment = submitted_with_an_answered_comment(clean_evaluation)
    with pytest.raises(WorkflowError, match="尚未解决"):
        report_approve(evaluation=evaluation, user=user("reviewer"))
    assert status_of(evaluation) == EvaluationStatus.SUBMITTED and not ApprovedSnapshot.objects.exists()

    comment_resolve(comment=comment, user=user("reviewer"))
    assert report_approve(evaluation=evaluation, user=user("reviewer")).status == EvaluationStatus.APPROVED


def test_reviewer_may_close_an_open_comment_when_approving_with_a_reason(client, clean_evaluation):
    evaluation, comment = submitted_with_an_answered_comment(clean_evaluation)
    client.force_login(user("reviewer"))
    url = reverse("reports:review_approve", args=[evaluation.pk])
    page = client.get(url).content.decode()
    assert "确认审核通过" in page and "请核对项目支出" in page and "说明：已核对无误" in page
    assert f'name="close_reason_{comment.pk}"' in page and "总分" in page and "等级：<strong>优</strong>" in page

    page = client.post(url, {"close": comment.pk, f"close_reason_{comment.pk}": " "}, follow=True).content.decode()
    assert "关闭审核意见须填写理由" in page and status_of(evaluation) == EvaluationStatus.SUBMITTED

    client.post(url, {"close": comment.pk, f"close_reason_{comment.pk}": "说明合理，不影响报告结论"})
    assert status_of(evaluation) == EvaluationStatus.APPROVED
    comment.refresh_from_db()
    assert comment.resolution_note == "说明合理，不影响报告结论" and comment.resolved_by.username == "reviewer"
    assert AuditEvent.objects.filter(reason="说明合理，不影响报告结论", new_value="已关闭（审核通过时）").exists()
    page = client.get(reverse("reports:review", args=[evaluation.pk])).content.decode()
    assert "审核通过时关闭，理由：说明合理，不影响报告结论" in page


def test_nothing_of_an_approved_report_changes_comments_included(client, clean_evaluation):
    evaluation, comment = submitted_with_an_answered_comment(clean_evaluation)
    comment_resolve(comment=comment, user=user("reviewer"))
    open_one = comment_add(evaluation=evaluation, user=user("reviewer"), section="goals", text="目标可更具体")
    report_approve(evaluation=evaluation, user=user("reviewer"), close={open_one.pk: "下年度改进"})

    for attempt in (
        lambda: comment_add(evaluation=evaluation, user=user("reviewer"), section="goals", text="再议"),
        lambda: comment_reply(comment=open_one, user=user("filler2"), text="补充"),
        lambda: comment_resolve(comment=comment, user=user("reviewer")),
    ):
        with pytest.raises(WorkflowError, match="已审核通过并锁定"):
            attempt()
    client.force_login(user("filler2"))
    page = client.get(reverse("evaluations:section", args=[evaluation.pk, "goals"])).content.decode()
    assert "目标可更具体" in page and "提交说明" not in page
    response = client.post(
        reverse("evaluations:comment_reply", args=[evaluation.pk, open_one.pk]), {"text": "补充"}, follow=True
    )
    assert "已审核通过并锁定" in response.content.decode()
    assert ReviewComment.objects.filter(evaluation=evaluation).count() == 2
    assert not ReviewCommentReply.objects.filter(comment=open_one).exists()


# ---- Confirmation pages ----


def test_submit_goes_through_a_confirmation_page(client, clean_evaluation):
    client.force_login(user("filler2"))
    checklist = client.get(reverse("evaluations:checklist", args=[clean_evaluation.pk])).content.decode()
    url = reverse("evaluations:submit", args=[clean_evaluation.pk])
    assert f'href="{url}"' in checklist  # a link to the confirmation, not a one-click POST
    page = client.get(url).content.decode()
    assert "确认提交审核" in page and "首次提交" in page and "总分 <strong>100.00</strong>" in page
    assert status_of(clean_evaluation) == EvaluationStatus.DRAFT
    client.post(url)
    assert status_of(clean_evaluation) == EvaluationStatus.SUBMITTED


def test_resubmission_confirmation_shows_what_changed_since_the_last_submission(client, clean_evaluation):
    evaluation = evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    evaluation = evaluation_return(evaluation=evaluation, user=user("reviewer"), reason="问题分析过于简略")
    row = next(r for r in scoring_table(evaluation).rows if r.name == "社会效益")
    manual_score_set(evaluation=evaluation, indicator_id=row.indicator_id, score=D("2"), reason="改为2分", user=user("filler2"))
    client.force_login(user("filler2"))
    page = client.get(reverse("evaluations:submit", args=[evaluation.pk])).content.decode()
    assert "上次提交以来的修改" in page and "评分表「社会效益」" in page and "首次提交" not in page

    evaluation_submit(evaluation=evaluation, user=user("filler2"))
    client.force_login(user("reviewer"))
    page = client.get(reverse("reports:review_approve", args=[evaluation.pk])).content.decode()
    assert "本次提交与上次提交相比的修改" in page and "评分表「社会效益」" in page


def test_return_goes_through_a_confirmation_page_that_asks_for_the_reason(client, clean_evaluation):
    evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    client.force_login(user("reviewer"))
    review_page = client.get(reverse("reports:review", args=[clean_evaluation.pk])).content.decode()
    url = reverse("reports:review_return", args=[clean_evaluation.pk])
    assert f'href="{url}"' in review_page
    page = client.get(url).content.decode()
    assert "确认退回修改" in page and 'name="reason"' in page and "总分" in page
    assert status_of(clean_evaluation) == EvaluationStatus.SUBMITTED


# ---- Reopen unfreezes the 评分表 ----


def test_reopen_then_manual_score_then_reapprove(clean_evaluation):
    evaluation = evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    evaluation = report_approve(evaluation=evaluation, user=user("reviewer"))
    table = scoring_table(evaluation)
    assert table.frozen_at and table.total == D("100.00")

    evaluation = evaluation_reopen(evaluation=evaluation, user=user("reviewer"), reason="满意度调查结果更正")
    assert not scoring_table(evaluation).frozen_at  # unfrozen in the reopening transaction
    row = next(r for r in scoring_table(evaluation).rows if r.name == "社会公众或服务对象满意度")
    manual_score_set(
        evaluation=evaluation, indicator_id=row.indicator_id, score=row.weight - 1, reason="满意度89%", user=user("filler2")
    )
    evaluation = evaluation_submit(evaluation=evaluation, user=user("filler2"))
    evaluation = report_approve(evaluation=evaluation, user=user("reviewer"))
    table = scoring_table(evaluation)
    assert table.frozen_at and table.total == D("99.00")
    assert "满意度89%" in next(r for r in table.rows if r.name == "社会公众或服务对象满意度").reason


# ---- Approval renders outside the lock and re-checks what it rendered ----


def test_approval_renders_before_locking_and_refuses_when_the_report_changed_meanwhile(monkeypatch, clean_evaluation):
    evaluation = evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    real_render = review.render_report_pdf
    depth = len(connection.savepoint_ids)  # the test's own transaction
    seen = {}

    def render_while_someone_edits(**kwargs):
        seen["savepoints"] = len(connection.savepoint_ids)
        pdf = real_render(**kwargs)
        # Meanwhile: returned, corrected and resubmitted by the others.
        returned = evaluation_return(evaluation=evaluation, user=user("reviewer"), reason="请修改")
        Evaluation.objects.filter(pk=returned.pk).update(problems_and_measures="下年度加强预算执行监控。")
        evaluation_submit(evaluation=returned, user=user("filler2"))
        return pdf

    monkeypatch.setattr(review, "render_report_pdf", render_while_someone_edits)
    with pytest.raises(WorkflowError, match="报告在生成审核存档期间被修改"):
        report_approve(evaluation=evaluation, user=user("reviewer"))
    assert seen["savepoints"] == depth  # no transaction (no row lock) held while rendering
    assert status_of(evaluation) == EvaluationStatus.SUBMITTED and not ApprovedSnapshot.objects.exists()

    monkeypatch.setattr(review, "render_report_pdf", real_render)
    assert report_approve(evaluation=evaluation, user=user("reviewer")).status == EvaluationStatus.APPROVED


# ---- No one reviews their own department ----


def test_a_filler_who_reviews_the_region_cannot_approve_their_own_department(client, clean_evaluation):
    """Probe of the issue: 302 and status approved. Now 404, and the report stays submitted."""
    evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    ReviewerScope.objects.create(user=user("filler2"), region=clean_evaluation.department.region)
    client.force_login(user("filler2"))
    assert client.post(reverse("reports:review_approve", args=[clean_evaluation.pk])).status_code == 404
    # The review page is the 填报人's too (read and answer), but offers none of the reviewer's actions.
    page = client.get(reverse("reports:review", args=[clean_evaluation.pk])).content.decode()
    assert reverse("reports:review_approve", args=[clean_evaluation.pk]) not in page
    assert reverse("reports:review_comment", args=[clean_evaluation.pk]) not in page
    assert "标记为已解决" not in page
    assert status_of(clean_evaluation) == EvaluationStatus.SUBMITTED
    dashboard = client.get(reverse("reports:dashboard"), {"year": 2018}).content.decode()
    assert "长沙市天心区政务服务中心" in dashboard and "长沙市天心区演示事务中心" not in dashboard


def test_a_filler_who_reviews_another_region_cannot_approve_their_own_department(client, clean_evaluation):
    evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    ReviewerScope.objects.create(user=user("filler2"), region=Region.objects.create(name="长沙市岳麓区", short_name="岳麓区"))
    client.force_login(user("filler2"))
    assert client.post(reverse("reports:review_approve", args=[clean_evaluation.pk])).status_code == 404
    assert status_of(clean_evaluation) == EvaluationStatus.SUBMITTED


def test_a_superuser_who_fills_a_department_cannot_approve_it(client, clean_evaluation):
    evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    admin = user("admin")
    DepartmentMembership.objects.create(user=admin, department=clean_evaluation.department)
    client.force_login(admin)
    assert client.post(reverse("reports:review_approve", args=[clean_evaluation.pk])).status_code == 404
    assert status_of(clean_evaluation) == EvaluationStatus.SUBMITTED
