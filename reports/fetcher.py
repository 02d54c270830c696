"""The only way WeasyPrint may read anything while it renders a report: the app's own static files.

WeasyPrint fetches every URL it meets (images, stylesheets, fonts, CSS ``url()``). Whatever a user
writes is escaped by the template, but the fetcher is the second wall: it never opens a network
connection and never reads a file outside the static files, whatever the URL says.

The report HTML is rendered with ``REPORT_BASE_URL`` as its base, so ``{% static 'css/print.css' %}``
(``/static/css/print.css``) becomes ``https://report.invalid/static/css/print.css``; ``.invalid`` is a
reserved name that no resolver answers. Only URLs under that prefix are served, by looking the path up
with Django's static file finders (or in ``STATIC_ROOT`` after ``collectstatic``).
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

from .weasyprint_loader import load as load_weasyprint

load_weasyprint()  # before weasyprint.urls: the package's import opens its libraries
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

logger = logging.getLogger(__name__)

REPORT_BASE_URL = "https://report.invalid/"
SERVED_SUFFIXES = {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".otf", ".ttf", ".woff", ".woff2"}


class RefusedURL(ValueError):
    """WeasyPrint asked for something that is not one of the app's static files."""


def static_prefix() -> str:
    """The absolute URL under which the report's static files appear to WeasyPrint."""
    return urljoin(REPORT_BASE_URL, settings.STATIC_URL)


def static_path_for(url: str) -> Path | None:
    """The file behind ``url`` if it names one of the app's static files, else None."""
    prefix = static_prefix()
    if not url.startswith(prefix):
        return None
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return None
    relative = unquote(url[len(prefix) :])
    normalized = posixpath.normpath(relative)
    if (
        not relative
        or normalized != relative
        or normalized.startswith(("/", "../"))
        or "\\" in relative
        or "\x00" in relative
        or Path(normalized).suffix.lower() not in SERVED_SUFFIXES
    ):
        return None
    found = finders.find(normalized)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        try:
            candidate = Path(safe_join(str(settings.STATIC_ROOT), normalized))
        except SuspiciousFileOperation:
            return None
        if candidate.is_file():
            return candidate
    return None


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves the app's static files and refuses everything else.

    ``refused`` lists the URLs it turned down during its life (tests read it; so can logs).
    """

    def __init__(self):
        # Deliberately NOT URLFetcher.__init__: that installs urllib's HTTP, HTTPS, FTP and file
        # handlers (and builds an SSL context, ~10 ms). Without handlers nothing can be opened.
        request.OpenerDirector.__init__(self)
        self._fail_on_errors = False  # read by weasyprint.urls.fetch: a refusal is a warning
        self._allowed_protocols = ()
        self._request = None
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = static_path_for(url)
        if path is None:
            self.refused.append(url)
            logger.warning("报告渲染时拒绝读取非本系统静态文件的地址：%s", url[:200])
            raise RefusedURL(f"refused: {url[:200]}")
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"Content-Type": content_type}
        if content_type == "text/css":
            headers["Content-Type"] = "text/css; charset=utf-8"
        return URLFetcherResponse(url, body=path.read_bytes(), headers=headers)

    def open(self, url, data=None, timeout=None):
        # urllib's OpenerDirector entry point: route it through the same gate, never to a handler.
        return self.fetch(getattr(url, "full_url", url))
