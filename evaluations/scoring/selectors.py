"""Contexts for the report's attachments: 附件1 评分表 and 附件2 基础数据表.

The report (reports app) includes ``templates/reports/inc/attachment_scoring.html`` and
``templates/reports/inc/attachment_basic_data.html`` with these contexts merged into its own:

    context |= attachments_context(evaluation, bundle=bundle)
"""

from ..checks.snapshot import report_snapshot, snapshot_for_bundle
from .basic_data import basic_data_table
from .services import scoring_table


def scoring_attachment_context(evaluation, *, report=None, number: int = 1) -> dict:
    department, year = evaluation.department, evaluation.fiscal_year_id
    return {
        "scoring_attachment": {
            "number": number,
            "title": f"{department.full_name}{year}年度部门整体支出绩效自评评分表",
            "table": scoring_table(evaluation, report=report),
        }
    }


def basic_data_attachment_context(evaluation, *, report=None, number: int = 2) -> dict:
    department, year = evaluation.department, evaluation.fiscal_year_id
    return {
        "basic_data_attachment": {
            "number": number,
            "title": f"{department.full_name}{year}年度部门整体支出绩效评价基础数据表",
            "table": basic_data_table(report if report is not None else report_snapshot(evaluation)),
        }
    }


def attachments_context(evaluation, *, bundle=None) -> dict:
    """Both attachments, from one snapshot of the report (pass the ``ReportBundle`` the page has)."""
    report = snapshot_for_bundle(bundle) if bundle is not None else report_snapshot(evaluation)
    return scoring_attachment_context(evaluation, report=report) | basic_data_attachment_context(
        evaluation, report=report
    )
