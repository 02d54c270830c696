"""Reviewer pages: the district dashboard, one report's review page, and the workflow actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from departments.access import FILLER_OR_REVIEWER, REVIEWER, Action, access, restrict
from departments.models import FiscalYear
from evaluations.checklist_views import blocker_links
from evaluations.confirmation import APPROVE, REOPEN, RETURN, transition_summary
from evaluations.models import EvaluationStatus
from evaluations.outlines.selectors import outline_for
from evaluations.selectors import evaluation_queryset
from evaluations.workflow import WorkflowError, comment_add, evaluation_reopen, evaluation_return

from .analysis import dashboard_analysis
from .archive import zip_plan_from_counts, zip_stream
from .excel.http import attachment_disposition
from .forms import ReasonForm, ReviewCommentForm
from .review import (
    DASHBOARD_PAGE_SIZE,
    STATUS_FILTERS,
    dashboard_counts,
    dashboard_departments,
    dashboard_filter_count,
    dashboard_not_submitted_names,
    dashboard_rows,
    dashboard_rows_for,
    dashboard_stale_count,
    dashboard_years,
    report_approve,
)
from .review_page import review_page


def _evaluation(request, pk, action=Action.REVIEW):
    """The report if the user may ``action`` it (review: a department reviewed, never one filled)."""
    return get_object_or_404(restrict(evaluation_queryset(), request.user, action=action), pk=pk)


def _year(request):
    years = dashboard_years()
    if not years:
        raise Http404("尚未设置预算年度")
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    return year if year in years else years[0], years


@access(REVIEWER)
def dashboard(request):
    """Filters, counts and one page of rows, all read from the stored summaries (``ReportSummary``)
    in a fixed number of queries, whatever the number of departments."""
    year, years = _year(request)
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS and status != "not_submitted":
        status = ""
    counts = dashboard_counts(user=request.user, year=year)
    paginator = Paginator(dashboard_departments(user=request.user, year=year, status=status), DASHBOARD_PAGE_SIZE)
    paginator.count = dashboard_filter_count(counts, status)  # known from the counts: no COUNT over every department
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = dashboard_rows_for(page.object_list, year=year)
    not_submitted_count = dashboard_filter_count(counts, "not_submitted")
    not_submitted_names = dashboard_not_submitted_names(user=request.user, year=year)
    fiscal_year = FiscalYear.objects.get(pk=year)
    today = timezone.localdate()
    context = {
        "year": year,
        "deadline_state": fiscal_year.deadline_state(today),
        "overdue": fiscal_year.is_overdue(today),
        "years": years,
        "status": status,
        "status_filters": STATUS_FILTERS,
        "rows": page.object_list,
        "page": page,
        "not_submitted_count": not_submitted_count,
        "not_submitted_names": "、".join(not_submitted_names),
        "not_submitted_more": not_submitted_count - len(not_submitted_names),
        "counts": counts,
        "zip_plan": zip_plan_from_counts(counts, status),  # the zip link's promise
        "stale": dashboard_stale_count(user=request.user, year=year),
        "analysis_panels": dashboard_analysis(user=request.user, year=year),  # charts, district analysis links
    }
    return render(request, "reports/dashboard.html", context)


@access(REVIEWER)
def dashboard_zip(request):
    """All PDFs of the dashboard's current filter as one zip, streamed as it is built from the
    stored files (``archive.zip_stream``; ADR 12)."""
    year, _ = _year(request)
    ids = [
        row.evaluation.pk
        for row in dashboard_rows(user=request.user, year=year, status=request.GET.get("status", ""))
        if row.evaluation
    ]
    evaluations = list(evaluation_queryset().filter(pk__in=ids).order_by("department__code"))
    response = StreamingHttpResponse(zip_stream(evaluations), content_type="application/zip")
    status = request.GET.get("status", "")
    label = "未提交" if status == "not_submitted" else STATUS_FILTERS.get(status, "")
    name = f"{year}年度部门整体支出绩效自评报告{f'（{label}）' if label else ''}.zip"
    response["Content-Disposition"] = attachment_disposition(name, f"reports-{year}.zip")  # RFC 5987, as the PDF
    return response


def _reason_form(kind: str, data=None) -> ReasonForm:
    return ReasonForm(data, auto_id=f"id_{kind}_%s")  # id_return_reason, id_reopen_reason


def _reason_given(form: ReasonForm, what: str) -> bool:
    """A valid, non-blank reason; otherwise the message is at the field of the confirmation page."""
    if form.is_valid() and not form.cleaned_data["reason"].strip():
        form.add_error("reason", f"请填写{what}的理由。")
    return form.is_valid()


def _comment_form(outline, slug: str, data=None) -> ReviewCommentForm:
    """The comment form placed under one section (ids unique per section on the page)."""
    return ReviewCommentForm(data, sections=outline, auto_id=f"comment-{slug}-%s", initial={"section": slug})


def _in_scope(request, evaluation, action: Action) -> bool:
    return restrict(evaluation_queryset(), request.user, action=action).filter(pk=evaluation.pk).exists()


def _review_page(request, evaluation, *, status=200, failed_comment=None):
    """The review page: the report section by section with its findings, comment threads and the
    changes since the last submission (``reports/review_page.py``). Reviewers of the department
    comment, resolve, return, approve and reopen here; its 填报人 reads it and answers comments.
    A comment form that failed comes back under its section with its messages (status 400)."""
    outline = outline_for(evaluation)
    page = review_page(evaluation)
    may_review = _in_scope(request, evaluation, Action.REVIEW)
    open_for_comments = evaluation.status != EvaluationStatus.APPROVED
    comment_forms = {}
    general_form = ReviewCommentForm(sections=outline)
    if may_review and open_for_comments:
        comment_forms = {section.slug: _comment_form(outline, section.slug) for section in page.sections}
        if failed_comment is not None:
            slug = failed_comment.data.get("section", "")
            if slug in comment_forms:
                comment_forms[slug] = _comment_form(outline, slug, failed_comment.data)
                comment_forms[slug].is_valid()
            else:
                general_form = failed_comment
    for section in page.sections:
        section.comment_form = comment_forms.get(section.slug)
    return render(
        request,
        "reports/review.html",
        {
            "evaluation": evaluation,
            "page": page,
            "review_url": reverse("reports:review", args=[evaluation.pk]),
            "transitions": evaluation.transitions.select_related("user"),
            "statuses": EvaluationStatus,
            "may_review": may_review,
            "may_comment": may_review and open_for_comments,
            "may_resolve": may_review and open_for_comments,
            "may_reply": open_for_comments and _in_scope(request, evaluation, Action.EDIT),
            "general_form": general_form,
            "general_failed": general_form is failed_comment,
        },
        status=status,
    )


@access(FILLER_OR_REVIEWER)
def review(request, pk):
    return _review_page(request, _evaluation(request, pk, action=Action.VIEW))


def _act(request, evaluation, action, success, anchor: str = ""):
    try:
        action(evaluation)
        messages.success(request, success)
    except WorkflowError as error:
        messages.error(request, error.message)
    except ValidationError as error:  # a model rule the form did not catch: a message, never a 500
        messages.error(request, "未保存：" + "；".join(error.messages))
    return redirect(reverse("reports:review", args=[evaluation.pk]) + (f"#{anchor}" if anchor else ""))


def _confirmation(request, evaluation, action: str, *, status=200, **extra):
    summary = transition_summary(evaluation, action)
    return render(
        request,
        "evaluations/confirm_transition.html",
        {
            "evaluation": evaluation,
            "summary": summary,
            "cancel_url": reverse("reports:review", args=[evaluation.pk]),
            "blocker_links": blocker_links(evaluation, summary.blockers, may_edit=False),
            **extra,
        },
        status=status,
    )


@access(REVIEWER)
def review_return(request, pk):
    """GET: the confirmation page with the reason (required); POST: 退回修改. A reason the form
    refuses (e.g. too long) comes back on the confirmation page with its message (status 400)."""
    evaluation = _evaluation(request, pk)
    confirmation = {
        "title": "确认退回修改",
        "button": "退回修改",
        "button_class": "btn-warning",
        "action_url": reverse("reports:review_return", args=[evaluation.pk]),
        "needs_reason": True,
        "reason_label": "退回理由（必填，填报人将在首页看到）",
    }
    if request.method != "POST":
        return _confirmation(request, evaluation, RETURN, reason=request.GET.get("reason", ""), **confirmation)
    form = _reason_form("return", request.POST)
    if not _reason_given(form, "退回"):
        return _confirmation(
            request,
            evaluation,
            RETURN,
            reason=request.POST.get("reason", ""),
            reason_errors=form.errors.get("reason", []),
            status=400,
            **confirmation,
        )
    return _act(
        request,
        evaluation,
        lambda e: evaluation_return(evaluation=e, user=request.user, reason=form.cleaned_data["reason"]),
        "已退回，填报人将看到退回理由。",
    )


@access(REVIEWER)
def review_approve(request, pk):
    """GET: the confirmation page (score, kept warnings, open comments to close with a reason,
    changes since the last submission); POST: 审核通过 with the PDF and data archived."""
    evaluation = _evaluation(request, pk)
    if request.method != "POST":
        return _confirmation(
            request,
            evaluation,
            APPROVE,
            title="确认审核通过",
            button="审核通过",
            button_class="btn-success",
            action_url=reverse("reports:review_approve", args=[evaluation.pk]),
            closable=True,
        )
    close = {}
    for value in request.POST.getlist("close"):
        if value.isdigit():
            close[int(value)] = request.POST.get(f"close_reason_{value}", "")
    return _act(
        request,
        evaluation,
        lambda e: report_approve(evaluation=e, user=request.user, close=close),
        "已审核通过，报告已锁定并存档。",
    )


REOPEN_EXPLANATION = [
    "报告状态变为“已退回”，填报人可以修改后重新提交；理由记入修改记录，填报人在首页看到。",
    "评分表解除冻结：人工评分可以重新填写，再次审核通过时重新冻结。",
    "审核通过时存档的 PDF 与数据仍保留在系统中，再次审核通过时才被新的存档替换；在此期间下载的是带「草稿」水印的当前内容。",
]


@access(REVIEWER)
def review_reopen(request, pk):
    """GET: the confirmation page — what reopening does (the approved archive stays, the 评分表
    unfreezes, the 填报人 may edit again) and the reason (required); POST: 重新打开."""
    evaluation = _evaluation(request, pk)
    confirmation = {
        "title": "确认重新打开报告",
        "button": "重新打开",
        "button_class": "btn-danger",
        "action_url": reverse("reports:review_reopen", args=[evaluation.pk]),
        "needs_reason": True,
        "reason_label": "重新打开的理由（必填，将记入修改记录，填报人将在首页看到）",
        "explanation": REOPEN_EXPLANATION,
    }
    if evaluation.status != EvaluationStatus.APPROVED:
        messages.error(request, f"报告当前状态为“{evaluation.get_status_display()}”，只有已审核通过的报告才能重新打开。")
        return redirect("reports:review", pk=evaluation.pk)
    if request.method != "POST":
        return _confirmation(request, evaluation, REOPEN, reason=request.GET.get("reason", ""), **confirmation)
    form = _reason_form("reopen", request.POST)
    if not _reason_given(form, "重新打开"):
        return _confirmation(
            request,
            evaluation,
            REOPEN,
            reason=request.POST.get("reason", ""),
            reason_errors=form.errors.get("reason", []),
            status=400,
            **confirmation,
        )
    return _act(
        request,
        evaluation,
        lambda e: evaluation_reopen(evaluation=e, user=request.user, reason=form.cleaned_data["reason"]),
        "已重新打开，填报人可以修改。",
    )


@require_POST
@access(REVIEWER)
def review_comment(request, pk):
    evaluation = _evaluation(request, pk)
    form = ReviewCommentForm(request.POST, sections=outline_for(evaluation))
    if not form.is_valid():
        return _review_page(request, evaluation, status=400, failed_comment=form)
    return _act(
        request,
        evaluation,
        lambda e: comment_add(evaluation=e, user=request.user, **form.cleaned_data),
        "审核意见已发送给填报人。",
        anchor=f"review-{form.cleaned_data['section']}",
    )
