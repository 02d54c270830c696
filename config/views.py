"""Error pages in Chinese that show no traceback; a database outage becomes 503, not 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static

from departments.access import AUTHENTICATED, PUBLIC, access, is_filler, is_reviewer

DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


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
