"""A report's 修改记录: the page (filters, pages of 50) and its Excel export (``reports.history``)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from departments.access import FILLER_OR_REVIEWER, access, restrict
from evaluations.outlines.selectors import outline_for
from evaluations.selectors import evaluation_queryset

from .excel.http import attachment_disposition
from .history import (
    EXPORT_MAX_ROWS,
    HISTORY_PAGE_SIZE,
    HistoryFilterForm,
    history_entries,
    history_workbook,
    last_submission_at,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request, pk):
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)
    outline = outline_for(evaluation)
    form = HistoryFilterForm(
        request.GET or None, evaluation=evaluation, outline=outline, submitted_at=last_submission_at(evaluation)
    )
    return evaluation, {item.slug: item.label for item in outline}, form


@access(FILLER_OR_REVIEWER)
def history(request, pk):
    evaluation, sections, form = _filtered(request, pk)
    page = Paginator(form.events(), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/history.html",
        {
            "evaluation": evaluation,
            "form": form,
            "page": page,
            "entries": history_entries(page.object_list, sections),
            "query": query.urlencode(),
        },
    )


@access(FILLER_OR_REVIEWER)
def history_export(request, pk):
    evaluation, sections, form = _filtered(request, pk)
    entries = history_entries(form.events()[:EXPORT_MAX_ROWS], sections)
    name = f"{evaluation.department.full_name}{evaluation.fiscal_year_id}年度报告修改记录"
    response = HttpResponse(history_workbook(entries, title=name), content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(
        f"{name}.xlsx", f"history-{evaluation.department_id}-{evaluation.fiscal_year_id}.xlsx"
    )
    response["Cache-Control"] = "private, no-store"
    return response
