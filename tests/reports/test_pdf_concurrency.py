"""PDF renders queue for PDF_CONCURRENCY slots, so the cheap pages of the same server process are
not starved while reviewers download many reports at once (figures: bench/load_test.py)."""

import threading
import time

import pytest

from reports import rendering


def test_concurrent_pdf_renders_take_turns(monkeypatch):
    running, peak, lock = 0, 0, threading.Lock()

    def slow_render(html):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return b"%PDF-stub"

    monkeypatch.setattr(rendering.pdf_process, "render_pdf", slow_render)  # the helper process's side
    threads = [threading.Thread(target=rendering.html_to_pdf, args=("<p>报告</p>",)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 1  # settings.PDF_CONCURRENCY defaults to one render per process


@pytest.mark.django_db
def test_unchanged_report_is_served_from_cache_and_a_change_renders_again(seed_evaluation, monkeypatch):
    renders = []
    real_html_to_pdf = rendering.html_to_pdf
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: renders.append(html) or real_html_to_pdf(html))

    first = rendering.render_report_pdf(evaluation=seed_evaluation)
    again = rendering.render_report_pdf(evaluation=seed_evaluation)
    assert again == first and len(renders) == 1

    seed_evaluation.problems_and_measures = "档案管理有待加强。"
    seed_evaluation.save()
    changed = rendering.render_report_pdf(evaluation=seed_evaluation)
    assert changed != first and len(renders) == 2
    assert "档案管理有待加强。" in renders[1]
