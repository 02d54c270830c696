"""The Word download: the same access as the PDF, and a link wherever the PDF is offered."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from reports.docx.export import DOCX_CONTENT_TYPE

pytestmark = pytest.mark.django_db


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_anonymous_is_sent_to_login(client, seed_evaluation):
    response = client.get(reverse("reports:docx", args=[seed_evaluation.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_another_departments_filler_gets_404(client, seed_evaluation):
    login(client, "filler2")
    assert client.get(reverse("reports:docx", args=[seed_evaluation.pk])).status_code == 404


def test_filler_downloads_own_report_as_word(client, seed_evaluation):
    login(client, "filler")
    response = client.get(reverse("reports:docx", args=[seed_evaluation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Cache-Control"] == "private, no-store"
    header = response["Content-Disposition"]
    assert header.startswith("attachment;") and 'filename="report-103001-2018.docx"' in header
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text.startswith("天心区部门整体支出（2018年度）")


@pytest.mark.parametrize(
    ("username", "url_name"),
    [
        ("filler", "home"),
        ("filler", "reports:preview"),
        ("reviewer", "reports:preview"),
        ("reviewer", "reports:review"),
        ("reviewer", "reports:dashboard"),
    ],
)
def test_word_is_offered_wherever_the_pdf_is(client, seed_evaluation, username, url_name):
    login(client, username)
    url = (
        reverse(url_name, args=[seed_evaluation.pk])
        if url_name.startswith("reports:p") or url_name.endswith("review")
        else reverse(url_name)
    )
    if url_name == "reports:dashboard":
        url += "?year=2018"
    page = client.get(url).content.decode()
    assert reverse("reports:pdf", args=[seed_evaluation.pk]) in page
    assert reverse("reports:docx", args=[seed_evaluation.pk]) in page
    assert "下载 Word" in page
