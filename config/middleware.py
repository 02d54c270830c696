import re
import uuid

from django.conf import settings

from .logs import current_request


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy of settings.CONTENT_SECURITY_POLICY on every response.

    Django admin keeps its own inline scripts out since 4.x, so one policy serves all pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestIdMiddleware:
    """Give every request an id, for the logs (``config.logs``), the 500 page and the response's
    ``X-Request-ID`` header.

    The id comes from the header named by ``settings.REQUEST_ID_HEADER`` when that is set, i.e. when
    a trusted proxy in front (deploy/nginx.conf: ``proxy_set_header X-Request-ID $request_id``)
    overwrites whatever the client sent, so nginx's access log and ours share the id; otherwise,
    or when the value is not a plausible id, a new one is generated. First in ``MIDDLEWARE``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        header = getattr(settings, "REQUEST_ID_HEADER", "")
        self.meta_key = "HTTP_" + header.upper().replace("-", "_") if header else ""

    def __call__(self, request):
        supplied = request.META.get(self.meta_key, "") if self.meta_key else ""
        request.request_id = supplied if _VALID_REQUEST_ID.match(supplied) else uuid.uuid4().hex
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response.headers.setdefault("X-Request-ID", request.request_id)
        return response
