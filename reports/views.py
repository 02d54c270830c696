"""The report as the user sees it: an HTML preview page, the PDF and the Word downloads. Views stay thin."""

import logging

from django.db import DatabaseError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render

from departments.access import FILLER_OR_REVIEWER, access, restrict
from evaluations.selectors import evaluation_queryset

from . import stored
from .archive import ArchiveMissing, approved_docx_name, stored_pdf_name
from .rendering import PdfError, content_disposition, render_report_html, render_report_pdf

logger = logging.getLogger(__name__)


def visible_evaluation(request, pk: int):
    """The report if the user may read it; another department's id gives 404."""
    return get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)


@access(FILLER_OR_REVIEWER)
def preview(request, pk: int):
    evaluation = visible_evaluation(request, pk)
    return HttpResponse(render_report_html(evaluation=evaluation, preview=True, request=request))


def _pdf_failed(request, evaluation, reason: str | None = None):
    page = render(request, "reports/pdf_failed.html", {"evaluation": evaluation, "reason": reason})
    page.status_code = 503
    return page


def _stored_response(name: str, evaluation, extension: str, content_type: str) -> FileResponse:
    """A stored file streamed in chunks, as stored (``reports/stored.py``)."""
    response = FileResponse(stored.open_file(name), content_type=content_type)
    response["Content-Disposition"] = content_disposition(evaluation, extension)
    response["Cache-Control"] = "private, no-store"
    return response


@access(FILLER_OR_REVIEWER)
def pdf(request, pk: int):
    """A submitted or approved report's stored PDF, streamed (``reports/archive.py``: never rendered
    in the request when stored); a draft's rendered through the shared cache."""
    evaluation = visible_evaluation(request, pk)
    try:
        name = stored_pdf_name(evaluation)
        if name is not None:
            return _stored_response(name, evaluation, "pdf", "application/pdf")
        content = render_report_pdf(evaluation=evaluation)
    except DatabaseError:
        raise  # a lost database gets the 503 page of config.views.server_error
    except ArchiveMissing as missing:
        return _pdf_failed(request, evaluation, missing.message)
    except PdfError as error:  # too long, out of time, or all render slots busy: say which
        return _pdf_failed(request, evaluation, error.message)
    except Exception:
        # A PDF that cannot be made must not cost the user a traceback or the report:
        # the preview still works and can be printed from the browser.
        logger.exception("PDF rendering failed for evaluation %s", evaluation.pk)
        return _pdf_failed(request, evaluation)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(evaluation)
    response["Cache-Control"] = "private, no-store"
    return response


@access(FILLER_OR_REVIEWER)
def docx(request, pk: int):
    """The report as an editable Word document, from the same context as the preview and the PDF;
    an approved report's is the .docx archived at approval, streamed as stored."""
    from .docx.export import DOCX_CONTENT_TYPE, render_report_docx  # python-docx only here (docs/adr/0014)

    evaluation = visible_evaluation(request, pk)
    try:
        name = approved_docx_name(evaluation)
    except ArchiveMissing as missing:
        return _pdf_failed(request, evaluation, missing.message)
    if name is not None:
        return _stored_response(name, evaluation, "docx", DOCX_CONTENT_TYPE)
    response = HttpResponse(render_report_docx(evaluation=evaluation), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(evaluation, "docx")
    response["Cache-Control"] = "private, no-store"
    return response
