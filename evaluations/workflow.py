"""The review workflow: 草稿 → 已提交 → 已退回 → 已提交 … → 已审核, and reopening.

Each transition locks the report row and changes the status with a conditional UPDATE, so two
reviewers approving at once, or a filler saving while a reviewer approves, leave one consistent
outcome: the loser gets a ``WorkflowError`` in Chinese and changes nothing.
"""

from django.db import OperationalError, transaction
from django.utils import timezone

from departments.audit import audit_record
from departments.models import AuditAction

from .checks.selectors import submission_blockers
from .models import (
    FILLER_EDITABLE_STATUSES,
    Evaluation,
    EvaluationStatus,
    ReviewComment,
    StatusTransition,
)
from .scoring.frameworks import evaluation_framework_fix
from .selectors import evaluation_is_editable


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
        updated = Evaluation.objects.filter(pk=locked.pk, status=locked.status).update(
            status=to, status_changed_at=now
        )
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


def evaluation_submit(*, evaluation: Evaluation, user) -> Evaluation:
    """送审: refused while the checks find errors or warnings without a stated reason.

    Submitting fixes the report's scoring framework (评分指标体系): from now on it is read-only.
    """

    def no_blockers_then_fix_framework(locked):
        blockers = submission_blockers(locked)
        if blockers:
            raise WorkflowError(
                f"还有 {len(blockers)} 项问题需要处理后才能提交：错误须修正，警告须在检查清单中说明理由。"
            )
        evaluation_framework_fix(locked)

    return _transition(
        evaluation=evaluation,
        user=user,
        allowed_from=FILLER_EDITABLE_STATUSES,
        to=EvaluationStatus.SUBMITTED,
        before=no_blockers_then_fix_framework,
    )


def evaluation_return(*, evaluation: Evaluation, user, reason: str) -> Evaluation:
    reason = _require_reason(reason, "退回")
    return _transition(
        evaluation=evaluation,
        user=user,
        allowed_from=(EvaluationStatus.SUBMITTED,),
        to=EvaluationStatus.RETURNED,
        reason=reason,
    )


def evaluation_approve(*, evaluation: Evaluation, user) -> Evaluation:
    """审核通过. The caller stores the approved PDF and data snapshot in the same transaction."""
    return _transition(
        evaluation=evaluation, user=user, allowed_from=(EvaluationStatus.SUBMITTED,), to=EvaluationStatus.APPROVED
    )


def evaluation_reopen(*, evaluation: Evaluation, user, reason: str) -> Evaluation:
    """Unlock an approved report for correction: reviewer-only, with a reason, recorded."""
    reason = _require_reason(reason, "重新打开")
    return _transition(
        evaluation=evaluation,
        user=user,
        allowed_from=(EvaluationStatus.APPROVED,),
        to=EvaluationStatus.RETURNED,
        reason=reason,
    )


def comment_add(*, evaluation: Evaluation, user, section: str, text: str, field: str = "") -> ReviewComment:
    text = (text or "").strip()
    if not text:
        raise WorkflowError("审核意见不能为空。")
    comment = ReviewComment(evaluation=evaluation, section=section, field=field, text=text, author=user)
    comment.full_clean()
    comment.save()
    audit_record(
        department_id=evaluation.department_id,
        fiscal_year_id=evaluation.fiscal_year_id,
        user=user,
        action=AuditAction.CREATE,
        section=section,
        object_label="审核意见",
        new_value=text,
    )
    return comment


def comment_resolve(*, comment: ReviewComment, user) -> ReviewComment:
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.resolved_by = user
        comment.save(update_fields=["resolved_at", "resolved_by"])
        audit_record(
            department_id=comment.evaluation.department_id,
            fiscal_year_id=comment.evaluation.fiscal_year_id,
            user=user,
            action=AuditAction.UPDATE,
            section=comment.section,
            object_label="审核意见",
            field="状态",
            old_value="未解决",
            new_value="已解决",
        )
    return comment
