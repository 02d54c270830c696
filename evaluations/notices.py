"""What a 填报人 must be told in the app (no e-mail): returned reports with the reviewer's reason,
approvals, and review comments that are still open on a section."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from .models import EvaluationStatus, ReviewComment, ReviewCommentReply, StatusTransition
from .outlines.selectors import outlines_for
from .selectors import comment_counts, open_review_comments


@dataclass(frozen=True)
class Notice:
    level: str  # a Bootstrap alert level
    text: str
    evaluation_id: int
    links: tuple[tuple[str, str], ...] = ()  # (section label, section page URL), in outline order


def notices_for(evaluations) -> list[Notice]:
    """Notices for the reports on the user's home page, in a fixed number of queries whatever their number."""
    by_pk = {e.pk: e for e in evaluations}
    if not by_pk:
        return []
    returned = [pk for pk, e in by_pk.items() if e.status == EvaluationStatus.RETURNED]
    reasons = {}
    for transition in StatusTransition.objects.filter(
        evaluation_id__in=returned, to_status=EvaluationStatus.RETURNED
    ).order_by("at", "id"):
        reasons[transition.evaluation_id] = transition.reason  # the latest wins
    open_comments = {pk: comment_counts(comments) for pk, comments in open_review_comments(by_pk).items() if comments}
    outlines = outlines_for([e for pk, e in by_pk.items() if pk in open_comments])
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
            counts = open_comments[pk]
            links = tuple(
                (item.label, reverse("evaluations:section", args=[pk, item.slug]))
                for item in outlines[pk]
                if item.slug in counts
            )
            notices.append(
                Notice(
                    "info",
                    f"{name}有 {sum(counts.values())} 条审核意见待处理，请到以下章节在审核意见下填写说明或修改：",
                    pk,
                    links,
                )
            )
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


def open_comment_counts(evaluation) -> dict[str, int]:
    """How many review comments are open on each section of one report (slug → count)."""
    return comment_counts(open_review_comments([evaluation.pk])[evaluation.pk])


@dataclass(frozen=True)
class Deadline:
    year: int
    text: str  # e.g. 「2019年度：提交截止日期 2019年4月30日，已逾期 3 天；尚未提交：……」
    overdue: bool  # past the deadline with a report of the user's departments not submitted


def deadlines_for(*, years, departments, evaluations, today) -> list[Deadline]:
    """The submission deadline of each open year with one set, for a 填报人's home page; overdue
    when the day has passed and one of ``departments`` has not submitted that year's report."""
    submitted = {
        (e.department_id, e.fiscal_year_id)
        for e in evaluations
        if e.status in (EvaluationStatus.SUBMITTED, EvaluationStatus.APPROVED)
    }
    result = []
    for year in years:
        if year.submission_deadline is None:
            continue
        late = [d for d in departments if (d.pk, year.year) not in submitted]
        overdue = year.is_overdue(today) and bool(late)
        text = f"{year}：{year.deadline_state(today)}"
        if overdue:
            text += f"；尚未提交：{'、'.join(d.full_name for d in late)}"
        result.append(Deadline(year.year, text + "。", overdue))
    return result
