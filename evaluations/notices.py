"""What a 填报人 must be told in the app (no e-mail): returned reports with the reviewer's reason,
approvals, and review comments that are still open on a section."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from .models import EvaluationStatus, ReviewComment, ReviewCommentReply, StatusTransition


@dataclass(frozen=True)
class Notice:
    level: str  # a Bootstrap alert level
    text: str
    evaluation_id: int


def notices_for(evaluations) -> list[Notice]:
    """Notices for the reports on the user's home page, in two queries whatever their number."""
    by_pk = {e.pk: e for e in evaluations}
    if not by_pk:
        return []
    returned = [pk for pk, e in by_pk.items() if e.status == EvaluationStatus.RETURNED]
    reasons = {}
    for transition in StatusTransition.objects.filter(
        evaluation_id__in=returned, to_status=EvaluationStatus.RETURNED
    ).order_by("at", "id"):
        reasons[transition.evaluation_id] = transition.reason  # the latest wins
    open_comments = dict(
        ReviewComment.objects.filter(evaluation_id__in=by_pk, resolved_at__isnull=True)
        .values("evaluation_id")
        .annotate(n=Count("id", filter=Q(resolved_at__isnull=True)))
        .values_list("evaluation_id", "n")
    )
    notices = []
    for pk, evaluation in by_pk.items():
        name = f"{evaluation.department.full_name}{evaluation.fiscal_year_id}年度报告"
        if evaluation.status == EvaluationStatus.RETURNED:
            notices.append(
                Notice("warning", f"{name}已退回，请修改后重新提交。退回理由：{reasons.get(pk) or '（未填写）'}", pk)
            )
        elif evaluation.status == EvaluationStatus.APPROVED:
            notices.append(Notice("success", f"{name}已审核通过。", pk))
        if open_comments.get(pk):
            notices.append(Notice("info", f"{name}有 {open_comments[pk]} 条审核意见未解决，请在相应章节页面的审核意见下填写说明。", pk))
    return notices


def comment_threads(evaluation, slug: str | None = None) -> list[ReviewComment]:
    """The review comments of the report (of one section when ``slug``), oldest first, each with its
    说明 (``replies``) and who resolved it: the threads shown at the section and on the review page."""
    comments = ReviewComment.objects.filter(evaluation=evaluation)
    if slug is not None:
        comments = comments.filter(section=slug)
    return list(
        comments.select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=ReviewCommentReply.objects.select_related("author")))
        .order_by("created_at", "id")
    )
