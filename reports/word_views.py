"""Last year's Word report into a report (upload → preview field by field → confirm), like the Excel
import (``reports/excel_views.py``): a size-limited upload, the preview's findings kept in the session
under a token, and a confirm that saves all or nothing. The work is in ``reports.docx.importing``.
"""

import json
import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from departments.access import FILLER, access, restrict
from departments.uploads import receive_upload
from evaluations.selectors import evaluation_is_editable, evaluation_queryset
from evaluations.services import SectionConflict, SectionsInvalid
from evaluations.workflow import WorkflowError, evaluation_locked_reason

from .docx.safety import MAX_UPLOAD_BYTES, DocxRefused, too_large_message

SESSION_KEY = "word_import:{pk}"
MAX_PREVIEW_STATE_CHARS = 2_000_000


def _editable_evaluation(request, pk: int):
    return get_object_or_404(restrict(evaluation_queryset(), request.user, action="edit"), pk=pk)


def _upload_page(request, evaluation, *, status=200, **context):
    return render(
        request,
        "reports/word_import_upload.html",
        {
            "evaluation": evaluation,
            "locked_reason": evaluation_locked_reason(evaluation),
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
            **context,
        },
        status=status,
    )


@access(FILLER)
@csrf_exempt  # the CSRF check runs in receive_upload, after the size-limited upload handler is installed
def word_import(request, pk: int):
    """GET: the upload form. POST: read the .docx and show what it offers, field by field."""
    evaluation = _editable_evaluation(request, pk)
    if request.method != "POST":
        return _upload_page(request, evaluation)
    return receive_upload(
        request,
        limit=MAX_UPLOAD_BYTES,
        page=lambda **context: _upload_page(request, evaluation, **context),
        handle=lambda uploaded: _upload(request, evaluation, uploaded),
        too_large=too_large_message,
        missing="请选择要上传的 Word 文件（.docx）。",
        blocked=not evaluation_is_editable(evaluation),
    )


def _upload(request, evaluation, uploaded):
    # python-docx is imported by the Word import only (start-up: docs/adr/0014)
    from .docx.importing import found_to_json, word_import_prepare

    try:
        preview = word_import_prepare(evaluation=evaluation, data=uploaded.read())
    except DocxRefused as refusal:
        return _upload_page(request, evaluation, status=400, refused=str(refusal), filename=uploaded.name)
    if not preview.found:
        return _upload_page(
            request,
            evaluation,
            status=400,
            refused="文档中没有找到可以对应到本报告提纲的内容（标题、正文或表格）。请确认上传的是部门整体支出绩效自评报告。",
            filename=uploaded.name,
        )
    state = json.dumps(found_to_json(preview.found), ensure_ascii=False, default=str)
    if len(state) > MAX_PREVIEW_STATE_CHARS:
        return _upload_page(
            request, evaluation, status=400, refused="文档中的文字过多，无法预览。", filename=uploaded.name
        )
    token = uuid.uuid4().hex
    request.session[SESSION_KEY.format(pk=evaluation.pk)] = {
        "token": token,
        "found": state,
        "fingerprints": preview.fingerprints,
        "filename": uploaded.name,
    }
    return render(
        request,
        "reports/word_import_preview.html",
        {
            "evaluation": evaluation,
            "preview": preview,
            "changed": len(preview.changes),
            "token": token,
            "filename": uploaded.name,
        },
    )


@access(FILLER)
@require_POST
def word_import_confirm(request, pk: int):
    """Save exactly what was previewed (with the categories chosen for offered lines), all or nothing."""
    evaluation = _editable_evaluation(request, pk)
    key = SESSION_KEY.format(pk=evaluation.pk)
    pending = request.session.get(key)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "预览已失效（可能已导入过，或在其他窗口重新上传了文件）。请重新上传文件。")
        return redirect("reports:word_import", pk=evaluation.pk)
    del request.session[key]
    # python-docx is imported by the Word import only (start-up: docs/adr/0014)
    from .docx.importing import found_from_json, line_choices, word_import_apply

    found = found_from_json(json.loads(pending["found"]))
    chosen = {choice.key: request.POST.get(f"choice-{choice.key}", "") for choice in line_choices(found, {})}
    try:
        saved = word_import_apply(
            evaluation=evaluation,
            found=found,
            fingerprints=pending["fingerprints"],
            user=request.user,
            source=pending["filename"],
            choices=chosen,
        )
    except WorkflowError as error:
        messages.error(request, f"未导入，没有保存任何数据：{error}")
        return redirect("reports:word_import", pk=evaluation.pk)
    except SectionConflict:
        messages.error(
            request,
            "未导入，没有保存任何数据：在您预览之后，报告的相关部分已被修改并保存。请重新上传文件，核对新的预览后再确认。",
        )
        return redirect("reports:word_import", pk=evaluation.pk)
    except SectionsInvalid as error:
        messages.error(request, "未导入，没有保存任何数据：" + "；".join(error.problems))
        return redirect("reports:word_import", pk=evaluation.pk)
    messages.success(
        request, f"已从“{pending['filename']}”导入 {len(saved)} 个部分。请逐部分核对导入的内容，再保存或提交。"
    )
    return redirect("evaluations:fill", pk=evaluation.pk)
