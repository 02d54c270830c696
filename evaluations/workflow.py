"""The review workflow: 草稿 → 已提交 → 已退回 → 已提交 … → 已审核, and reopening.

Each transition locks the report row and changes the status with a conditional UPDATE, so two
reviewers approving at once, or a filler saving while a reviewer approves, leave one consistent
outcome: the loser gets a ``WorkflowError`` in Chinese and changes nothing.
"""

from django.db import OperationalError, transaction
from django.utils import timezone

from departments.audit import audit_record
from departments.models import AuditAction

from .gates import approval_gate, submission_gate
from .models import (
    FILLER_EDITABLE_STATUSES,
    Evaluation,
    EvaluationStatus,
    ReviewComment,
    ReviewCommentReply,
    StatusTransition,
)
from .scoring.frameworks import evaluation_framework_fix
from .scoring.freezing import scoring_unfreeze
from .selectors import evaluation_is_editable
from .signals import report_submitted
from .summary_store import summary_refresh


class WorkflowError(Exception):
    """A transition or an edit that the report's current state does not allow."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


LOCKED_REASONS = {
    EvaluationStatus.SUBMITTED: "报告已提交，正在由财政局审核，暂不能修改。如需修改，请联系审核人退回。",
    EvaluationStatus.APPROVED: "报告已审核通过并锁定，不能修改。如确需修改，请联系财政局审核人“重新打开”报告（需说明理由）。",
}


def evaluation_locked_reason(evaluation: Evaluation) -> str:
    """Why a 填报人 cannot edit the report now, and who can unlock it ('' when editable)."""
    return "" if evaluation_is_editable(evaluation) else LOCKED_REASONS[evaluation.status]


def evaluation_lock_for_edit(evaluation: Evaluation) -> Evaluation:
    """Inside a transaction: lock the report row and refuse if the report is not editable.

    Every save of report data calls this first, so a save and an approval cannot interleave.
    """
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation_is_editable(locked):
        raise WorkflowError(evaluation_locked_reason(locked))
    return locked


def _transition(**kwargs) -> Evaluation:
    try:
        return _transition_locked(**kwargs)
    except OperationalError as exc:
        # SQLite reports a concurrent writer as "locked"; the other writer won, nothing changed here.
        if "locked" in str(exc):
            raise WorkflowError("其他人正在处理此报告，请刷新后再试。") from exc
        raise


def _transition_locked(
    *, evaluation: Evaluation, user, allowed_from, to: str, reason: str = "", before=None
) -> Evaluation:
    """``before(locked)`` runs on the locked row ahead of the change: it may refuse (``WorkflowError``)
    or record what the transition fixes, in the same transaction."""
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.status not in allowed_from:
            raise WorkflowError(
                f"报告当前状态为“{locked.get_status_display()}”，不能{TRANSITION_VERBS[to]}。页面可能已过期，请刷新后再试。"
            )
        if before:
            before(locked)
        now = timezone.now()
        updated = Evaluation.objects.filter(pk=locked.pk, status=locked.status).update(status=to, status_changed_at=now)
        if updated != 1:
            raise WorkflowError("报告状态刚被他人改变，请刷新后再试。")
        StatusTransition.objects.create(
            evaluation=locked, from_status=locked.status, to_status=to, user=user, reason=reason
        )
        audit_record(
            department_id=locked.department_id,
            fiscal_year_id=locked.fiscal_year_id,
            user=user,
            action=AuditAction.TRANSITION,
            object_label=str(locked),
            field="状态",
            old_value=locked.get_status_display(),
            new_value=EvaluationStatus(to).label,
            reason=reason,
        )
        locked.refresh_from_db()
        summary_refresh(locked)
        return locked


TRANSITION_VERBS = {
    EvaluationStatus.SUBMITTED: "提交",
    EvaluationStatus.RETURNED: "退回",
    EvaluationStatus.APPROVED: "审核通过",
    EvaluationStatus.DRAFT: "改为草稿",
}


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(f"请填写{what}的理由。")
    return reason


def refuse_if_blocked(blockers, verb: str) -> None:
    """Raise ``WorkflowError`` naming how many gates (``evaluations.gates``) stand and the first."""
    if blockers:
        first = blockers[0].message
        raise WorkflowError(f"还有 {len(blockers)} 项问题需要处理后才能{verb}（见检查清单），例如：{first}")


def evaluation_submit(*, evaluation: Evaluation, user) -> Evaluation:
    """送审: refused while any gate of ``gates.submission_gate`` stands — an incomplete section, an
    error, a warning without a stated reason, an unscored indicator, a comment without a 说明.

    Submitting fixes the report's scoring framework (评分指标体系): from now on it is read-only.
    Once committed, ``signals.report_submitted`` is sent (the PDF is rendered and stored then).
    """

    def gate_then_fix_framework(locked):
        refuse_if_blocked(submission_gate(locked), "提交")
        evaluation_framework_fix(locked)

    submitted = _transition(
        evaluation=evaluation,
        user=user,
        allowed_from=FILLER_EDITABLE_STATUSES,
        to=EvaluationStatus.SUBMITTED,
        before=gate_then_fix_framework,
    )
    # After the commit, outside the row lock: reports stores the submitted PDF (reports/archive.py).
    transaction.on_commit(lambda: report_submitted.send(sender=Evaluation, evaluation=submitted), robust=True)
    return submitted


def evaluation_return(*, evaluation: Evaluation, user, reason: str) -> Evaluation:
    reason = _require_reason(reason, "退回")
    return _transition(
        evaluation=evaluation,
        user=user,
        allowed_from=(EvaluationStatus.SUBMITTED,),
        to=EvaluationStatus.RETURNED,
        reason=reason,
    )


def evaluation_approve(*, evaluation: Evaluation, user, close: dict[int, str] | None = None, check=None) -> Evaluation:
    """审核通过: refused while ``gates.approval_gate`` finds anything — content blockers, or a
    comment not resolved. ``close`` maps ids of open comments to the reason the reviewer closes
    them with (recorded on the comment and in the audit trail, in the same transaction).

    ``check(locked)`` runs first on the locked row (the caller's re-check of what it rendered).
    The caller stores the approved PDF and data snapshot in the same transaction.
    """
    close = {int(pk): (reason or "").strip() for pk, reason in (close or {}).items()}
    for reason in close.values():
        if not reason:
            raise WorkflowError("关闭审核意见须填写理由。")

    def gate_then_close(locked):
        if check:
            check(locked)
        refuse_if_blocked(approval_gate(locked, closing=close), "审核通过")
        for comment in ReviewComment.objects.filter(evaluation=locked, pk__in=close, resolved_at__isnull=True):
            _comment_close(comment, locked, user, note=close[comment.pk])

    return _transition(
        evaluation=evaluation,
        user=user,
        allowed_from=(EvaluationStatus.SUBMITTED,),
        to=EvaluationStatus.APPROVED,
        before=gate_then_close,
    )


def evaluation_reopen(*, evaluation: Evaluation, user, reason: str) -> Evaluation:
    """Unlock an approved report for correction: reviewer-only, with a reason, recorded. The frozen
    评分表 is dropped in the same transaction, so it can be scored again (re-approval refreezes)."""
    reason = _require_reason(reason, "重新打开")
    return _transition(
        evaluation=evaluation,
        user=user,
        allowed_from=(EvaluationStatus.APPROVED,),
        to=EvaluationStatus.RETURNED,
        reason=reason,
        before=lambda locked: scoring_unfreeze(evaluation=locked),
    )


# ---- Review comments: a thread per comment (reviewer's 意见, the 填报人's 说明, resolution) ----

COMMENTS_LOCKED = "报告已审核通过并锁定，审核意见不能再修改。如确需修改，请联系财政局审核人“重新打开”报告。"


def _lock_unless_approved(evaluation: Evaluation) -> Evaluation:
    """Inside a transaction: lock the report row; an approved report's comments are frozen too."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.status == EvaluationStatus.APPROVED:
        raise WorkflowError(COMMENTS_LOCKED)
    return locked


def _comment_audit(locked, user, section: str, **values) -> None:
    audit_record(
        department_id=locked.department_id,
        fiscal_year_id=locked.fiscal_year_id,
        user=user,
        section=section,
        object_label="审核意见",
        **values,
    )


def comment_add(*, evaluation: Evaluation, user, section: str, text: str, field: str = "") -> ReviewComment:
    text = (text or "").strip()
    if not text:
        raise WorkflowError("审核意见不能为空。")
    with transaction.atomic():
        locked = _lock_unless_approved(evaluation)
        comment = ReviewComment(evaluation=locked, section=section, field=field, text=text, author=user)
        comment.full_clean()
        comment.save()
        _comment_audit(locked, user, section, action=AuditAction.CREATE, new_value=text)
        summary_refresh(locked)
    return comment


def comment_reply(*, comment: ReviewComment, user, text: str) -> ReviewCommentReply:
    """The 填报人's 说明 in answer to a comment (the caller checks the user fills the department)."""
    text = (text or "").strip()
    if not text:
        raise WorkflowError("说明不能为空。")
    with transaction.atomic():
        locked = _lock_unless_approved(comment.evaluation)
        if not ReviewComment.objects.filter(pk=comment.pk, resolved_at__isnull=True).exists():
            raise WorkflowError("该条审核意见已解决，无需再说明。")
        reply = ReviewCommentReply(comment=comment, text=text, author=user)
        reply.full_clean()
        reply.save()
        _comment_audit(
            locked,
            user,
            comment.section,
            action=AuditAction.CREATE,
            field="填报人说明",
            old_value=comment.text,
            new_value=text,
        )
        summary_refresh(locked)
    return reply


def _comment_close(comment: ReviewComment, locked: Evaluation, user, *, note: str = "") -> None:
    comment.resolved_at = timezone.now()
    comment.resolved_by = user
    comment.resolution_note = note
    comment.save(update_fields=["resolved_at", "resolved_by", "resolution_note"])
    _comment_audit(
        locked,
        user,
        comment.section,
        action=AuditAction.UPDATE,
        field="状态",
        old_value="未解决",
        new_value="已关闭（审核通过时）" if note else "已解决",
        reason=note,
    )


def comment_resolve(*, comment: ReviewComment, user) -> ReviewComment:
    """The reviewer marks a comment resolved (refused once the report is approved)."""
    with transaction.atomic():
        locked = _lock_unless_approved(comment.evaluation)
        comment = ReviewComment.objects.get(pk=comment.pk)
        if comment.resolved_at is None:
            _comment_close(comment, locked, user)
            summary_refresh(locked)
    return comment
