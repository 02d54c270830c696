"""What the user sees when a PDF cannot be made (a report's, the district analysis'): a Chinese page
saying why, that no data was touched, and the preview to print from the browser instead."""

import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render

from .archive import ArchiveMissing
from .rendering import PdfError

logger = logging.getLogger(__name__)


def pdf_failed_page(request, *, name: str, preview_url: str, reason: str | None = None) -> HttpResponse:
    """The 503 page for the PDF of ``name``: ``reason`` when known, else that the error was logged."""
    context = {"name": name, "preview_url": preview_url, "reason": reason}
    return render(request, "reports/pdf_failed.html", context, status=503)


def pdf_or_failed_page(request, respond: Callable[[], HttpResponse], *, name: str, preview_url: str) -> HttpResponse:
    """``respond()``, the response carrying the PDF; when the PDF cannot be made, the page saying why:
    too long, out of time, all render slots busy (``PdfError``), an archived file gone (``ArchiveMissing``).
    Any other error is logged and gets the page too: a PDF that cannot be made must not cost the user a
    traceback, and the preview still works. A lost database still gets the 503 page of
    ``config.views.server_error``."""
    try:
        return respond()
    except DatabaseError:
        raise
    except (ArchiveMissing, PdfError) as error:
        return pdf_failed_page(request, name=name, preview_url=preview_url, reason=error.message)
    except Exception:
        logger.exception("PDF rendering failed: %s", name)
        return pdf_failed_page(request, name=name, preview_url=preview_url)
