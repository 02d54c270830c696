"""The analysis PDF that cannot be made (all render slots busy, out of time, the render failing) gives
the reviewer the same Chinese page as a report's PDF, saying why, with the preview to print instead:
never a 500 or a trace."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from departments.models import Region
from reports import pdf_process, rendering
from reports.pdf_process import PdfFailed

YEAR = 2018
TITLE = "长沙市天心区2018年度部门整体支出绩效自评工作情况报告"


@pytest.fixture
def region(demo):
    return Region.objects.get(name="长沙市天心区")


@pytest.fixture
def reviewer(client, demo):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    return client


def failure_page(response, region) -> str:
    page = response.content.decode()
    assert response.status_code == 503
    assert "Content-Disposition" not in response  # no half-made file offered
    assert "PDF 暂时无法生成" in page and f"“{TITLE}”" in page and "报告数据没有受到任何影响" in page
    assert f'href="{reverse("reports:analysis", args=[region.pk, YEAR])}"' in page  # print the preview instead
    return page


def test_all_render_slots_busy(reviewer, region, settings):
    settings.PDF_QUEUE_TIMEOUT = 0.05
    taken = 0
    while rendering.PDF_SLOTS.acquire(blocking=False):  # every slot rendering someone else's PDF
        taken += 1
    try:
        response = reviewer.get(reverse("reports:analysis_pdf", args=[region.pk, YEAR]))
    finally:
        for _ in range(taken):
            rendering.PDF_SLOTS.release()
    assert "正在生成的 PDF 较多，请稍后再试。" in failure_page(response, region)


def test_a_render_over_the_time_limit(reviewer, region, settings):
    settings.PDF_RENDER_TIMEOUT = 0.001  # no render finishes in a millisecond
    response = reviewer.get(reverse("reports:analysis_pdf", args=[region.pk, YEAR]))
    assert "未能在 0.001 秒内生成，已停止生成" in failure_page(response, region)
    assert pdf_process.worker_pids() == []  # the helper was stopped, not left rendering


def test_a_failed_render(reviewer, region, monkeypatch):
    def failed(html):
        raise PdfFailed("生成 PDF 的进程意外退出。")

    monkeypatch.setattr(pdf_process, "render_pdf", failed)
    response = reviewer.get(reverse("reports:analysis_pdf", args=[region.pk, YEAR]))
    assert "PDF 文件无法生成：生成 PDF 的进程意外退出。" in failure_page(response, region)


def test_an_unexpected_error_is_logged_not_shown(reviewer, region, monkeypatch, caplog):
    def broken(html):
        raise RuntimeError("cairo: out of memory in /usr/lib/x86_64-linux-gnu")

    monkeypatch.setattr(pdf_process, "render_pdf", broken)
    response = reviewer.get(reverse("reports:analysis_pdf", args=[region.pk, YEAR]))
    page = failure_page(response, region)
    assert "问题已记录，请稍后重试" in page and "cairo" not in page and "Traceback" not in page
    assert any("cairo" in str(record.exc_info[1]) for record in caplog.records if record.exc_info)
