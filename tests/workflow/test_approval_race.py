"""Approval racing an edit, with real concurrency: the approval and the edit run in two threads,
each on its own database connection, and the edit is committed between the approval's render and
its lock. The approval refuses with its message and the report stays submitted.

Runs on SQLite and on PostgreSQL (CI runs the suite on both). The single-connection form of the
same race, which also checks that no transaction is open while rendering, is in test_gates.py.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from evaluations.models import Evaluation, EvaluationStatus
from evaluations.workflow import WorkflowError, evaluation_lock_for_edit, evaluation_return, evaluation_submit
from reports import review
from reports.models import ApprovedSnapshot

WAIT = 60  # seconds; a thread that waits longer has failed


def user(name):
    return get_user_model().objects.get(username=name)


def in_thread(fn):
    """Run ``fn`` in a thread of its own (so on a connection of its own); return the thread and a
    dict that receives what it returned or raised."""
    outcome = {}

    def run():
        try:
            outcome["result"] = fn()
        except Exception as error:  # collected for the assertions
            outcome["result"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.django_db(transaction=True)
def test_an_edit_committed_between_render_and_lock_makes_the_approval_refuse(monkeypatch, clean_evaluation):
    filler, reviewer = user("filler2"), user("reviewer")
    second_reviewer = get_user_model().objects.create_user("reviewer2", password="x")
    evaluation = evaluation_submit(evaluation=clean_evaluation, user=filler)

    rendered, edited = threading.Event(), threading.Event()
    real_render = review.render_report_pdf

    def render_then_let_the_edit_through(**kwargs):
        pdf = real_render(**kwargs)
        rendered.set()  # the PDF is made; the approval has not locked the row yet
        assert edited.wait(WAIT), "the edit never committed"
        return pdf

    monkeypatch.setattr(review, "render_report_pdf", render_then_let_the_edit_through)

    def approve():
        return review.report_approve(evaluation=evaluation, user=reviewer)

    def edit():
        """Meanwhile, on another connection: a second reviewer returns the report, the 填报人
        corrects a text under the edit lock and resubmits — each step committed."""
        try:
            assert rendered.wait(WAIT), "the approval never rendered"
            returned = evaluation_return(evaluation=evaluation, user=second_reviewer, reason="请补充整改措施")
            with transaction.atomic():
                locked = evaluation_lock_for_edit(returned)
                Evaluation.objects.filter(pk=locked.pk).update(problems_and_measures="下年度加强预算执行监控。")
            return evaluation_submit(evaluation=returned, user=filler)
        finally:
            edited.set()

    approval, approval_outcome = in_thread(approve)
    editing, edit_outcome = in_thread(edit)
    editing.join(WAIT)
    approval.join(WAIT)
    assert not approval.is_alive() and not editing.is_alive()

    assert isinstance(edit_outcome["result"], Evaluation), edit_outcome["result"]
    refusal = approval_outcome["result"]
    assert isinstance(refusal, WorkflowError), refusal
    assert "报告在生成审核存档期间被修改，未审核通过" in refusal.message
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.status == EvaluationStatus.SUBMITTED
    assert stored.problems_and_measures == "下年度加强预算执行监控。"
    assert not ApprovedSnapshot.objects.exists()

    # Approved once the reviewer has seen the new content: the refusal left nothing half-done.
    monkeypatch.setattr(review, "render_report_pdf", real_render)
    assert review.report_approve(evaluation=stored, user=reviewer).status == EvaluationStatus.APPROVED
    assert ApprovedSnapshot.objects.filter(evaluation=stored).exists()
