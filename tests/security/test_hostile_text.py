"""Hostile strings typed into every free-text field are stored as typed and shown as text:
escaped in the HTML pages and the preview, literal in the PDF, harmless to the database."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budgets.models import ProjectLine
from evaluations.models import Evaluation
from evaluations.outlines.selectors import outline_for
from reports.rendering import render_report_pdf
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    "'; DROP TABLE evaluations_evaluation; --",
    "../../../../etc/passwd",
    "<img src=x onerror=alert(1)>",
    "{{ settings.SECRET_KEY }}",
]
TEXT_FIELD = re.compile(
    r"(^|-)(duties|staff_excess_reason|title|name|text|display_name|purpose|management|"
    r"\w+_override|project_fund_management|goal_rationality_analysis|output_analysis|problems_and_measures)$"
)


def fill_every_text_field(page: SectionPage, payload: str) -> int:
    filled = 0
    for name, value in page.values.items():
        # Existing rows and real text inputs only: a spare empty row stays empty.
        if TEXT_FIELD.search(name) and (value or not re.search(r"-\d+-", name)):
            page.values[name] = f"{payload}{filled}"
            filled += 1
    return filled


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_stored_escaped_and_printed_literally(client, seed_evaluation, payload):
    client.login(username="filler", password="tianxin2018")
    total = 0
    for item in outline_for(seed_evaluation):
        url = reverse("evaluations:section", args=[seed_evaluation.pk, item.slug])
        page = SectionPage(client.get(url))
        filled = fill_every_text_field(page, payload)
        if not filled:
            continue
        response = client.post(url, page.data("save_draft"))
        assert response.status_code == 302, (
            item.slug,
            re.findall(r"invalid-feedback[^>]*>([^<]+)", response.content.decode()),
        )
        total += filled
        if "<" in payload:  # markup never comes back raw
            assert payload not in client.get(url).content.decode()
    assert total >= 20
    assert Evaluation.objects.filter(pk=seed_evaluation.pk).exists()  # the table is still there
    assert ProjectLine.objects.filter(name__startswith=payload).exists()  # stored exactly as typed

    preview = client.get(reverse("reports:preview", args=[seed_evaluation.pk])).content.decode()
    if "<" in payload:
        assert payload not in preview
        assert payload.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#x27;")[:20] in preview
    if payload.startswith("{{"):
        assert "test-only-secret-key" not in preview

    pdf = PdfReader(io.BytesIO(render_report_pdf(evaluation=seed_evaluation)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))
    assert payload.replace(" ", "") + "0" in text  # 主要职责, printed as typed
