"""python manage.py check_report <部门编码或全称> <年度> [--json]

Prints the consistency findings (each section numbered as the report's outline numbers it) and the
评分表 of one report. Exit status: 0 without errors,
1 when there are errors (warnings and notes do not fail), 2 for an unknown department or year.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from departments.people import person_name
from evaluations.checks.selectors import evaluation_findings, findings_summary
from evaluations.commands import report_from_arguments
from evaluations.scoring.selectors import scoring_table
from evaluations.snapshots import report_snapshot


class Command(BaseCommand):
    help = "检查一份绩效自评报告：列出前后不一致等问题，并计算评分表。有错误时退出码为 1。"
    # Batch scripts call commands many times: the system checks (fonts, HarfBuzz: fc-list and WeasyPrint's
    # libraries) run at deployment (`check --deploy` in `make serve`), not on every call (docs/adr/0014).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("department", help="部门预算编码或单位全称，如 103001 或 长沙市天心区政务服务中心")
        parser.add_argument("year", type=int, help="报告年度，如 2018")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（便于脚本处理）")

    def handle(self, *args, department, year, **options):
        evaluation = report_from_arguments(department, year)
        report = report_snapshot(evaluation)
        findings = evaluation_findings(evaluation, report=report)
        summary = findings_summary(findings)
        table = scoring_table(evaluation, report=report)
        if options["json"]:
            self.stdout.write(
                json.dumps(self.as_json(evaluation, findings, summary, table), ensure_ascii=False, indent=2)
            )
        else:
            self.print_text(evaluation, findings, summary, table)
        if summary["errors"]:
            raise CommandError(f"发现 {summary['errors']} 项错误，须修正后才能提交。", returncode=1)

    def as_json(self, evaluation, findings, summary, table) -> dict:
        return {
            "department": evaluation.department.full_name,
            "department_code": evaluation.department.code,
            "year": evaluation.fiscal_year_id,
            "summary": summary,
            "findings": [
                {
                    **view.finding.as_dict(),
                    "section_label": view.section_label,
                    "acknowledged": view.acknowledgement is not None,
                    "acknowledgement_reason": view.acknowledgement.reason if view.acknowledgement else "",
                }
                for view in findings
            ],
            "scoring": None if table is None else {**table.to_json(), "grade_display": table.grade_display},
        }

    def print_text(self, evaluation, findings, summary, table):
        out = self.stdout.write
        out(
            f"{evaluation.department.full_name} {evaluation.fiscal_year_id}年度绩效自评报告（{evaluation.get_status_display()}）"
        )
        out(
            f"检查结果：错误 {summary['errors']} 项，警告 {summary['warnings']} 项"
            f"（已说明理由 {summary['acknowledged']} 项），提示 {summary['notes']} 项"
        )
        for view in findings:
            finding = view.finding
            place = f"{view.section_label} · {finding.field}" + (f" 第{finding.row}行" if finding.row else "")
            out("")
            out(f"[{finding.severity_label}] {place}")
            out(f"  {finding.message}")
            if finding.figures:
                out("  " + "；".join(f"{figure.label}：{figure.value}" for figure in finding.figures))
            if view.acknowledgement is not None:
                out(f"  已说明理由（{person_name(view.acknowledgement.user)}）：{view.acknowledgement.reason}")
        out("")
        if table is None:
            out("评分表：没有适用的评分指标体系，请管理员在后台设置。")
            return
        out(f"评分表（{table.framework_name}）" + (f"，已于 {table.frozen_at} 冻结" if table.frozen_at else ""))
        for problem in table.problems:
            out(f"  ！指标体系权重问题：{problem}")
        out("一级指标\t二级指标\t三级指标\t分值\t本单位执行情况\t得分\t评分说明")
        for row in table.rows:
            score = "—" if row.score is None else f"{row.score}"
            out(f"{row.level1}\t{row.level2}\t{row.name}\t{row.weight}\t{row.value_display}\t{score}\t{row.reason}")
        for group in table.groups:
            out(f"{group.name}小计：{group.score} / {group.weight}")
        for note in table.caps:
            out(f"总分上限：{note}")
        label = "总分" if table.complete else "总分（暂计）"
        out(f"{label}：{table.total} / {table.total_weight}　等级：{table.grade_display}")
