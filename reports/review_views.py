"""Reviewer pages: the district dashboard, one report's review page, and the workflow actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from departments.access import REVIEWER, Action, access, restrict
from departments.models import FiscalYear
from evaluations.checklist_views import blocker_links
from evaluations.confirmation import APPROVE, RETURN, transition_summary
from evaluations.models import EvaluationStatus
from evaluations.notices import comment_threads
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
    dashboard_not_submitted,
    dashboard_rows,
    dashboard_rows_for,
    dashboard_stale_count,
    dashboard_years,
    report_approve,
)


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
    departments = dashboard_departments(user=request.user, year=year, status=status)
    page = Paginator(departments, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = dashboard_rows_for(page.object_list, year=year)
    not_submitted_count, not_submitted_names = dashboard_not_submitted(user=request.user, year=year)
    counts = dashboard_counts(user=request.user, year=year)
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


def _review_page(request, evaluation, *, status=200, **forms):
    """The review page; a form that failed comes back with its messages at the fields (status 400)."""
    outline = outline_for(evaluation)
    comments = comment_threads(evaluation)
    return render(
        request,
        "reports/review.html",
        {
            "evaluation": evaluation,
            "comments": comments,
            "sections": list(outline),
            "sections_by_slug": {item.slug: item for item in outline},
            "transitions": evaluation.transitions.select_related("user"),
            "statuses": EvaluationStatus,
            "may_resolve": evaluation.status != EvaluationStatus.APPROVED,
            "comment_form": forms.get("comment_form") or ReviewCommentForm(sections=outline),
            "reopen_form": forms.get("reopen_form") or _reason_form("reopen"),
        },
        status=status,
    )


@access(REVIEWER)
def review(request, pk):
    return _review_page(request, _evaluation(request, pk))


def _act(request, evaluation, action, success):
    try:
        action(evaluation)
        messages.success(request, success)
    except WorkflowError as error:
        messages.error(request, error.message)
    except ValidationError as error:  # a model rule the form did not catch: a message, never a 500
        messages.error(request, "未保存：" + "；".join(error.messages))
    return redirect("reports:review", pk=evaluation.pk)


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
    if not form.is_valid():
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


@require_POST
@access(REVIEWER)
def review_reopen(request, pk):
    evaluation = _evaluation(request, pk)
    form = _reason_form("reopen", request.POST)
    if not form.is_valid():
        return _review_page(request, evaluation, status=400, reopen_form=form)
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
        return _review_page(request, evaluation, status=400, comment_form=form)
    return _act(
        request,
        evaluation,
        lambda e: comment_add(evaluation=e, user=request.user, **form.cleaned_data),
        "审核意见已发送给填报人。",
    )
