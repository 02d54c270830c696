"""A PDF render is bounded in time: it runs in a helper process that is stopped at the time limit,
and a report far too long to lay out is refused before any render. Either way the user, the
approving reviewer and the zip download get a Chinese message, never a worker timeout or a 500."""

import io
import os
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationStatus
from reports import pdf_process, rendering
from reports.models import ApprovedSnapshot

pytestmark = pytest.mark.django_db
HUGE = "长" * 2_300_000  # the report: three narratives of 2.3 million characters


def make_huge(evaluation):
    # Stored past the form and model limits, as data written before the limits existed would be.
    Evaluation.objects.filter(pk=evaluation.pk).update(
        goal_rationality_analysis=HUGE, output_analysis=HUGE, problems_and_measures=HUGE
    )


def no_render(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("a report this long must be refused before any render")

    monkeypatch.setattr(pdf_process, "render_pdf", fail)


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_pdfs_are_made_in_a_helper_process(seed_evaluation):
    pdf = rendering.render_report_pdf(evaluation=seed_evaluation)
    assert pdf.startswith(b"%PDF")
    pids = pdf_process.worker_pids()
    assert pids and os.getpid() not in pids


def test_a_far_too_long_report_is_refused_before_rendering(client, seed_evaluation, monkeypatch):
    make_huge(seed_evaluation)
    no_render(monkeypatch)
    response = login(client, "filler").get(reverse("reports:pdf", args=[seed_evaluation.pk]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "超过生成 PDF 的上限" in page and "请精简" in page and "报告数据没有受到任何影响" in page
    assert reverse("reports:preview", args=[seed_evaluation.pk]) in page


def test_approving_a_far_too_long_report_says_why_and_changes_nothing(client, clean_evaluation, monkeypatch):
    # the demo's clean report passes every approval gate, so only its length stops the approval
    make_huge(clean_evaluation)
    Evaluation.objects.filter(pk=clean_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    no_render(monkeypatch)
    response = login(client, "reviewer").post(reverse("reports:review_approve", args=[clean_evaluation.pk]), follow=True)
    assert response.status_code == 200
    assert "超过生成 PDF 的上限" in response.content.decode()
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.SUBMITTED
    assert not ApprovedSnapshot.objects.exists()


def test_a_render_over_the_time_limit_is_stopped_with_a_message(client, seed_evaluation, settings):
    settings.PDF_RENDER_TIMEOUT = 0.001  # no render finishes in a millisecond
    response = login(client, "filler").get(reverse("reports:pdf", args=[seed_evaluation.pk]))
    assert response.status_code == 503
    assert "未能在" in response.content.decode() and "秒内生成" in response.content.decode()
    assert pdf_process.worker_pids() == []  # the helper was stopped, not left rendering
    settings.PDF_RENDER_TIMEOUT = 60
    rendering.caches["pdf"].clear()
    assert client.get(reverse("reports:pdf", args=[seed_evaluation.pk])).content.startswith(b"%PDF")


def test_the_zip_of_all_pdfs_notes_a_report_that_could_not_be_made(client, seed_evaluation, clean_evaluation):
    make_huge(seed_evaluation)
    response = login(client, "reviewer").get(reverse("reports:dashboard_zip"), {"year": 2018})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    note = next(name for name in names if name.endswith(".txt"))
    assert "超过生成 PDF 的上限" in archive.read(note).decode()
    assert any(name.endswith(".pdf") for name in names)


def test_the_export_command_reports_the_refusal(seed_evaluation, tmp_path):
    from django.core.management import CommandError, call_command

    make_huge(seed_evaluation)
    with pytest.raises(CommandError, match="超过生成 PDF 的上限"):
        call_command("export_report", "103001", "2018", "-o", str(tmp_path / "r.pdf"))
