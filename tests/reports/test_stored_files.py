"""Report files in the ``reports`` storage (ADR 12): approved PDF and .docx archived there and
served as stored, a submitted report's PDF stored when it is submitted and streamed without a
render, the zip of all PDFs built from stored files, drafts cached in the database."""

import hashlib
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.urls import reverse

from evaluations.models import EvaluationStatus
from evaluations.workflow import evaluation_submit
from reports import rendering, stored
from reports.models import ApprovedSnapshot
from reports.review import report_approve, report_fingerprint

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def login(client, username):
    client.force_login(user(username))
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def no_render(monkeypatch):
    """Any PDF render from now on fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered in the request")

    monkeypatch.setattr(rendering, "html_to_pdf", refuse)
    monkeypatch.setattr(rendering.pdf_process, "render_pdf", refuse)


def submit(evaluation, django_capture_on_commit_callbacks):
    """送审 as the request does it: the callbacks run after the commit (the PDF is stored then)."""
    with django_capture_on_commit_callbacks(execute=True):
        return evaluation_submit(evaluation=evaluation, user=user("filler2"))


def test_the_approved_pdf_and_docx_are_archived_in_storage_and_served_as_stored(
    client, clean_evaluation, django_capture_on_commit_callbacks, no_render, monkeypatch
):
    monkeypatch.undo()  # approval renders (outside the lock); serving afterwards must not
    evaluation = report_approve(
        evaluation=submit(clean_evaluation, django_capture_on_commit_callbacks), user=user("reviewer")
    )
    snapshot = ApprovedSnapshot.objects.get(evaluation=evaluation)
    assert not hasattr(snapshot, "pdf")  # the bytes live in storage, not in the row
    assert snapshot.fingerprint == report_fingerprint(evaluation)
    assert snapshot.pdf_name == f"approved/2018/{evaluation.pk}/{snapshot.fingerprint}.pdf"
    pdf, docx = stored.read(snapshot.pdf_name), stored.read(snapshot.docx_name)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == snapshot.pdf_sha256
    assert docx.startswith(b"PK") and hashlib.sha256(docx).hexdigest() == snapshot.docx_sha256

    def refuse(*args, **kwargs):
        raise AssertionError("an approved report was rendered")

    monkeypatch.setattr(rendering, "html_to_pdf", refuse)
    monkeypatch.setattr("reports.docx.export.render_report_docx", refuse)  # imported where it is used
    login(client, "filler2")
    response = client.get(reverse("reports:pdf", args=[evaluation.pk]))
    assert response.status_code == 200 and body(response) == pdf
    assert "report-999001-2018.pdf" in response["Content-Disposition"]
    response = client.get(reverse("reports:docx", args=[evaluation.pk]))
    assert response.status_code == 200 and body(response) == docx
    assert "report-999001-2018.docx" in response["Content-Disposition"]


def test_the_approved_docx_has_no_draft_mark(clean_evaluation, django_capture_on_commit_callbacks):
    from docx import Document

    evaluation = report_approve(
        evaluation=submit(clean_evaluation, django_capture_on_commit_callbacks), user=user("reviewer")
    )
    document = Document(io.BytesIO(stored.read(ApprovedSnapshot.objects.get(evaluation=evaluation).docx_name)))
    assert document.core_properties.category == ""  # a draft's says 草稿
    assert "草稿" not in document.sections[0].header._element.xml


def test_a_lost_approved_file_is_an_error_never_a_new_render(
    client, clean_evaluation, django_capture_on_commit_callbacks
):
    evaluation = report_approve(
        evaluation=submit(clean_evaluation, django_capture_on_commit_callbacks), user=user("reviewer")
    )
    stored.report_storage().delete(ApprovedSnapshot.objects.get(evaluation=evaluation).pdf_name)
    response = login(client, "filler2").get(reverse("reports:pdf", args=[evaluation.pk]))
    assert response.status_code == 503 and "存档文件缺失" in response.content.decode()


def test_submitting_stores_the_pdf_and_its_download_does_not_render(
    client, clean_evaluation, django_capture_on_commit_callbacks, no_render, monkeypatch
):
    monkeypatch.undo()  # the submission renders once, after its commit
    evaluation = submit(clean_evaluation, django_capture_on_commit_callbacks)
    name = stored.submitted_pdf_name(evaluation, report_fingerprint(evaluation))
    assert stored.exists(name)
    kept = stored.read(name)
    assert "草稿" in "".join(page.extract_text() for page in __import__("pypdf").PdfReader(io.BytesIO(kept)).pages)

    monkeypatch.setattr(rendering, "render_report_pdf", lambda **kw: pytest.fail("rendered"))
    monkeypatch.setattr("reports.archive.render_report_pdf", lambda **kw: pytest.fail("rendered"))
    monkeypatch.setattr("reports.views.render_report_pdf", lambda **kw: pytest.fail("rendered"))
    for username in ("filler2", "reviewer"):
        response = login(client, username).get(reverse("reports:pdf", args=[evaluation.pk]))
        assert response.status_code == 200 and body(response) == kept


def test_a_submitted_report_whose_pdf_is_missing_renders_once_and_stores_it(client, clean_evaluation, monkeypatch):
    evaluation = evaluation_submit(evaluation=clean_evaluation, user=user("filler2"))  # no commit: nothing stored
    name = stored.submitted_pdf_name(evaluation, report_fingerprint(evaluation))
    assert not stored.exists(name)
    first = body(login(client, "reviewer").get(reverse("reports:pdf", args=[evaluation.pk])))
    assert stored.read(name) == first

    monkeypatch.setattr(rendering, "html_to_pdf", lambda *a, **kw: pytest.fail("rendered twice"))
    assert body(client.get(reverse("reports:pdf", args=[evaluation.pk]))) == first


def test_the_zip_streams_stored_files_and_is_a_valid_zip(
    client, seed_evaluation, clean_evaluation, django_capture_on_commit_callbacks, no_render, monkeypatch
):
    monkeypatch.undo()
    approved = report_approve(
        evaluation=submit(clean_evaluation, django_capture_on_commit_callbacks), user=user("reviewer")
    )
    from evaluations.models import Evaluation

    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    seed = Evaluation.objects.get(pk=seed_evaluation.pk)
    seed_name = stored.submitted_pdf_name(seed, report_fingerprint(seed))
    stored.store(seed_name, rendering.render_report_pdf(evaluation=seed))

    def refuse(*args, **kwargs):
        raise AssertionError("the zip rendered a PDF")

    monkeypatch.setattr(rendering, "html_to_pdf", refuse)
    monkeypatch.setattr("reports.archive.render_report_pdf", refuse)
    response = login(client, "reviewer").get(reverse("reports:dashboard_zip"), {"year": 2018})
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 2  # output as it goes, not one block at the end
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    contents = {name: archive.read(name) for name in archive.namelist()}
    assert contents == {
        f"{approved.department.full_name}2018年度部门整体支出绩效自评报告.pdf": stored.read(
            ApprovedSnapshot.objects.get(evaluation=approved).pdf_name
        ),
        f"{seed.department.full_name}2018年度部门整体支出绩效自评报告.pdf": stored.read(seed_name),
    }


def test_the_dashboard_says_how_many_pdfs_the_zip_holds(client, seed_evaluation, clean_evaluation):
    page = login(client, "reviewer").get(reverse("reports:dashboard"), {"year": 2018}).content.decode()
    assert "全部 PDF（zip，2 份）" in page and "边打包边下载" in page and "2 份未提交的草稿逐份生成" in page


def test_draft_pdfs_are_cached_in_the_database_for_every_process(client, seed_evaluation, monkeypatch):
    assert isinstance(caches["pdf"], DatabaseCache) and isinstance(caches["default"], DatabaseCache)
    first = login(client, "filler").get(reverse("reports:pdf", args=[seed_evaluation.pk])).content
    assert first.startswith(b"%PDF")
    # Another process (another host) has its own cache object over the same table: it finds the PDF.
    other = DatabaseCache("jxpj_pdf_cache", {})
    html = rendering.render_report_html(evaluation=seed_evaluation)
    key = "report-pdf:" + hashlib.sha256(rendering.CREATED_META.sub("", html).encode()).hexdigest()
    assert other.get(key) == first
    monkeypatch.setattr(rendering, "html_to_pdf", lambda *a, **kw: pytest.fail("rendered again"))
    assert client.get(reverse("reports:pdf", args=[seed_evaluation.pk])).content == first
