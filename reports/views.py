"""The report as the user sees it: an HTML preview page, the PDF and the Word downloads. Views stay thin."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from departments.access import FILLER_OR_REVIEWER, access, restrict
from evaluations.selectors import evaluation_queryset

from . import stored
from .archive import ArchiveMissing, approved_docx_name, stored_pdf_name
from .pdf_failure import pdf_failed_page, pdf_or_failed_page
from .rendering import content_disposition, render_report_html, render_report_pdf


def visible_evaluation(request, pk: int):
    """The report if the user may read it; another department's id gives 404."""
    return get_object_or_404(restrict(evaluation_queryset(), request.user), pk=pk)


@access(FILLER_OR_REVIEWER)
def preview(request, pk: int):
    evaluation = visible_evaluation(request, pk)
    return HttpResponse(render_report_html(evaluation=evaluation, preview=True, request=request))


def _pdf_failed(request, evaluation, reason: str | None = None):
    preview_url = reverse("reports:preview", args=[evaluation.pk])
    return pdf_failed_page(request, name=str(evaluation), preview_url=preview_url, reason=reason)


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

    def respond():
        name = stored_pdf_name(evaluation)
        if name is not None:
            return _stored_response(name, evaluation, "pdf", "application/pdf")
        response = HttpResponse(render_report_pdf(evaluation=evaluation), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(evaluation)
        response["Cache-Control"] = "private, no-store"
        return response

    preview_url = reverse("reports:preview", args=[evaluation.pk])
    return pdf_or_failed_page(request, respond, name=str(evaluation), preview_url=preview_url)


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
