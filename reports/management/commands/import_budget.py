"""Import a department-year's budget figures from an Excel workbook (the import template layout).

    python manage.py import_budget 长沙市天心区政务服务中心 2018 预算数据.xlsx            # check, list, save
    python manage.py import_budget 103001 2018 预算数据.xlsx --dry-run                 # check and list only

Same checks, same save services and same report lock as the browser import. Exit codes:
0 saved (or nothing to change, or --dry-run without problems); 1 the file has problems (all
listed), is refused, or the report is locked; 2 unknown department, year or file.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from budgets.importing import (
    MAX_UPLOAD_BYTES,
    FileRefused,
    ImportConflict,
    too_large_message,
)
from evaluations.commands import NOT_FOUND, report_from_arguments
from evaluations.workflow import WorkflowError, evaluation_locked_reason
from reports.excel.importing import evaluation_budget_import, evaluation_budget_import_prepare

PROBLEMS = 1


class Command(BaseCommand):
    help = "从 Excel 导入部门预算数据（先检查全部内容，有任何问题都不保存）。"
    # Batch scripts call commands many times: the system checks (fonts, HarfBuzz: fc-list and WeasyPrint's
    # libraries) run at deployment (`check --deploy` in `make serve`), not on every call (docs/adr/0014).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门预算编码或单位全称，如 103001 或 长沙市天心区政务服务中心")
        parser.add_argument("year", type=int, help="年度，如 2018")
        parser.add_argument("file", help="导入模板格式的 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要修改的内容，不保存")

    def handle(self, *args, department, year, file, dry_run, **options):
        evaluation = report_from_arguments(department, year)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}。", returncode=NOT_FOUND)
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(too_large_message(path.stat().st_size), returncode=PROBLEMS)
        locked = evaluation_locked_reason(evaluation)
        if locked:
            raise CommandError(f"不能导入：{locked}", returncode=PROBLEMS)

        try:
            preview = evaluation_budget_import_prepare(evaluation=evaluation, data=path.read_bytes())
        except FileRefused as refusal:
            raise CommandError(f"未导入，没有保存任何数据：{refusal}", returncode=PROBLEMS) from None
        if not preview.ok:
            for problem in preview.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"未导入，没有保存任何数据：文件中有 {len(preview.problems)} 处问题（见上）。", returncode=PROBLEMS
            )
        if not preview.changes:
            self.stdout.write("文件中的数据与系统中已保存的数据一致，没有需要导入的修改。")
            return
        for change in preview.changes:
            self.stdout.write(f"{change.sheet} | {change.item} | {change.field} | {change.old} → {change.new}")
        if dry_run:
            self.stdout.write(f"共 {len(preview.changes)} 处修改（--dry-run：未保存）。")
            return
        try:
            saved = evaluation_budget_import(
                evaluation=evaluation, state=preview.state, baseline=preview.baseline, source=path.name
            )
        except (WorkflowError, ImportConflict) as error:
            raise CommandError(f"未导入：{error}", returncode=PROBLEMS) from None
        except ValidationError as error:
            raise CommandError("未导入，没有保存任何数据：" + "；".join(error.messages), returncode=PROBLEMS) from None
        self.stdout.write(f"已导入 {len(preview.changes)} 处修改（{'、'.join(saved)}）。")
