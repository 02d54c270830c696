"""Faults reach the user as clear pages and never leave half-written data."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from departments.models import AuditEvent, DepartmentProfile
from evaluations.models import KeyWorkItem
from evaluations.sections import profile as profile_section
from reports import rendering
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def filler_client(demo):
    client = Client(raise_request_exception=False)
    client.login(username="filler", password="tianxin2018")
    return client


def test_database_lost_in_the_middle_of_a_save_gives_503_and_keeps_the_old_data(filler_client, seed_evaluation, monkeypatch):
    """一 1 saves the profile, then the key-work rows: the connection dies between the two."""
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "profile"])
    page = SectionPage(filler_client.get(url))
    page.fill("实有在职人数", "11")

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(profile_section, "ordered_rows_replace", connection_lost)  # after profile_section_save
    response = filler_client.post(url, page.data("save"))

    assert response.status_code == 503
    assert "数据库暂时无法连接" in response.content.decode() and "没有保存任何数据" in response.content.decode()
    profile = DepartmentProfile.objects.get(department=seed_evaluation.department, fiscal_year_id=2018)
    assert profile.staff_actual == 10  # the profile write was rolled back with the rest
    assert KeyWorkItem.objects.filter(evaluation=seed_evaluation).count() == 5
    assert not AuditEvent.objects.filter(department=seed_evaluation.department).exists()


def test_pdf_failure_gives_a_clear_page_not_a_trace(filler_client, seed_evaluation, monkeypatch):
    def broken(html, **kwargs):
        raise RuntimeError("cairo: out of memory in /usr/lib/x86_64-linux-gnu")

    monkeypatch.setattr(rendering, "html_to_pdf", broken)
    response = filler_client.get(reverse("reports:pdf", args=[seed_evaluation.pk]))
    page = response.content.decode()
    assert response.status_code == 503
    assert "PDF 暂时无法生成" in page and "报告数据没有受到任何影响" in page
    assert reverse("reports:preview", args=[seed_evaluation.pk]) in page
    assert "cairo" not in page and "Traceback" not in page
