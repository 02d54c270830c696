"""Error pages in Chinese that show no traceback; a database outage becomes 503, not 500; a request
refused before any view ran (body too large, too many fields, malformed) gets a Chinese page
saying what to do, not Django's English "Bad Request (400)"."""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static

from departments.access import AUTHENTICATED, PUBLIC, access, is_filler, is_reviewer

DATABASE_DOWN = (OperationalError, InterfaceError)
security_log = logging.getLogger("security")
NOT_SAVED_ADVICE = (
    "您在页面上填写的内容还没有保存：请点击浏览器的“后退”按钮回到原页面（内容通常仍在），"
    "按下面的说明调整后再保存；必要时先把内容复制到别处留存。"
)


def server_error(request, *args, **kwargs):
    """The 500 page (503 for a lost database). Django's ``django.request`` logger has already logged
    the traceback with the request id (config.logs); the page shows the same id."""
    exc = sys.exc_info()[1]
    context = {"request_id": getattr(request, "request_id", "")}
    if isinstance(exc, DATABASE_DOWN):
        response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html", context), status=500)


def bad_request(request, exception=None, *args, **kwargs):
    """400 (413 for a body over the limit): what was refused and what to do, with the request id."""
    status, title = 400, "请求无效"
    message = "请求无效（提交的数据格式不正确），本次没有保存任何数据。请返回上一页后重试。"
    if isinstance(exception, RequestDataTooBig):
        status, title = 413, "提交的内容过大"
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        message = (
            f"提交的内容过大（超过 {limit:.0f} MB），本次没有保存任何数据。请删除粘贴进来的大段内容或减少行数后再保存；"
            "预算数据可以用“导入预算数据”上传 Excel 文件（不超过 5 MB）。"
        )
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        title = "提交的内容项数过多"
        message = (
            f"页面提交的内容超过 {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} 项，本次没有保存任何数据。"
            "请减少表格的行数后再保存，或用“导入预算数据”上传 Excel 文件。"
        )
    security_log.warning(
        "请求被拒绝：%s",
        title,
        extra={
            "event": "request_refused",
            "reason": type(exception).__name__ if exception else "",
            "status_code": status,
        },
    )
    context = {
        "request_id": getattr(request, "request_id", ""),
        "title": title,
        "status": status,
        "message": message,
        "advice": NOT_SAVED_ADVICE if request.method == "POST" else "",
    }
    return HttpResponse(render_to_string("400.html", context), status=status)


def csrf_failure(request, reason="", template_name=None):
    """CSRF refused (a page open too long, a changed session, a forged form): Chinese, logged."""
    security_log.warning("CSRF 校验失败：%s", reason, extra={"event": "csrf_refused", "reason": reason})
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponse(render_to_string("403_csrf.html", context), status=403)


@access(AUTHENTICATED)
def landing(request):
    """Where a login without ``next`` lands (``LOGIN_REDIRECT_URL``): a 审核人 who fills in no report
    on the 审核工作台, everyone else on 我的报告."""
    if is_reviewer(request.user) and not is_filler(request.user):
        return redirect("reports:dashboard")
    return redirect("home")


@access(PUBLIC)
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (admin, the report preview)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))  # resolved per request: the manifest may come later
