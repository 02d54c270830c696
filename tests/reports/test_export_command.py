"""``manage.py export_report``: PDF or HTML to a file for scripts; exit code 2 for unknown input."""

import io

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connections
from django.test import override_settings
from pypdf import PdfReader

from reports import pdf_process

from .conftest import normalize

pytestmark = pytest.mark.django_db


def test_exports_the_pdf_by_full_name(demo, tmp_path, rendered_demo, monkeypatch):
    def no_helper():
        raise AssertionError("a command that renders once and exits starts no second Django in a helper")

    monkeypatch.setattr(pdf_process, "_Helper", no_helper)
    target = tmp_path / "报告.pdf"
    out = io.StringIO()
    call_command("export_report", "长沙市天心区政务服务中心", "2018", "--format", "pdf", "-o", str(target), stdout=out)
    assert "已导出" in out.getvalue()
    reader = PdfReader(target)
    assert len(reader.pages) == len(rendered_demo.reader.pages)
    first_page = normalize(reader.pages[0].extract_text())
    assert normalize(rendered_demo.title) in first_page
    assert "未经审核" in first_page  # the demo report is not approved: its export is marked as a draft
    assert reader.metadata.author == "长沙市天心区政务服务中心"


def test_exports_html_by_department_code(demo, tmp_path):
    target = tmp_path / "report.html"
    call_command("export_report", "103001", "2018", "--format", "html", "-o", str(target), stdout=io.StringIO())
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "天心区部门整体支出（2018年度）" in html


def test_default_file_name_is_the_chinese_report_name(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_report", "103001", "2018", "--format", "html", stdout=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["长沙市天心区政务服务中心2018年度部门整体支出绩效自评报告.html"]


@pytest.mark.parametrize(
    ("department", "year", "message"),
    [
        ("不存在的单位", "2018", "未找到部门“不存在的单位”"),
        ("000000", "2018", "未找到部门“000000”"),
        ("长沙市天心区政务服务中心", "2017", "长沙市天心区政务服务中心没有2017年度的绩效自评报告"),
    ],
)
def test_unknown_department_or_year_is_a_clear_error_with_exit_code_2(demo, tmp_path, department, year, message):
    target = tmp_path / "out.pdf"
    with pytest.raises(CommandError) as error:
        call_command("export_report", department, year, "-o", str(target))
    assert message in str(error.value)
    assert error.value.returncode == 2
    assert not target.exists()


def test_command_line_exit_status_is_2(demo, monkeypatch, capsys):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test transaction open
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "export_report", "不存在的单位", "2018"])
    assert exit_.value.code == 2
    assert "未找到部门“不存在的单位”" in capsys.readouterr().err


@override_settings(PDF_RENDER_TIMEOUT=0.05)
def test_the_pdf_made_in_the_command_is_still_bounded_in_time(demo, tmp_path):
    target = tmp_path / "r.pdf"
    with pytest.raises(CommandError, match=r"PDF 未能生成：报告内容过多，PDF 未能在 0\.05 秒内生成"):
        call_command("export_report", "103001", "2018", "-o", str(target), stdout=io.StringIO())
    assert not target.exists()
    # the timer is gone with the render: with the time limit back, the export completes (the failure
    # is remembered for FAILED_RENDER_MEMORY seconds: forgotten here)
    caches["pdf"].clear()
    with override_settings(PDF_RENDER_TIMEOUT=45):
        call_command("export_report", "103001", "2018", "-o", str(target), stdout=io.StringIO())
    assert target.read_bytes().startswith(b"%PDF")


def test_an_approved_report_exports_its_archived_files_without_a_render(
    clean_evaluation, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    """What the command writes for an approved report is the file archived at approval, byte for
    byte (as downloads serve it), not a new render."""
    from django.contrib.auth import get_user_model

    from evaluations.workflow import evaluation_submit
    from reports import rendering, stored
    from reports.models import ApprovedSnapshot
    from reports.review import report_approve

    users = get_user_model().objects
    with django_capture_on_commit_callbacks(execute=True):
        submitted = evaluation_submit(evaluation=clean_evaluation, user=users.get(username="filler2"))
    report_approve(evaluation=submitted, user=users.get(username="reviewer"))
    archived = ApprovedSnapshot.objects.get(evaluation=clean_evaluation)

    def refuse(*args, **kwargs):
        raise AssertionError("an approved report was rendered again")

    monkeypatch.setattr(rendering, "html_to_pdf", refuse)
    monkeypatch.setattr("reports.docx.export.render_report_docx", refuse)
    for output_format, name in (("pdf", archived.pdf_name), ("docx", archived.docx_name)):
        target = tmp_path / f"approved.{output_format}"
        call_command("export_report", "999001", "2018", "--format", output_format, "-o", str(target), stdout=io.StringIO())
        assert target.read_bytes() == stored.read(name)


def test_an_approved_report_whose_archive_is_lost_is_an_error_not_a_new_render(clean_evaluation, tmp_path):
    from evaluations.models import EvaluationStatus
    from reports.models import ApprovedSnapshot

    clean_evaluation.status = EvaluationStatus.APPROVED
    clean_evaluation.save(update_fields=["status"])
    ApprovedSnapshot.objects.create(evaluation=clean_evaluation, pdf_name="approved/2018/lost.pdf", pdf_sha256="0" * 64, data={})
    with pytest.raises(CommandError, match="存档文件缺失"):
        call_command("export_report", "999001", "2018", "-o", str(tmp_path / "x.pdf"), stdout=io.StringIO())
