"""Setting up a district: departments and users from Excel (bulk onboarding), and a year's 支出功能分类
科目 from the MoF list. The budget import's pattern: a size-limited upload (``departments.uploads``),
every problem listed at its cell, a preview kept in the session under a token, a confirm that saves
all or nothing. The reading is ``budgets.importing.onboarding`` / ``catalogue``; the writes are
``departments.onboarding.onboarding_apply`` and ``budgets.catalogue.catalogue_import``.

Who: onboarding creates accounts and grants rights, so it needs the permissions of both (a superuser;
under 三员分立 no single role has them: ADR 16); the catalogue import needs the catalogue's add and
change permissions (系统管理员).
"""

import json
import uuid
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from budgets.catalogue import catalogue_import
from budgets.importing import MAX_UPLOAD_BYTES, FileRefused, too_large_message
from budgets.importing.catalogue import (
    NEW,
    RENAMED,
    UNCHANGED,
    catalogue_import_prepare,
    catalogue_rows_from_json,
    catalogue_rows_to_json,
)
from budgets.importing.onboarding import onboarding_prepare
from departments.access import AUTHENTICATED, access
from departments.models import FiscalYear
from departments.onboarding import OnboardingConflict, onboarding_apply
from departments.uploads import receive_upload

from .excel.http import attachment_disposition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ONBOARDING_KEY = "onboarding_import"
PASSWORDS_KEY = "onboarding_passwords"
CATALOGUE_KEY = "catalogue_import"
MAX_PREVIEW_STATE_CHARS = 2_000_000
ONBOARDING_PERMISSIONS = (
    "departments.add_department",
    "auth.add_user",
    "departments.add_departmentmembership",
    "departments.add_reviewerscope",
)
CATALOGUE_PERMISSIONS = ("budgets.add_functionalcategory", "budgets.change_functionalcategory")
EXPIRED = "预览已失效（可能已导入过，或在其他窗口重新上传了文件）。请重新上传文件。"


def requires(*permissions):
    """The signed-in user must hold every one of ``permissions`` (a superuser holds all); else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(permissions):
                raise PermissionDenied("您没有执行此导入的权限。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _workbooks():
    """The set-up workbooks' module: openpyxl is imported by a download only (start-up: docs/adr/0014)."""
    from .excel import setup_workbooks

    return setup_workbooks


def _xlsx(workbook, filename: str) -> HttpResponse:
    from .excel.report_workbook import workbook_bytes

    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


# Bulk onboarding --------------------------------------------------------------------------------------
def _onboarding_page(request, *, status=200, **context):
    return render(
        request,
        "reports/setup/onboarding_upload.html",
        {"max_mb": MAX_UPLOAD_BYTES // 1024 // 1024, **context},
        status=status,
    )


@access(AUTHENTICATED)
@requires(*ONBOARDING_PERMISSIONS)
def onboarding_template(request):
    workbooks = _workbooks()
    return _xlsx(workbooks.build_onboarding_template(), workbooks.ONBOARDING_TEMPLATE_FILENAME)


@access(AUTHENTICATED)
@requires(*ONBOARDING_PERMISSIONS)
@csrf_exempt  # the CSRF check runs in receive_upload, after the size-limited upload handler is installed
def onboarding(request):
    """GET: the upload form. POST: every problem of the file, or the preview of what will be created."""
    if request.method != "POST":
        return _onboarding_page(request)
    return receive_upload(
        request,
        limit=MAX_UPLOAD_BYTES,
        page=lambda **context: _onboarding_page(request, **context),
        handle=lambda uploaded: _onboarding_upload(request, uploaded),
        too_large=too_large_message,
        missing="请选择要上传的 Excel 文件（.xlsx）。",
    )


def _onboarding_upload(request, uploaded):
    try:
        preview = onboarding_prepare(uploaded.read())
    except FileRefused as refusal:
        return _onboarding_page(request, status=400, refused=str(refusal), filename=uploaded.name)
    if not preview.ok:
        return _onboarding_page(request, status=400, problems=preview.problems, filename=uploaded.name)
    state = json.dumps(preview.plan, ensure_ascii=False)
    if len(state) > MAX_PREVIEW_STATE_CHARS:
        return _onboarding_page(request, status=400, refused="文件中的数据量过大，无法预览。请分批导入。")
    token = uuid.uuid4().hex
    request.session[ONBOARDING_KEY] = {"token": token, "plan": state, "filename": uploaded.name}
    return render(
        request,
        "reports/setup/onboarding_preview.html",
        {"preview": preview, "plan": preview.plan, "token": token, "filename": uploaded.name},
    )


@access(AUTHENTICATED)
@requires(*ONBOARDING_PERMISSIONS)
@require_POST
@never_cache
def onboarding_confirm(request):
    """Create exactly what was previewed; the result page shows each initial password once."""
    pending = request.session.get(ONBOARDING_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, EXPIRED)
        return redirect("setup:onboarding")
    del request.session[ONBOARDING_KEY]
    plan = json.loads(pending["plan"])
    try:
        accounts = onboarding_apply(plan=plan, user=request.user, source=pending["filename"])
    except (OnboardingConflict, ValidationError) as error:
        text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, "未导入，没有保存任何数据：" + text)
        return redirect("setup:onboarding")
    request.session[PASSWORDS_KEY] = accounts
    return render(
        request,
        "reports/setup/onboarding_done.html",
        {"accounts": accounts, "departments": len(plan["departments"]), "filename": pending["filename"]},
    )


@access(AUTHENTICATED)
@requires(*ONBOARDING_PERMISSIONS)
def onboarding_passwords(request):
    """The initial passwords of the last import, once: the list leaves the session with this download."""
    accounts = request.session.pop(PASSWORDS_KEY, None)
    if not accounts:
        raise Http404("初始密码只能下载一次，且只在导入后提供。")
    workbooks = _workbooks()
    return _xlsx(workbooks.build_passwords_workbook(accounts), workbooks.PASSWORDS_FILENAME)


# The 科目 list of a year --------------------------------------------------------------------------------
def _years() -> list[int]:
    return list(FiscalYear.objects.order_by("-year").values_list("year", flat=True))


def _catalogue_page(request, *, status=200, year=None, **context):
    years = _years()
    return render(
        request,
        "reports/setup/catalogue_upload.html",
        {
            "years": years,
            "year": year or (years[0] if years else None),
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
            **context,
        },
        status=status,
    )


@access(AUTHENTICATED)
@requires(*CATALOGUE_PERMISSIONS)
def catalogue_template(request):
    years = _years()
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        raise Http404("年度无效") from None
    if year not in years:
        raise Http404("没有这个年度")
    workbooks = _workbooks()
    return _xlsx(workbooks.build_catalogue_template(year), workbooks.catalogue_template_filename(year))


@access(AUTHENTICATED)
@requires(*CATALOGUE_PERMISSIONS)
@csrf_exempt  # the CSRF check runs in receive_upload, after the size-limited upload handler is installed
def catalogue(request):
    """GET: choose the year and the file. POST: every problem, or the new / renamed / unchanged rows."""
    if request.method != "POST":
        try:
            return _catalogue_page(request, year=int(request.GET.get("year", "") or 0) or None)
        except ValueError:
            return _catalogue_page(request)
    return receive_upload(
        request,
        limit=MAX_UPLOAD_BYTES,
        page=lambda **context: _catalogue_page(request, **context),
        handle=lambda uploaded: _catalogue_upload(request, uploaded),
        too_large=too_large_message,
        missing="请选择要上传的 Excel 文件（.xlsx）。",
    )


def _catalogue_upload(request, uploaded):
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if year not in _years():
        return _catalogue_page(request, status=400, refused="请选择要导入科目的年度。", filename=uploaded.name)
    try:
        preview = catalogue_import_prepare(year=year, data=uploaded.read())
    except FileRefused as refusal:
        return _catalogue_page(request, status=400, year=year, refused=str(refusal), filename=uploaded.name)
    if not preview.ok:
        return _catalogue_page(request, status=400, year=year, problems=preview.problems, filename=uploaded.name)
    if not preview.changes:
        return _catalogue_page(request, year=year, unchanged=True, filename=uploaded.name)
    token = uuid.uuid4().hex
    request.session[CATALOGUE_KEY] = {
        "token": token,
        "year": year,
        "rows": json.dumps(catalogue_rows_to_json(preview.rows), ensure_ascii=False),
        "filename": uploaded.name,
    }
    return render(
        request,
        "reports/setup/catalogue_preview.html",
        {
            "year": year,
            "token": token,
            "filename": uploaded.name,
            "new": preview.of_kind(NEW),
            "renamed": preview.of_kind(RENAMED),
            "unchanged": preview.of_kind(UNCHANGED),
        },
    )


@access(AUTHENTICATED)
@requires(*CATALOGUE_PERMISSIONS)
@require_POST
def catalogue_confirm(request):
    pending = request.session.get(CATALOGUE_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, EXPIRED)
        return redirect("setup:catalogue")
    del request.session[CATALOGUE_KEY]
    year = pending["year"]
    try:
        added, renamed = catalogue_import(
            year=year,
            rows=catalogue_rows_from_json(json.loads(pending["rows"])),
            user=request.user,
            source=pending["filename"],
        )
    except ValidationError as error:
        messages.error(request, "未导入，没有保存任何数据：" + "；".join(error.messages))
        return redirect(f"{reverse('setup:catalogue')}?year={year}")
    messages.success(request, f"已导入“{pending['filename']}”：{year}年度新增 {added} 个科目，更名 {renamed} 个。")
    return redirect(f"{reverse('admin:budgets_functionalcategory_changelist')}?fiscal_year__year__exact={year}")
