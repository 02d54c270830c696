"""The finance bureau's district analysis of a year: HTML preview, PDF, Word, Excel, and its wording.

For the 审核人 of the region and administrators only: the region is looked up among the user's
regions (``evaluations.analysis.selectors.analysis_regions``), so another region gives 404; a
填报人 is refused by the ``REVIEWER`` rule (403).
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from departments.access import REVIEWER, access
from departments.models import FiscalYear
from evaluations.analysis.drafting import PARAGRAPHS
from evaluations.analysis.selectors import analysis_regions
from evaluations.analysis.services import analysis_paragraph_restore, analysis_paragraph_save

from .analysis import analysis_context
from .excel.http import attachment_disposition
from .excel_views import XLSX
from .pdf_failure import pdf_or_failed_page
from .rendering import html_to_pdf

TEMPLATE = "reports/analysis.html"


def _region_year(request, region_id: int, year: int):
    region = get_object_or_404(analysis_regions(request.user), pk=region_id)
    if not FiscalYear.objects.filter(year=year).exists():
        raise Http404("没有这个年度")
    return region, year


def _download(content: bytes, content_type: str, *, title: str, region, year: int, extension: str) -> HttpResponse:
    """The analysis as a file named by its title (RFC 5987, ASCII fallback), never cached."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(
        f"{title}.{extension}", fallback=f"analysis-{region.pk}-{year}.{extension}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@access(REVIEWER)
def analysis_preview(request, region_id: int, year: int):
    region, year = _region_year(request, region_id, year)
    context = analysis_context(region=region, year=year) | {"preview": True, "region": region}
    return render(request, TEMPLATE, context)


@access(REVIEWER)
def analysis_pdf(request, region_id: int, year: int):
    """The analysis as PDF; when it cannot be made (busy, out of time, failed), the page saying why."""
    region, year = _region_year(request, region_id, year)
    context = analysis_context(region=region, year=year) | {"preview": False, "region": region}

    def respond():
        pdf = html_to_pdf(render_to_string(TEMPLATE, context))
        return _download(pdf, "application/pdf", title=context["title"], region=region, year=year, extension="pdf")

    preview_url = reverse("reports:analysis", args=[region.pk, year])
    return pdf_or_failed_page(request, respond, name=context["title"], preview_url=preview_url)


@access(REVIEWER)
def analysis_docx(request, region_id: int, year: int):
    """The analysis as an editable Word document: same context, headings, 附件 and charts (as images)."""
    from .docx.analysis import analysis_docx_bytes  # python-docx only here (docs/adr/0014)
    from .docx.export import DOCX_CONTENT_TYPE

    region, year = _region_year(request, region_id, year)
    context = analysis_context(region=region, year=year)
    return _download(
        analysis_docx_bytes(context),
        DOCX_CONTENT_TYPE,
        title=context["title"],
        region=region,
        year=year,
        extension="docx",
    )


@access(REVIEWER)
def analysis_excel(request, region_id: int, year: int):
    region, year = _region_year(request, region_id, year)
    context = analysis_context(region=region, year=year)
    # openpyxl is imported by the download only (start-up: docs/adr/0014)
    from .excel.analysis import build_analysis_workbook
    from .excel.report_workbook import workbook_bytes

    return _download(
        workbook_bytes(build_analysis_workbook(context)),
        XLSX,
        title=context["title"],
        region=region,
        year=year,
        extension="xlsx",
    )


@access(REVIEWER)
def analysis_edit(request, region_id: int, year: int):
    """Each paragraph: the draft, and the bureau's own wording (saved per region and year)."""
    region, year = _region_year(request, region_id, year)
    context = analysis_context(region=region, year=year)
    return render(request, "reports/analysis_edit.html", context | {"region": region})


@access(REVIEWER)
@require_POST
def analysis_paragraph(request, region_id: int, year: int):
    """Save the wording of one paragraph, or restore its draft (``restore`` in the form)."""
    region, year = _region_year(request, region_id, year)
    key = request.POST.get("key", "")
    edit_url = reverse("reports:analysis_edit", args=[region.pk, year])
    if key not in PARAGRAPHS:
        messages.error(request, "没有这个段落，请在页面上选择要修改的段落。")
        return redirect(edit_url)
    if "restore" in request.POST:
        analysis_paragraph_restore(region=region, year=year, key=key)
        messages.success(request, f"“{PARAGRAPHS[key]}”已恢复为系统生成的文字。")
    else:
        text = request.POST.get("text", "")
        drafts = {p.key: p.draft for p in analysis_context(region=region, year=year)["paragraphs"].values()}
        if text.strip() == drafts[key]:
            text = ""  # unchanged: keep following the figures
        saved = analysis_paragraph_save(region=region, year=year, key=key, text=text, user=request.user)
        messages.success(
            request, f"“{PARAGRAPHS[key]}”已保存。" if saved else f"“{PARAGRAPHS[key]}”为空，已使用系统生成的文字。"
        )
    return redirect(f"{edit_url}#paragraph-{key}")
