"""The report as the user sees it: an HTML preview page, the PDF and the Word downloads. Views stay thin."""

import logging

from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from departments.access import FILLER_OR_REVIEWER, access, restrict
from evaluations.selectors import evaluation_queryset

from .rendering import PdfError, content_disposition, render_report_html, render_report_pdf
from .review import approved_pdf

logger = logging.getLogger(__name__)


def visible_evaluation(request, pk: int):
    """The report if the user may read it; another department's id gives 404."""
    return get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)


@access(FILLER_OR_REVIEWER)
def preview(request, pk: int):
    evaluation = visible_evaluation(request, pk)
    return HttpResponse(render_report_html(evaluation=evaluation, preview=True, request=request))


@access(FILLER_OR_REVIEWER)
def pdf(request, pk: int):
    evaluation = visible_evaluation(request, pk)
    # An approved report is served from its stored PDF, byte for byte (reports.review).
    content = approved_pdf(evaluation)
    if content is None:
        try:
            content = render_report_pdf(evaluation=evaluation)
        except DatabaseError:
            raise  # a lost database gets the 503 page of config.views.server_error
        except PdfError as error:  # too long, out of time, or all render slots busy: say which
            page = render(request, "reports/pdf_failed.html", {"evaluation": evaluation, "reason": error.message})
            page.status_code = 503
            return page
        except Exception:
            # A PDF that cannot be made must not cost the user a traceback or the report:
            # the preview still works and can be printed from the browser.
            logger.exception("PDF rendering failed for evaluation %s", evaluation.pk)
            page = render(request, "reports/pdf_failed.html", {"evaluation": evaluation})
            page.status_code = 503
            return page
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(evaluation)
    response["Cache-Control"] = "private, no-store"
    return response


@access(FILLER_OR_REVIEWER)
def docx(request, pk: int):
    """The report as an editable Word document, from the same context as the preview and the PDF."""
    evaluation = visible_evaluation(request, pk)
    from .docx.export import DOCX_CONTENT_TYPE, render_report_docx  # python-docx only here (docs/adr/0014)

    response = HttpResponse(render_report_docx(evaluation=evaluation), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(evaluation, "docx")
    response["Cache-Control"] = "private, no-store"
    return response
