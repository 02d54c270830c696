"""Error pages in Chinese that show no traceback; a database outage becomes 503, not 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

DATABASE_DOWN = (OperationalError, InterfaceError)


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
