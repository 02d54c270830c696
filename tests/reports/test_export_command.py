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
