"""The PDF helper process: ``python -m reports.pdf_helper``, started by ``reports.pdf_process``.

Reads report HTML from stdin and writes the PDF to stdout, each message prefixed with its length
(8 bytes, big-endian); a reply starts with ``K`` (the PDF) or ``E`` (a traceback, logged by the
server). Django is set up for the settings and the static files only: the helper never touches the
database. It ends when the server closes its stdin, or when the server kills it at the time limit.
"""

import os
import struct
import sys
import traceback

_LENGTH = struct.Struct(">Q")
# A line in each family of static/css/print.css, so that Pango loads the report's fonts before the first request.
WARM_UP = "".join(
    f'<p style="font-family: {family}">预热 1,234.56</p>'
    for family in ("FandolSong", "FandolFang", "FandolHei", "FandolKai", "Noto Serif CJK SC", "Noto Sans CJK SC")
)


def _read_exact(stream, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main() -> int:
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever else is printed goes to stderr, never into the replies
    import django

    django.setup()
    return serve(sys.stdin.buffer, replies)


def serve(requests, replies) -> int:
    """Answer render requests until ``requests`` ends (Django is set up)."""
    from reports.weasyprint_loader import load

    load()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.fetcher import REPORT_BASE_URL, StaticOnlyURLFetcher

    fonts = FontConfiguration()
    HTML(string=WARM_UP, base_url=REPORT_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).write_pdf(
        font_config=fonts
    )  # loads the report's fonts before the first request
    while True:
        header = _read_exact(requests, _LENGTH.size)
        if header is None:
            return 0
        body = _read_exact(requests, _LENGTH.unpack(header)[0])
        if body is None:
            return 0
        try:
            document = HTML(string=body.decode("utf-8"), base_url=REPORT_BASE_URL, url_fetcher=StaticOnlyURLFetcher())
            kind, payload = b"K", document.write_pdf(font_config=fonts)
        except Exception:
            kind, payload = b"E", traceback.format_exc().encode("utf-8")
        replies.write(kind + _LENGTH.pack(len(payload)) + payload)
        replies.flush()


if __name__ == "__main__":
    sys.exit(main())
