"""WeasyPrint reads nothing but the app's static files: no network request, no other file.

Two walls: the template escapes user text, and the URL fetcher refuses every URL that is not one
of our static files. The tests prove each wall on its own, with a real HTTP server on 127.0.0.1
that must receive nothing and an audit hook that sees every file opened and socket connected.
"""

import http.server
import io
import sys
import threading

import pytest
from pypdf import PdfReader

from reports.fetcher import REPORT_BASE_URL, RefusedURL, StaticOnlyURLFetcher
from reports.rendering import html_to_pdf, render_report_html

from .conftest import normalize

_watch: list | None = None


def _audit(event, args):
    if _watch is not None and event in {"open", "socket.connect", "socket.getaddrinfo", "urllib.Request"}:
        _watch.append((event, args))


sys.addaudithook(_audit)


@pytest.fixture
def watched():
    """Everything Python opens or connects to while the block runs."""
    global _watch
    _watch = []
    try:
        yield _watch
    finally:
        _watch = None


def opened_paths(events) -> list[str]:
    return [str(args[0]) for event, args in events if event == "open" and args and args[0] is not None]


def network_events(events) -> list:
    return [(event, args) for event, args in events if event != "open"]


@pytest.fixture
def trap_server():
    """A real HTTP server on 127.0.0.1 that records every request it receives."""
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            received.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def hostile_markup(url: str) -> str:
    return (
        f'<img src="{url}/img.png">'
        '<img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{url}/style.css">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f'<p style="background: url({url}/inline.png)">背景</p>'
        f"<style>@import url({url}/import.css); body {{ background-image: url(file:///etc/passwd) }}"
        f" @font-face {{ font-family: X; src: url({url}/font.woff) }}</style>"
        f'<object data="{url}/object"></object><iframe src="{url}/frame"></iframe>'
    )


def test_the_fetcher_alone_stops_raw_html_from_fetching_anything(trap_server, watched):
    url, received = trap_server
    fetcher = StaticOnlyURLFetcher()
    html = f'<html lang="zh-CN"><head><link rel="stylesheet" href="/static/css/print.css"></head><body>{hostile_markup(url)}<p>正文</p></body></html>'
    pdf = html_to_pdf(html, url_fetcher=fetcher)

    assert pdf.startswith(b"%PDF-")
    assert received == [], f"the trap server was contacted: {received}"
    assert network_events(watched) == []
    assert not [path for path in opened_paths(watched) if "passwd" in path]
    assert f"{url}/img.png" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert {f"{url}/style.css", f"{url}/inline.png", f"{url}/import.css", f"{url}/font.woff"} <= set(fetcher.refused)
    assert fetcher.served == [f"{REPORT_BASE_URL}static/css/print.css"]
    # The audit hook does see file reads: the one stylesheet served was read from disk.
    assert any(path.endswith("css/print.css") for path in opened_paths(watched))


def test_without_the_fetcher_weasyprint_would_fetch(trap_server):
    # The trap works: WeasyPrint's default fetcher does contact the server for the same markup.
    from weasyprint import HTML

    url, received = trap_server
    HTML(string=f'<body><img src="{url}/img.png"></body>').write_pdf()
    assert "/img.png" in received


def test_user_text_is_escaped_and_nothing_is_fetched(trap_server, watched, seed_evaluation):
    url, received = trap_server
    hostile = hostile_markup(url)
    seed_evaluation.problems_and_measures = hostile
    seed_evaluation.goal_rationality_analysis = "<script>alert(1)</script>甲&乙"
    seed_evaluation.save()

    html = render_report_html(evaluation=seed_evaluation)
    assert "<img" not in html and "<iframe" not in html and "<script>" not in html
    assert "&lt;img src=&quot;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;甲&amp;乙" in html

    fetcher = StaticOnlyURLFetcher()
    pdf = html_to_pdf(html, url_fetcher=fetcher)
    assert received == []
    assert network_events(watched) == []
    assert not [path for path in opened_paths(watched) if "passwd" in path]
    assert fetcher.refused == []  # escaped text is text: there was nothing to refuse
    assert fetcher.served == [f"{REPORT_BASE_URL}static/css/print.css"]
    text = normalize("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert normalize(f'<img src="{url}/img.png">') in text  # the reader sees what the user typed


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/static/css/print.css",
        "https://example.com/static/css/print.css",
        "file:///etc/passwd",
        "file:///work/main/static/css/print.css",
        "data:text/css,body{color:red}",
        f"{REPORT_BASE_URL}static/../config/settings.py",
        f"{REPORT_BASE_URL}static/css/../../manage.py",
        f"{REPORT_BASE_URL}static/%2e%2e/manage.py",
        f"{REPORT_BASE_URL}static/css/%2e%2e/%2e%2e/%2e%2e/etc/passwd.css",
        f"{REPORT_BASE_URL}static//etc/passwd.css",
        f"{REPORT_BASE_URL}static/css/print.css?x=1",
        f"{REPORT_BASE_URL}static/css/missing.css",
        f"{REPORT_BASE_URL}static/../db.sqlite3",
        f"{REPORT_BASE_URL}media/css/print.css",
        f"{REPORT_BASE_URL}etc/passwd",
    ],
)
def test_everything_but_an_existing_static_file_is_refused(url):
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    with pytest.raises(RefusedURL):
        fetcher.open(url)  # urllib's entry point goes through the same gate
    assert fetcher.refused == [url, url] and fetcher.served == []


def test_static_files_are_served_from_the_finders(settings):
    response = StaticOnlyURLFetcher().fetch(f"{REPORT_BASE_URL}static/css/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_collected_static_files_are_served_from_static_root(settings, tmp_path):
    # Production renders hashed names (ManifestStaticFilesStorage) that only exist in STATIC_ROOT.
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.0123abcd.css").write_text("@page { size: A4 }", encoding="utf-8")
    response = StaticOnlyURLFetcher().fetch(f"{REPORT_BASE_URL}static/css/print.0123abcd.css")
    assert response.read() == b"@page { size: A4 }"
