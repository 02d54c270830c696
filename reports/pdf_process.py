"""PDF renders in helper processes, so that a render that takes too long can be stopped.

WeasyPrint cannot be interrupted safely inside the server process, and its time grows faster
than the text (WeasyPrint alone with print.css on this project's 2-core machine: 100,000
characters in long paragraphs 2 s, 300,000 characters 21 s, 100,000 characters as 50,000 short
lines 213 s; the app's figures: bench/pdf_limits_bench.py). The form limits
(departments.text_limits) keep real reports far below that, but the time bound must
hold whatever is in the database. So:

* each render slot (``rendering.PDF_SLOTS``) has one helper process (``reports.pdf_helper``), started
  with the server (config/wsgi.py) or on first use, with the server's settings, and kept warm
  (fonts loaded once), that turns report HTML into PDF bytes;
* the server waits at most ``settings.PDF_RENDER_TIMEOUT`` seconds for the answer; past that the
  helper is killed (``PdfTimeout``) and the next render starts a fresh one;
* a helper is replaced after ``RENDERS_PER_HELPER`` renders, so its memory cannot creep up.

A command that renders and exits (``export_report``) renders in its own process instead
(``in_this_process``): a helper would cost a second Django start-up, more than the render itself.
There the bound is a timer signal (SIGALRM); interrupting WeasyPrint is safe there because the process
ends right after.

The helper reads nothing but the app's static files (``reports.fetcher``), like the server did.
"""

import logging
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

from django.conf import settings

logger = logging.getLogger(__name__)

RENDERS_PER_HELPER = 200
_LENGTH = struct.Struct(">Q")


class PdfError(Exception):
    """A PDF that cannot be made; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PdfTooLong(PdfError):
    pass


class PdfTimeout(PdfError):
    pass


class PdfBusy(PdfError):
    pass


class PdfFailed(PdfError):
    pass


def _settings_module() -> str:
    # The module the server was started with (override_settings in tests has no SETTINGS_MODULE).
    return os.environ.get("DJANGO_SETTINGS_MODULE") or settings.SETTINGS_MODULE or "config.settings"


class _Helper:
    """One ``python -m reports.pdf_helper`` process: HTML in on its stdin, PDF out on its stdout,
    each prefixed with its length (its stderr is the server's, so its log lines land in the same place)."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "reports.pdf_helper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": _settings_module()},
        )
        self.renders = 0

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def render(self, html: str, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        data = html.encode("utf-8")
        try:
            self.process.stdin.write(_LENGTH.pack(len(data)) + data)
            self.process.stdin.flush()
            kind = self._read(1, deadline, timeout)
            payload = self._read(_LENGTH.unpack(self._read(_LENGTH.size, deadline, timeout))[0], deadline, timeout)
        except OSError as error:  # the helper died (BrokenPipeError, …)
            raise PdfFailed("生成 PDF 的进程意外退出。") from error
        self.renders += 1
        if kind != b"K":
            logger.error("PDF 生成失败：\n%s", payload.decode("utf-8", "replace"))
            raise PdfFailed("生成 PDF 时出错。")
        return payload

    def _read(self, size: int, deadline: float, timeout: float) -> bytes:
        descriptor, chunks, remaining = self.process.stdout.fileno(), [], size
        while remaining:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([descriptor], [], [], left)[0]:
                raise PdfTimeout(timeout_message(timeout))
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                raise PdfFailed("生成 PDF 的进程意外退出。")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        if self.alive:
            self.process.kill()
        self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


def timeout_message(timeout: float) -> str:
    return (
        f"报告内容过多，PDF 未能在 {timeout:g} 秒内生成，已停止生成。"
        "请精简报告中的长篇文字（如各部分的分析说明、项目的主要用途）或减少行数后再试。"
    )


_idle: list[_Helper] = []
_lock = threading.Lock()
_here = False  # set by in_this_process()


@contextmanager
def in_this_process():
    """For a command that renders and exits: PDFs are made in this process, not by a helper."""
    global _here
    previous, _here = _here, True
    try:
        yield
    finally:
        _here = previous


class _Expired(BaseException):
    """Raised by the timer inside WeasyPrint: not an Exception, so no ``except Exception`` there catches it."""


def _render_here(html: str, timeout: float) -> bytes:
    from .weasyprint_loader import load

    load()
    from weasyprint import HTML  # the command's own import; servers leave WeasyPrint to the helpers

    from .fetcher import REPORT_BASE_URL, StaticOnlyURLFetcher

    def expired(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).write_pdf()
    except _Expired:
        raise PdfTimeout(timeout_message(timeout)) from None
    except Exception as error:
        logger.exception("PDF 生成失败")
        raise PdfFailed("生成 PDF 时出错。") from error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_pdf(html: str) -> bytes:
    """The PDF of ``html``, made by a helper within ``settings.PDF_RENDER_TIMEOUT`` seconds (in this
    process inside ``in_this_process``, on the main thread, which alone receives the timer signal).

    The caller holds a render slot (``rendering.PDF_SLOTS``), so there are never more helpers than slots.
    """
    if _here and threading.current_thread() is threading.main_thread():
        return _render_here(html, float(settings.PDF_RENDER_TIMEOUT))
    with _lock:
        helper = _idle.pop() if _idle else None
    if helper is None or not helper.alive:
        helper = _Helper()
    try:
        pdf = helper.render(html, float(settings.PDF_RENDER_TIMEOUT))
    except BaseException as error:
        helper.stop()
        if isinstance(error, PdfTimeout):
            logger.warning(
                "PDF 生成超时，已停止生成进程",
                extra={"event": "pdf_timeout", "html_chars": len(html), "timeout": settings.PDF_RENDER_TIMEOUT},
            )
        raise
    if helper.renders >= RENDERS_PER_HELPER:
        helper.stop()
    else:
        with _lock:
            _idle.append(helper)
    return pdf


def prestart() -> None:
    """Start the helpers of this server process ahead of the first PDF (config/wsgi.py)."""
    with _lock:
        while len(_idle) < settings.PDF_CONCURRENCY:
            _idle.append(_Helper())


def worker_pids() -> list[int]:
    """Process ids of the helpers waiting for work (for tests and diagnostics)."""
    with _lock:
        return [helper.process.pid for helper in _idle if helper.alive]


def stop_helpers() -> None:
    with _lock:
        helpers, _idle[:] = list(_idle), []
    for helper in helpers:
        helper.stop()
