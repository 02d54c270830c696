"""Excel in and out: the report workbook, the district summary, the import template, and the import
(upload → preview → confirm). Views stay thin: the work is in ``reports.excel`` and
``budgets.importing``; whether a report may still be changed is ``evaluations.workflow``'s rule.
"""

import logging
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from budgets.importing import (
    MAX_UPLOAD_BYTES,
    FileRefused,
    ImportConflict,
    state_from_json,
    state_to_json,
    too_large_message,
)
from departments.access import FILLER, FILLER_OR_REVIEWER, REVIEWER, Action, access, restrict
from departments.uploads import receive_upload
from evaluations.selectors import evaluation_is_editable, evaluation_queryset, report_bundle
from evaluations.workflow import WorkflowError, evaluation_locked_reason

from .excel.http import attachment_disposition
from .excel.importing import evaluation_budget_import, evaluation_budget_import_prepare, evaluation_layout
from .review import dashboard_years

security_log = logging.getLogger("security")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "budget_import:{pk}"
MAX_PREVIEW_STATE_CHARS = 2_000_000  # what the session keeps between preview and confirm


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


@access(FILLER_OR_REVIEWER)
def report_excel(request, pk: int):
    """The report's workbook, for its 填报人 and the 审核人 in scope (others get 404)."""
    evaluation = get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)
    bundle = report_bundle(evaluation)
    # openpyxl is imported by the download only (start-up: docs/adr/0014)
    from .excel.report_workbook import build_report_workbook, report_filename, workbook_bytes

    return _xlsx_response(workbook_bytes(build_report_workbook(bundle)), report_filename(bundle))


@access(REVIEWER)
def summary_excel(request):
    """The district summary of a year, only departments in the reviewer's scope."""
    years = dashboard_years()
    if not years:
        raise Http404("尚未设置预算年度")
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        raise Http404("年度无效") from None
    if year not in years:
        raise Http404("没有这个年度")
    # openpyxl is imported by the download only (start-up: docs/adr/0014)
    from .excel.summary import summary_filename, summary_workbook_file

    # written row by row (openpyxl write-only) into a temporary file, then streamed from it
    response = FileResponse(summary_workbook_file(user=request.user, year=year), content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(summary_filename(year))
    response["Cache-Control"] = "private, no-store"
    return response


def _editable_evaluation(request, pk: int):
    """The report if the user is a 填报人 of its department; any other id gives 404."""
    return get_object_or_404(restrict(evaluation_queryset(), request.user, action=Action.EDIT), pk=pk)


@access(FILLER)
def import_template(request, pk: int):
    evaluation = _editable_evaluation(request, pk)
    # openpyxl is imported by the download only (start-up: docs/adr/0014)
    from .excel.report_workbook import workbook_bytes
    from .excel.template import build_import_template, template_filename

    workbook = build_import_template(
        evaluation.department, evaluation.fiscal_year_id, layout=evaluation_layout(evaluation)
    )
    return _xlsx_response(workbook_bytes(workbook), template_filename(evaluation.department, evaluation.fiscal_year_id))


def _upload_page(request, evaluation, *, status=200, **context):
    locked_reason = evaluation_locked_reason(evaluation)
    return render(
        request,
        "budgets/import_upload.html",
        {
            "evaluation": evaluation,
            "locked_reason": locked_reason,
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
            **context,
        },
        status=status,
    )


@access(FILLER)
@csrf_exempt  # the CSRF check runs in receive_upload, after the size-limited upload handler is installed
def budget_import(request, pk: int):
    """GET: the upload form. POST: check the file and show every problem, or the preview of changes."""
    evaluation = _editable_evaluation(request, pk)
    if request.method != "POST":
        return _upload_page(request, evaluation)
    return receive_upload(
        request,
        limit=MAX_UPLOAD_BYTES,
        page=lambda **context: _upload_page(request, evaluation, **context),
        handle=lambda uploaded: _upload(request, evaluation, uploaded),
        too_large=too_large_message,
        missing="请选择要上传的 Excel 文件（.xlsx）。",
        blocked=not evaluation_is_editable(evaluation),
        on_refused=lambda event, reason, **fields: _log_refused(request, evaluation, event, reason, **fields),
    )


def _log_refused(request, evaluation, event: str, reason: str, **fields):
    """A refused upload, for the SIEM: who, which report, what and why (config.logs adds the request id)."""
    security_log.warning(
        "导入文件被拒绝：%s",
        reason[:200],
        extra={"event": event, "reason": reason, "evaluation": evaluation.pk, **fields},
    )


def _upload(request, evaluation, uploaded):
    data = uploaded.read()
    try:
        preview = evaluation_budget_import_prepare(evaluation=evaluation, data=data)
    except FileRefused as refusal:
        _log_refused(
            request, evaluation, "import_refused", str(refusal), upload_name=uploaded.name[:200], size=len(data)
        )
        return _upload_page(request, evaluation, status=400, refused=str(refusal), filename=uploaded.name)
    if not preview.ok:
        return _upload_page(request, evaluation, status=400, problems=preview.problems, filename=uploaded.name)
    if not preview.changes:
        return _upload_page(request, evaluation, unchanged=True, filename=uploaded.name)
    state_json = state_to_json(preview.state)
    if len(state_json) > MAX_PREVIEW_STATE_CHARS:
        return _upload_page(
            request,
            evaluation,
            status=400,
            refused="文件中的数据量过大（行数或文字过多），请只保留本部门本年度的数据。",
        )
    token = uuid.uuid4().hex
    request.session[SESSION_KEY.format(pk=evaluation.pk)] = {
        "token": token,
        "state": state_json,
        "baseline": preview.baseline,
        "filename": uploaded.name,
        "count": len(preview.changes),
    }
    return render(
        request,
        "budgets/import_preview.html",
        {"evaluation": evaluation, "changes": preview.changes, "token": token, "filename": uploaded.name},
    )


@access(FILLER)
@require_POST
def budget_import_confirm(request, pk: int):
    """Apply exactly what was previewed, if the report is still editable and the data unchanged."""
    evaluation = _editable_evaluation(request, pk)
    key = SESSION_KEY.format(pk=evaluation.pk)
    pending = request.session.get(key)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "预览已失效（可能已导入过，或在其他窗口重新上传了文件）。请重新上传文件。")
        return redirect("excel:import", pk=evaluation.pk)
    try:
        saved = evaluation_budget_import(
            evaluation=evaluation,
            state=state_from_json(pending["state"]),
            baseline=pending["baseline"],
            user=request.user,
            source=pending["filename"],
        )
    except (WorkflowError, ImportConflict) as error:
        del request.session[key]
        messages.error(request, str(error))
        return redirect("excel:import", pk=evaluation.pk)
    except ValidationError as error:  # a model rule refused a value: the transaction saved nothing
        del request.session[key]
        messages.error(request, "未导入，没有保存任何数据：" + "；".join(error.messages))
        return redirect("excel:import", pk=evaluation.pk)
    del request.session[key]
    messages.success(request, f"已导入“{pending['filename']}”：{pending['count']} 处修改已保存（{'、'.join(saved)}）。")
    return redirect("excel:import", pk=evaluation.pk)
