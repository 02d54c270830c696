"""The 填报人 submits from the checklist page; errors in the report block it with a reason."""

import pytest
from django.urls import reverse

from evaluations.models import EvaluationStatus

pytestmark = pytest.mark.django_db


def test_clean_report_is_submitted_and_then_locked(client, clean_evaluation):
    client.login(username="filler2", password="tianxin2018")
    checklist = client.get(reverse("evaluations:checklist", args=[clean_evaluation.pk])).content.decode()
    submit = reverse("evaluations:submit", args=[clean_evaluation.pk])
    assert f'<a class="btn btn-primary" href="{submit}">提交审核</a>' in checklist  # to the confirmation page
    page = client.post(reverse("evaluations:submit", args=[clean_evaluation.pk]), follow=True).content.decode()
    assert "报告已提交" in page
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.SUBMITTED
    section = client.get(reverse("evaluations:section", args=[clean_evaluation.pk, "problems"])).content.decode()
    assert "正在由财政局审核" in section or "已提交" in section


def test_seed_report_with_errors_is_not_submitted(client, seed_evaluation):
    client.login(username="filler", password="tianxin2018")
    checklist = client.get(reverse("evaluations:checklist", args=[seed_evaluation.pk])).content.decode()
    assert 'disabled aria-describedby="checklist-summary">提交审核</button>' in checklist
    page = client.post(reverse("evaluations:submit", args=[seed_evaluation.pk]), follow=True).content.decode()
    assert "项问题需要处理后才能提交" in page
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.status == EvaluationStatus.DRAFT


def test_other_department_cannot_submit(client, seed_evaluation):
    client.login(username="filler2", password="tianxin2018")
    assert client.post(reverse("evaluations:submit", args=[seed_evaluation.pk])).status_code == 404


def test_home_links_to_import_and_checklist_while_editable(client, clean_evaluation):
    client.login(username="filler2", password="tianxin2018")
    page = client.get("/").content.decode()
    assert reverse("excel:import", args=[clean_evaluation.pk]) in page
    assert reverse("evaluations:checklist", args=[clean_evaluation.pk]) in page
    client.post(reverse("evaluations:submit", args=[clean_evaluation.pk]))
    page = client.get("/").content.decode()
    assert reverse("excel:import", args=[clean_evaluation.pk]) not in page  # submitted: no more edits
