"""Transitions check their preconditions, record who and why, and are safe under concurrency."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from departments.models import AuditEvent
from evaluations.models import Evaluation, EvaluationStatus, StatusTransition
from evaluations.workflow import (
    WorkflowError,
    evaluation_approve,
    evaluation_is_editable,
    evaluation_lock_for_edit,
    evaluation_locked_reason,
    evaluation_reopen,
    evaluation_return,
    evaluation_submit,
)


def users():
    User = get_user_model()
    return User.objects.get(username="filler2"), User.objects.get(username="reviewer")


@pytest.mark.django_db
def test_full_cycle_records_every_step(clean_evaluation):
    filler, reviewer = users()
    e = evaluation_submit(evaluation=clean_evaluation, user=filler)
    assert e.status == EvaluationStatus.SUBMITTED and not evaluation_is_editable(e)
    e = evaluation_return(evaluation=e, user=reviewer, reason="项目支出明细合计与项目支出不一致，请核对。")
    assert e.status == EvaluationStatus.RETURNED and evaluation_is_editable(e)
    e = evaluation_submit(evaluation=e, user=filler)
    e = evaluation_approve(evaluation=e, user=reviewer)
    assert e.status == EvaluationStatus.APPROVED and e.status_changed_at is not None
    steps = list(
        StatusTransition.objects.filter(evaluation=e).values_list("from_status", "to_status", "user__username")
    )
    assert steps == [
        ("draft", "submitted", "filler2"),
        ("submitted", "returned", "reviewer"),
        ("returned", "submitted", "filler2"),
        ("submitted", "approved", "reviewer"),
    ]
    audit = AuditEvent.objects.filter(department=e.department, action="transition").order_by("at", "id")
    assert [a.new_value for a in audit] == ["已提交", "已退回", "已提交", "已审核"]
    assert audit[1].reason == "项目支出明细合计与项目支出不一致，请核对。"


@pytest.mark.django_db
def test_return_and_reopen_need_a_reason(clean_evaluation):
    filler, reviewer = users()
    e = evaluation_submit(evaluation=clean_evaluation, user=filler)
    with pytest.raises(WorkflowError, match="请填写退回的理由"):
        evaluation_return(evaluation=e, user=reviewer, reason="  ")
    e = evaluation_approve(evaluation=e, user=reviewer)
    with pytest.raises(WorkflowError, match="请填写重新打开的理由"):
        evaluation_reopen(evaluation=e, user=reviewer, reason="")
    e = evaluation_reopen(evaluation=e, user=reviewer, reason="决算数据调整")
    assert e.status == EvaluationStatus.RETURNED


@pytest.mark.django_db
def test_transitions_from_wrong_state_are_refused(clean_evaluation):
    _filler, reviewer = users()
    with pytest.raises(WorkflowError, match="草稿"):
        evaluation_approve(evaluation=clean_evaluation, user=reviewer)
    with pytest.raises(WorkflowError):
        evaluation_return(evaluation=clean_evaluation, user=reviewer, reason="x")
    with pytest.raises(WorkflowError):
        evaluation_reopen(evaluation=clean_evaluation, user=reviewer, reason="x")
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.DRAFT
    assert not StatusTransition.objects.exists()


@pytest.mark.django_db
def test_seed_report_cannot_be_submitted_while_checks_find_errors(seed_evaluation):
    """The seed's project lines (148.25) disagree with 项目支出 (148.35): submission is refused."""
    filler = get_user_model().objects.get(username="filler")
    with pytest.raises(WorkflowError, match="项问题需要处理后才能提交"):
        evaluation_submit(evaluation=seed_evaluation, user=filler)
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.status == EvaluationStatus.DRAFT
    assert not StatusTransition.objects.exists()


@pytest.mark.django_db
def test_locked_report_explains_why_and_who_can_unlock(clean_evaluation):
    filler, reviewer = users()
    e = evaluation_approve(evaluation=evaluation_submit(evaluation=clean_evaluation, user=filler), user=reviewer)
    reason = evaluation_locked_reason(e)
    assert "已审核通过并锁定" in reason and "审核人" in reason and "重新打开" in reason
    with pytest.raises(WorkflowError, match="锁定"):
        evaluation_lock_for_edit(e)


def run_concurrently(*callables):
    """Start the callables together in threads; return what each returned or raised."""
    barrier = threading.Barrier(len(callables))
    results = [None] * len(callables)

    def runner(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # collected for the assertion
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, fn)) for i, fn in enumerate(callables)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_give_one_approval(clean_evaluation):
    filler, reviewer = users()
    second = get_user_model().objects.create_user("reviewer2", password="x")
    evaluation_submit(evaluation=clean_evaluation, user=filler)
    results = run_concurrently(
        lambda: evaluation_approve(evaluation=clean_evaluation, user=reviewer),
        lambda: evaluation_approve(evaluation=clean_evaluation, user=second),
    )
    wins = [r for r in results if isinstance(r, Evaluation)]
    losses = [r for r in results if isinstance(r, WorkflowError)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert StatusTransition.objects.filter(to_status="approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_save_racing_an_approval_never_edits_an_approved_report(clean_evaluation):
    """A filler's save (which locks the row for editing) and an approval: one order or the other."""
    from django.db import transaction

    filler, reviewer = users()
    evaluation_submit(evaluation=clean_evaluation, user=filler)
    evaluation_return(evaluation=clean_evaluation, user=reviewer, reason="请补充")
    evaluation_submit(evaluation=clean_evaluation, user=filler)

    def filler_save():
        with transaction.atomic():
            locked = evaluation_lock_for_edit(clean_evaluation)
            Evaluation.objects.filter(pk=locked.pk).update(problems_and_measures="并发修改")
            return "saved"

    results = run_concurrently(filler_save, lambda: evaluation_approve(evaluation=clean_evaluation, user=reviewer))
    clean_evaluation.refresh_from_db()
    # The report is submitted, so the filler's save must be refused whatever the order
    # (SQLite's in-memory test database may refuse it as "locked" instead).
    assert results[0] != "saved"
    assert isinstance(results[0], WorkflowError) or "locked" in str(results[0])
    assert clean_evaluation.problems_and_measures != "并发修改"
    # The approval wins, or (SQLite) is told to retry: never half of each.
    if isinstance(results[1], Evaluation):
        assert clean_evaluation.status == EvaluationStatus.APPROVED
    else:
        assert isinstance(results[1], WorkflowError) and clean_evaluation.status == EvaluationStatus.SUBMITTED
