"""Render a report in its outline's template, to HTML (preview) and to PDF (WeasyPrint).

The HTML preview and the PDF come from the same template; only ``preview`` differs (a toolbar
and screen styles in the browser). WeasyPrint reads nothing but the app's static files
(``reports.fetcher``). PDFs are made in helper processes stopped after
``settings.PDF_RENDER_TIMEOUT`` seconds (``reports.pdf_process``); a report whose text is beyond
``settings.PDF_MAX_TEXT_CHARS`` is refused before any render. Both raise ``PdfError`` with a
Chinese message.
"""

import hashlib
import re
import threading
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone

from evaluations.models import Evaluation, EvaluationStatus

from . import pdf_process, weasyprint_loader
from .pdf_process import PdfBusy, PdfTimeout, PdfTooLong
from .pdf_process import PdfError as PdfError  # re-exported for the views
from .selectors import report_context

if TYPE_CHECKING:  # WeasyPrint is imported where it renders (1 s of start-up that pages and commands skip)
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import StaticOnlyURLFetcher


def render_report_html(*, evaluation: Evaluation, preview: bool = False, official: bool = False, request=None) -> str:
    """The report in the layout its outline names (``ReportOutline.template``).

    A report that is not approved is a draft: a 「草稿」 watermark on every page and 「未经审核」 in
    the footer, and the system's notes to the user (where a figure came from, which framework
    version) are shown. The approved report — or the one being approved (``official``, rendered
    by ``review.report_approve`` just before the status changes) — carries none of them.
    """
    context = report_context(evaluation=evaluation)
    draft = not (official or evaluation.status == EvaluationStatus.APPROVED)
    context.update(preview=preview, draft=draft, final=not draft, generated_at=timezone.localtime())
    return render_to_string(context["outline"].template, context, request=request)


_thread_state = threading.local()


def font_configuration() -> "FontConfiguration":
    """One WeasyPrint font configuration per thread, reused by every report it renders.

    A fresh one per PDF re-reads the fontconfig setup and reloads the CJK font files (20–27 MB each);
    worse, WeasyPrint's layout keeps it in a reference cycle, so each render's fonts stay in memory
    until the garbage collector runs (measured: peak RSS 223 → 291 → 359 MB over three renders of
    the large benchmark report; shared: 223 → 226 → 229 MB). Reports declare no ``@font-face``,
    so nothing document-specific accumulates in it. Pango font maps are not thread-safe: one per thread.
    """
    config = getattr(_thread_state, "font_config", None)
    if config is None:
        weasyprint_loader.load()
        from weasyprint.text.fonts import FontConfiguration

        config = _thread_state.font_config = FontConfiguration()
    return config


# PDF rendering is CPU-bound (0.3–0.5 s a report). Letting every server thread render at once
# would starve the cheap pages served by the same process, so renders queue for a few slots.
PDF_SLOTS = threading.BoundedSemaphore(settings.PDF_CONCURRENCY)


def html_to_pdf(html: str, *, url_fetcher: "StaticOnlyURLFetcher | None" = None) -> bytes:
    """WeasyPrint on report HTML with the static-only fetcher, in a render slot.

    The render runs in a helper process and is stopped after ``settings.PDF_RENDER_TIMEOUT``
    seconds (``PdfTimeout``). Given an explicit ``url_fetcher`` it runs here, in this process,
    without that bound: tests use it to inspect what the fetcher served.
    """
    if not PDF_SLOTS.acquire(timeout=float(settings.PDF_QUEUE_TIMEOUT)):
        raise PdfBusy("正在生成的 PDF 较多，请稍后再试。")
    try:
        if url_fetcher is not None:
            weasyprint_loader.load()
            from weasyprint import HTML

            from .fetcher import REPORT_BASE_URL

            document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=url_fetcher)
            return document.write_pdf(font_config=font_configuration())
        return pdf_process.render_pdf(html)
    finally:
        PDF_SLOTS.release()


_TAG = re.compile(r"<[^>]*>")


def report_text_chars(html: str) -> int:
    """About how many characters of text the report has (markup and head left out)."""
    body = html.find("<body")
    return len(_TAG.sub("", html[body if body >= 0 else 0 :]))


def check_report_size(html: str) -> None:
    """Refuse, before any render, a report too long for a PDF to be laid out in the time allowed."""
    chars, limit = report_text_chars(html), settings.PDF_MAX_TEXT_CHARS
    if chars > limit:
        raise PdfTooLong(
            f"报告正文约 {chars:,} 字，超过生成 PDF 的上限 {limit:,} 字，无法生成 PDF。"
            "请精简报告中的长篇文字（如各部分的分析说明、项目的主要用途）后再试。"
        )


# The creation time differs on every render; everything else of the HTML is the report's content.
CREATED_META = re.compile(r'<meta name="dcterms.created"[^>]*>')


def render_report_pdf(*, evaluation: Evaluation, official: bool = False, cache: bool = True) -> bytes:
    """The report's PDF. A draft whose content has not changed since its last PDF is served from
    the ``pdf`` cache (in the database, shared by every process and host): reviewers download the
    same reports again and again, and a render costs 0.3–0.5 s of CPU. PDFs made to be stored
    (submitted, approved: ``reports/stored.py``) pass ``cache=False``: the storage keeps them."""
    html = render_report_html(evaluation=evaluation, official=official)
    check_report_size(html)
    key = "report-pdf:" + hashlib.sha256(CREATED_META.sub("", html).encode()).hexdigest()
    pdf_cache = caches["pdf"]
    pdf = pdf_cache.get(key) if cache else None
    if pdf is None:
        failed = pdf_cache.get("failed:" + key)
        if failed:  # the same content ran out of time a moment ago: do not spend the time again
            raise PdfTimeout(failed)
        try:
            pdf = html_to_pdf(html)
        except PdfTimeout as timeout:
            pdf_cache.set("failed:" + key, timeout.message, FAILED_RENDER_MEMORY)
            raise
        if cache:
            pdf_cache.set(key, pdf)
    return pdf


FAILED_RENDER_MEMORY = 600  # seconds a report whose render timed out is refused without trying again


def report_filename(evaluation: Evaluation, extension: str = "pdf") -> str:
    """「长沙市天心区政务服务中心2018年度部门整体支出绩效自评报告.pdf」."""
    return f"{evaluation.department.full_name}{evaluation.fiscal_year_id}年度部门整体支出绩效自评报告.{extension}"


def ascii_filename(evaluation: Evaluation, extension: str = "pdf") -> str:
    """The fallback for clients that ignore ``filename*``: only safe ASCII characters."""
    code = "".join(ch for ch in evaluation.department.code if ch.isascii() and (ch.isalnum() or ch in "-_"))
    return f"report-{code or evaluation.department_id}-{evaluation.fiscal_year_id}.{extension}"


def content_disposition(evaluation: Evaluation, extension: str = "pdf", *, attachment: bool = True) -> str:
    """``attachment; filename="report-….pdf"; filename*=UTF-8''<RFC 5987 encoded Chinese name>``."""
    kind = "attachment" if attachment else "inline"
    encoded = quote(report_filename(evaluation, extension), safe="")
    return f"{kind}; filename=\"{ascii_filename(evaluation, extension)}\"; filename*=UTF-8''{encoded}"
