"""What the confirmation page of 提交审核, 退回修改 and 审核通过 summarises (read-only).

The page is the step between the button and the transition: it shows the score and grade, the
warnings kept with a reason, the open review comments, what still blocks the action, and — for a
resubmission — what changed since the previous submission, read from the audit trail.
"""

from dataclasses import dataclass, field

from departments.models import REPORT_ACTIONS, AuditAction, AuditEvent

from .checks.selectors import evaluation_findings
from .gates import Blocker, approval_gate, submission_gate
from .models import Evaluation, EvaluationStatus
from .notices import comment_threads
from .scoring.selectors import scoring_table

SUBMIT, RETURN, APPROVE, REOPEN = "submit", "return", "approve", "reopen"


@dataclass
class TransitionSummary:
    action: str
    table: object  # evaluations.scoring.engine.ScoreTable | None
    acknowledged: list = field(default_factory=list)  # FindingViews of warnings kept with a reason
    open_comments: list = field(default_factory=list)  # ReviewComments (threads) not resolved
    blockers: list[Blocker] = field(default_factory=list)
    changes: list | None = None  # AuditEvents since the previous submission; None: first submission


def changes_since_previous_submission(evaluation: Evaluation) -> list[AuditEvent] | None:
    """The recorded changes between the last two submissions (of a report under review) or since the
    last submission (of a report being prepared for resubmission). None when there was none before."""
    events = AuditEvent.objects.filter(department_id=evaluation.department_id, fiscal_year_id=evaluation.fiscal_year_id)
    submissions = list(
        events.filter(action=AuditAction.TRANSITION, new_value=EvaluationStatus.SUBMITTED.label)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if evaluation.status == EvaluationStatus.SUBMITTED:
        if len(submissions) < 2:
            return None
        start, end = submissions[-2], submissions[-1]
    else:
        if not submissions:
            return None
        start, end = submissions[-1], None
    # report data only: not the transitions themselves, nor the security log's downloads of the report
    window = events.filter(id__gt=start, action__in=REPORT_ACTIONS).exclude(action=AuditAction.TRANSITION)
    if end is not None:
        window = window.filter(id__lt=end)
    return list(window.select_related("user").order_by("id"))


def transition_summary(evaluation: Evaluation, action: str) -> TransitionSummary:
    findings = evaluation_findings(evaluation)
    table = scoring_table(evaluation)
    if action == SUBMIT:
        blockers = submission_gate(evaluation, findings=findings, table=table)
    elif action == APPROVE:
        # Open comments are listed to be resolved or closed on the page itself, not as blockers.
        blockers = [b for b in approval_gate(evaluation, findings=findings, table=table) if b.kind != "comment"]
    else:
        blockers = []
    return TransitionSummary(
        action=action,
        table=table,
        acknowledged=[view for view in findings if view.finding.is_warning and view.acknowledgement is not None],
        open_comments=[comment for comment in comment_threads(evaluation) if comment.is_open],
        blockers=blockers,
        changes=changes_since_previous_submission(evaluation),
    )
