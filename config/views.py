"""Error pages in Chinese that show no traceback; a database outage becomes 503, not 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
