"""The prelude every file upload page shares (the budget import, the Word import, the catalogue and
onboarding imports): refuse a body whose declared length is over the limit before reading a byte of
it, install a handler that stops reading as soon as the file passes the limit, run the CSRF check
only then (it reads the body), and turn "too large" or "no file" into the upload page with a message.

Pages call ``receive_upload`` from a ``csrf_exempt`` view (the CSRF check runs inside, after the
size-limited handler is installed); ``handle(uploaded)`` does the page's own work with a file that
is present and within the limit.
"""

from collections.abc import Callable

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_protect

MULTIPART_OVERHEAD = 64 * 1024  # what a multipart body adds around the file (boundaries, token, names)


class SizeLimitedUpload(FileUploadHandler):
    """Stops reading the request body as soon as an uploaded file passes the size limit."""

    def __init__(self, request=None, limit: int = 0):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def receive_upload(
    request,
    *,
    limit: int,
    page: Callable,
    handle: Callable,
    too_large: Callable[[int | None], str],
    missing: str,
    blocked: bool = False,
    on_refused: Callable | None = None,
):
    """The POST of an upload page. ``page(status=…, refused=…)`` renders the upload page again,
    ``handle(uploaded)`` the page's work; ``blocked`` (e.g. the report can no longer be edited) gives
    the page with 403; ``on_refused(event, reason, **fields)`` logs a refused upload."""
    if blocked:
        return page(status=403)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + MULTIPART_OVERHEAD:  # refused before a byte of the body is read
        if on_refused:
            on_refused("upload_too_large", too_large(declared), size=declared)
        return page(status=413, refused=too_large(declared))
    handler = SizeLimitedUpload(request, limit=limit)
    request.upload_handlers.insert(0, handler)
    return _checked(
        request, handler=handler, page=page, handle=handle, too_large=too_large, missing=missing, on_refused=on_refused
    )


@csrf_protect
def _checked(request, *, handler, page, handle, too_large, missing, on_refused):
    uploaded = request.FILES.get("file")
    if handler.exceeded:
        if on_refused:
            on_refused("upload_too_large", too_large(None))
        return page(status=413, refused=too_large(None))
    if uploaded is None:
        return page(status=400, refused=missing)
    if uploaded.size > handler.limit:
        if on_refused:
            on_refused("upload_too_large", too_large(uploaded.size), size=uploaded.size)
        return page(status=413, refused=too_large(uploaded.size))
    return handle(uploaded)
