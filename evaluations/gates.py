"""What must hold before a report is submitted or approved: the ONE list of gates.

Used by the transitions (``workflow.evaluation_submit`` / ``evaluation_approve``, inside their row
lock), by the checklist (which lists every blocker with a link to where it is fixed) and by the
confirmation pages. A blocker is one of:

- a finding that blocks (``checks.selectors``): an error — an incomplete section is one — or a
  warning without a stated reason;
- an indicator of the 评分表 without a score: a manual one not yet scored, or a computed one that
  cannot be computed and has no manual score with a reason; or no framework at all;
- a review comment: at submission, one the 填报人 has not answered with a 说明; at approval, one
  the reviewer has not resolved (the reviewer may close it when approving, with a reason).

Together they guarantee that an approved report has no incomplete section, no unscored indicator
and no open comment.
"""

from dataclasses import dataclass

from .checks.selectors import evaluation_findings
from .outlines.selectors import outline_for
from .scoring.selectors import scoring_table
from .selectors import open_review_comments

FINDING, SCORE, COMMENT = "finding", "score", "comment"


@dataclass(frozen=True)
class Blocker:
    kind: str  # FINDING, SCORE or COMMENT
    message: str
    section: str = ""  # slug of the section where it is fixed ('' for the 评分表)
    anchor: str = ""  # where on that page: a finding's, an indicator's or a comment's id

    @property
    def target(self) -> str:
        """Which page fixes it: 'section', 'scoring' or 'comment'."""
        return {FINDING: "section", SCORE: "scoring", COMMENT: "comment"}[self.kind]


def finding_blockers(findings) -> list[Blocker]:
    return [
        Blocker(FINDING, view.finding.message, view.finding.section, view.anchor)
        for view in findings
        if view.blocks_submission
    ]


def scoring_blockers(table) -> list[Blocker]:
    if table is None:
        return [Blocker(SCORE, "没有适用的评分指标体系，无法评分：请联系管理员设置评分指标体系。")]
    blockers = []
    for row in table.rows:
        if row.score is not None:
            continue
        if row.manual:
            message = f"评分表「{row.level2} · {row.name}」尚未评分：请对照评分标准评分并说明理由。"
        else:
            message = f"评分表「{row.level2} · {row.name}」{row.reason}，须人工评分并说明理由。"
        blockers.append(Blocker(SCORE, message, anchor=f"indicator-{row.indicator_id}"))
    return blockers


def open_comments(evaluation):
    """Unresolved review comments of the report, oldest first, each with ``reply_count``."""
    return open_review_comments([evaluation.pk])[evaluation.pk]


def _section_label(outline, slug: str) -> str:
    item = outline.get(slug)
    return item.label if item else slug


def comment_blockers(evaluation, *, unanswered_only: bool, closing=()) -> list[Blocker]:
    """Open comments: at submission those without the 填报人's 说明 (``unanswered_only``), at
    approval every unresolved one except those the reviewer closes now (``closing``: ids)."""
    outline = outline_for(evaluation)
    blockers = []
    for comment in open_comments(evaluation):
        if comment.pk in set(closing) or (unanswered_only and comment.reply_count):
            continue
        quoted = comment.text if len(comment.text) <= 30 else comment.text[:30] + "…"
        where = _section_label(outline, comment.section)
        if unanswered_only:
            message = f"审核意见「{quoted}」（{where}）尚未答复：请在该部分页面的审核意见下填写说明。"
        else:
            message = f"审核意见「{quoted}」（{where}）尚未解决：请标记为已解决，或在审核通过时填写关闭理由。"
        blockers.append(Blocker(COMMENT, message, comment.section, f"comment-{comment.pk}"))
    return blockers


def content_blockers(evaluation, *, findings=None, table=None) -> list[Blocker]:
    """Blockers in the report's content: findings and the 评分表 (pass what a page already has)."""
    findings = findings if findings is not None else evaluation_findings(evaluation)
    table = table if table is not None else scoring_table(evaluation)
    return finding_blockers(findings) + scoring_blockers(table)


def submission_gate(evaluation, *, findings=None, table=None) -> list[Blocker]:
    """Everything that forbids 提交审核 now (empty: the report may be submitted)."""
    return content_blockers(evaluation, findings=findings, table=table) + comment_blockers(
        evaluation, unanswered_only=True
    )


def approval_gate(evaluation, *, closing=(), findings=None, table=None) -> list[Blocker]:
    """Everything that forbids 审核通过 now, if the comments ``closing`` (ids) are closed with it."""
    return content_blockers(evaluation, findings=findings, table=table) + comment_blockers(
        evaluation, unanswered_only=False, closing=closing
    )
