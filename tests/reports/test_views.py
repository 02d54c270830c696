"""Preview page and PDF download: who may see them, what they carry, and that both come from one template."""

import re
from urllib.parse import quote, unquote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.outlines.selectors import outline_for

pytestmark = pytest.mark.django_db

CHINESE_NAME = "长沙市天心区政务服务中心2018年度部门整体支出绩效自评报告.pdf"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_anonymous_is_sent_to_login(client, seed_evaluation):
    for name in ("reports:preview", "reports:pdf"):
        response = client.get(reverse(name, args=[seed_evaluation.pk]))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_another_departments_filler_gets_404(client, seed_evaluation):
    login(client, "filler2")
    for name in ("reports:preview", "reports:pdf"):
        assert client.get(reverse(name, args=[seed_evaluation.pk])).status_code == 404


def test_unknown_report_is_404(client, demo):
    login(client, "reviewer")
    assert client.get(reverse("reports:preview", args=[999999])).status_code == 404


def test_filler_previews_own_report(client, seed_evaluation, django_assert_max_num_queries):
    login(client, "filler")
    # The report body, then 附件1 (framework, indicators, manual scores) and 附件2 (last year's figures).
    with django_assert_max_num_queries(30):
        response = client.get(reverse("reports:preview", args=[seed_evaluation.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "天心区部门整体支出（2018年度）" in page and "绩效自评报告" in page
    assert reverse("reports:pdf", args=[seed_evaluation.pk]) in page
    assert "bootstrap" not in page  # the preview is the print layout, not the app's UI
    assert "css/print.css" in page


def test_preview_has_an_anchor_for_every_section(client, seed_evaluation):
    login(client, "filler")
    page = client.get(reverse("reports:preview", args=[seed_evaluation.pk])).content.decode()
    ids = re.findall(r'id="([^"]+)"', page)
    # The body's sections in order, then 基础数据 at its attachment (附件2).
    expected = [item.anchor for item in outline_for(seed_evaluation)]
    assert [anchor for anchor in ids if anchor.startswith("section-")] == expected


def test_home_list_links_to_preview_and_pdf(client, seed_evaluation):
    login(client, "filler")
    page = client.get("/").content.decode()
    assert reverse("reports:preview", args=[seed_evaluation.pk]) in page
    assert reverse("reports:pdf", args=[seed_evaluation.pk]) in page


def test_reviewer_downloads_the_pdf_made_from_the_preview_template(client, seed_evaluation):
    login(client, "reviewer")
    preview = client.get(reverse("reports:preview", args=[seed_evaluation.pk]))
    download = client.get(reverse("reports:pdf", args=[seed_evaluation.pk]))
    assert preview.status_code == 200 and download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    preview_templates = [t.name for t in preview.templates]
    pdf_templates = [t.name for t in download.templates]
    assert preview_templates[0] == pdf_templates[0] == "reports/report.html"
    assert set(preview_templates) == set(pdf_templates)

    # The download carries the Chinese file name, RFC 5987 encoded, with an ASCII fallback.
    header = download["Content-Disposition"]
    assert header.startswith("attachment;")
    assert header.isascii()
    assert 'filename="report-103001-2018.pdf"' in header
    assert f"filename*=UTF-8''{quote(CHINESE_NAME, safe='')}" in header
    encoded = re.search(r"filename\*=UTF-8''(\S+)", header).group(1)
    assert unquote(encoded, encoding="utf-8") == CHINESE_NAME
