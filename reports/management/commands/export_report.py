"""Write a department-year report to a file, for scripts and batch jobs.

    python manage.py export_report 长沙市天心区政务服务中心 2018 --format pdf -o report.pdf
    python manage.py export_report 103001 2018 --format html -o -        # HTML to standard output
    python manage.py export_report 103001 2018 --format docx             # Word, editable

Exit code 2 with a message in Chinese when the department or the year's report does not exist.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluations.commands import report_from_arguments
from reports import pdf_process, stored
from reports.archive import ArchiveMissing, approved_docx_name, stored_pdf_name
from reports.rendering import PdfError, render_report_html, render_report_pdf, report_filename


class Command(BaseCommand):
    help = "导出部门整体支出绩效自评报告（PDF、Word 或 HTML）。"
    # Batch scripts call commands many times: the system checks (fonts, HarfBuzz: fc-list and WeasyPrint's
    # libraries) run at deployment (`check --deploy` in `make serve`), not on every call (docs/adr/0014).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门预算编码或单位全称，如 103001 或 长沙市天心区政务服务中心")
        parser.add_argument("year", type=int, help="年度，如 2018")
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["pdf", "docx", "html"],
            default="pdf",
            help="输出格式（默认 pdf）",
        )
        parser.add_argument(
            "-o", "--output", help="输出文件；默认在当前目录按“单位全称+年度+报告名”命名；“-”表示标准输出"
        )

    def handle(self, *args, department, year, output_format, output, **options):
        evaluation = report_from_arguments(department, year)
        try:
            content = self.content(evaluation, output_format)
        except ArchiveMissing as error:
            raise CommandError(error.message) from error
        except PdfError as error:
            raise CommandError(f"PDF 未能生成：{error.message}") from error
        self.write(evaluation, output_format, output, content)

    def content(self, evaluation, output_format: str) -> bytes:
        """The file a download gives: a submitted or approved report's stored file (the archived one
        for an approved report, never a new render); a draft rendered here, still bounded by
        PDF_RENDER_TIMEOUT — a helper process would cost a second Django start-up
        (reports/pdf_process.py)."""
        if output_format == "pdf":
            with pdf_process.in_this_process():
                name = stored_pdf_name(evaluation)
                return stored.read(name) if name else render_report_pdf(evaluation=evaluation)
        if output_format == "docx":
            name = approved_docx_name(evaluation)
            if name:
                return stored.read(name)
            from reports.docx.export import render_report_docx  # python-docx for Word exports only

            return render_report_docx(evaluation=evaluation)
        return render_report_html(evaluation=evaluation).encode("utf-8")

    def write(self, evaluation, output_format: str, output: str | None, content: bytes) -> None:
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        path = Path(output or report_filename(evaluation, output_format))
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"无法写入文件 {path}：{error.strerror or error}") from error
        self.stdout.write(f"已导出 {path}（{len(content)} 字节）")
