"""Reviewer pages: the district dashboard, one report's review page, and the workflow actions."""

import zipfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from departments.access import FILLER_OR_REVIEWER, REVIEWER, access, restrict
from departments.models import AuditEvent
from evaluations.models import EvaluationStatus, ReviewComment
from evaluations.outlines.selectors import outline_for
from evaluations.selectors import evaluation_queryset
from evaluations.workflow import WorkflowError, comment_add, evaluation_reopen, evaluation_return

from .analysis import dashboard_analysis
from .rendering import render_report_pdf, report_filename
from .review import (
    DASHBOARD_PAGE_SIZE,
    STATUS_FILTERS,
    approved_pdf,
    dashboard_page_summaries,
    dashboard_rows,
    dashboard_years,
    report_approve,
)


def _evaluation(request, pk):
    return get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)


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
    year, years = _year(request)
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS and status != "not_submitted":
        status = ""
    rows = dashboard_rows(user=request.user, year=year, status=status)
    all_rows = rows if not status else dashboard_rows(user=request.user, year=year)
    page = Paginator(rows, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    dashboard_page_summaries(list(page.object_list), year=year)
    context = {
        "year": year,
        "years": years,
        "status": status,
        "status_filters": STATUS_FILTERS,
        "rows": page.object_list,
        "page": page,
        "not_submitted": [row for row in all_rows if not row.submitted],
        "not_submitted_names": "、".join(
            f"{row.department.full_name}（{row.status_label}）" for row in all_rows if not row.submitted
        ),
        "counts": {key: sum(1 for row in all_rows if row.status == key) for key in STATUS_FILTERS},
        "analysis_panels": dashboard_analysis(user=request.user, year=year),  # charts, district analysis links
    }
    return render(request, "reports/dashboard.html", context)


def _pdf_bytes(evaluation) -> bytes:
    return approved_pdf(evaluation) or render_report_pdf(evaluation=evaluation)


@access(REVIEWER)
def dashboard_zip(request):
    """All PDFs of the dashboard's current filter as one zip, streamed as it is built."""
    year, _ = _year(request)
    rows = [
        row
        for row in dashboard_rows(user=request.user, year=year, status=request.GET.get("status", ""))
        if row.evaluation
    ]

    class Sink:
        def __init__(self):
            self.chunks = []

        def write(self, data):
            self.chunks.append(bytes(data))
            return len(data)

        def flush(self):
            pass

        def drain(self):
            out, self.chunks = b"".join(self.chunks), []
            return out

    def stream():
        sink = Sink()
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for row in rows:
                archive.writestr(report_filename(row.evaluation), _pdf_bytes(row.evaluation))
                yield sink.drain()
        yield sink.drain()

    response = StreamingHttpResponse(stream(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="reports-{year}.zip"'
    return response


@access(REVIEWER)
def review(request, pk):
    evaluation = _evaluation(request, pk)
    outline = outline_for(evaluation)
    comments = ReviewComment.objects.filter(evaluation=evaluation).select_related("author", "resolved_by")
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
        },
    )


def _act(request, evaluation, action, success):
    try:
        action(evaluation)
        messages.success(request, success)
    except WorkflowError as error:
        messages.error(request, error.message)
    return redirect("reports:review", pk=evaluation.pk)


@require_POST
@access(REVIEWER)
def review_return(request, pk):
    reason = request.POST.get("reason", "")
    return _act(
        request,
        _evaluation(request, pk),
        lambda e: evaluation_return(evaluation=e, user=request.user, reason=reason),
        "已退回，填报人将看到退回理由。",
    )


@require_POST
@access(REVIEWER)
def review_approve(request, pk):
    return _act(
        request,
        _evaluation(request, pk),
        lambda e: report_approve(evaluation=e, user=request.user),
        "已审核通过，报告已锁定并存档。",
    )


@require_POST
@access(REVIEWER)
def review_reopen(request, pk):
    reason = request.POST.get("reason", "")
    return _act(
        request,
        _evaluation(request, pk),
        lambda e: evaluation_reopen(evaluation=e, user=request.user, reason=reason),
        "已重新打开，填报人可以修改。",
    )


@require_POST
@access(REVIEWER)
def review_comment(request, pk):
    evaluation = _evaluation(request, pk)
    section = request.POST.get("section", "")
    if section not in outline_for(evaluation).slugs:
        messages.error(request, "请选择意见所针对的章节。")
        return redirect("reports:review", pk=evaluation.pk)
    return _act(
        request,
        evaluation,
        lambda e: comment_add(
            evaluation=e,
            user=request.user,
            section=section,
            field=request.POST.get("field", ""),
            text=request.POST.get("text", ""),
        ),
        "审核意见已发送给填报人。",
    )


@access(FILLER_OR_REVIEWER)
def history(request, pk):
    evaluation = _evaluation(request, pk)
    events = AuditEvent.objects.filter(
        department_id=evaluation.department_id, fiscal_year_id=evaluation.fiscal_year_id
    ).select_related("user")
    return render(
        request,
        "reports/history.html",
        {"evaluation": evaluation, "events": events, "sections": {item.slug: item for item in outline_for(evaluation)}},
    )
