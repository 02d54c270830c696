"""A report that is not approved looks like a draft everywhere; the approved PDF looks final.

Draft: a 「草稿」 watermark on every page and 「未经审核」 in every page's footer, in the PDF and the
preview. Approved: neither, and no system notes (where a figure came from, the framework version)
and no 「未填写」 — the gates guarantee a complete report.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from evaluations.workflow import evaluation_submit
from reports.models import ApprovedSnapshot
from reports.review import report_approve
from reports.stored import read

pytestmark = pytest.mark.django_db

SYSTEM_NOTES = ("上年决算数来源", "系统中没有上年度记录", "（默认，2015年起）", "指标体系：")


def user(name):
    return get_user_model().objects.get(username=name)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_of_a_draft_pdf_is_marked(client, clean_evaluation):
    client.force_login(user("filler2"))
    response = client.get(reverse("reports:pdf", args=[clean_evaluation.pk]))
    pages = pages_text(response.content)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "未经审核" in text, f"page {number} has no 「未经审核」 in its footer"
        assert text.replace("草稿 · 未经审核", "").count("草稿") >= 1, f"page {number} has no 「草稿」 watermark"
    assert "上年决算数来源" in "".join(pages)  # a draft keeps the system's notes for the 填报人


def test_the_preview_of_a_draft_is_marked(client, seed_evaluation):
    client.force_login(user("filler"))
    page = client.get(reverse("reports:preview", args=[seed_evaluation.pk])).content.decode()
    assert '<div class="draft-watermark" aria-hidden="true"></div>' in page and "未经审核" in page  # 草稿 from print.css


def test_the_approved_pdf_has_no_draft_mark_no_system_note_and_nothing_unfilled(client, clean_evaluation):
    evaluation = evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))
    report_approve(evaluation=evaluation, user=user("reviewer"))
    stored = read(ApprovedSnapshot.objects.get(evaluation=evaluation).pdf_name)
    client.force_login(user("filler2"))
    response = client.get(reverse("reports:pdf", args=[evaluation.pk]))
    assert b"".join(response.streaming_content) == stored
    text = "".join(pages_text(stored))
    assert "自评报告" in text and "附件1" in text
    for absent in ("草稿", "未经审核", "未填写", "待评", "暂计", *SYSTEM_NOTES):
        assert absent not in text, absent
    preview = client.get(reverse("reports:preview", args=[evaluation.pk])).content.decode()
    assert "draft-watermark" not in preview and "未经审核" not in preview
