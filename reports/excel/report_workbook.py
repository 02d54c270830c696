"""The Excel export of one report: 整体支出, 三公经费, 支出功能分类, 项目支出, 评分表, 基础数据表.

The budget sheets use the import layout (``budgets.importing.layout``), so the exported workbook
can be edited and imported back. 评分表 is ``evaluations.scoring``'s table (the same as 附件1).
"""

import io

from openpyxl import Workbook

from budgets.importing.layout import (
    BASIC_DATA_TABLE,
    BUDGET_TABLE,
    FUNCTIONAL_LINES,
    PROJECT_LINES,
    THREE_PUBLIC_TABLE,
)
from budgets.importing.state import state_from_budget, with_prior_record
from budgets.selectors import budget_for, catalogue_for_year
from evaluations.checks.snapshot import snapshot_from_bundle
from evaluations.scoring.selectors import scoring_table
from evaluations.selectors import ReportBundle

from .budget_sheets import mark_identity, write_list, write_matrix
from .scoring_sheet import write_personnel_block, write_scoring_sheet
from .styles import text_only


def report_heading(bundle: ReportBundle) -> str:
    return f"{bundle.department.full_name}{bundle.year}年度"


def report_filename(bundle: ReportBundle) -> str:
    return f"{bundle.department.full_name}{bundle.year}年度部门整体支出绩效自评数据.xlsx"


def build_report_workbook(bundle: ReportBundle) -> Workbook:
    budget = bundle.budget
    state = state_from_budget(budget)
    previous = budget_for(department_id=bundle.department.pk, fiscal_year_id=bundle.year - 1)
    previous_state = state_from_budget(previous) if previous is not None else None
    state = with_prior_record(state, previous_state)  # 上年数 cells show last year's record where it exists
    catalogue = {code: category.name for code, category in catalogue_for_year(bundle.year).items()}
    heading = report_heading(bundle)

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = f"{heading}部门整体支出绩效自评数据"
    workbook.properties.creator = bundle.department.full_name
    mark_identity(workbook, department_code=bundle.department.code, year=bundle.year)

    write_matrix(workbook.create_sheet(BUDGET_TABLE.name), BUDGET_TABLE, state, heading=heading)
    write_matrix(workbook.create_sheet(THREE_PUBLIC_TABLE.name), THREE_PUBLIC_TABLE, state, heading=heading)
    write_list(
        workbook.create_sheet(FUNCTIONAL_LINES.name), FUNCTIONAL_LINES, state, heading=heading, catalogue=catalogue
    )
    write_list(workbook.create_sheet(PROJECT_LINES.name), PROJECT_LINES, state, heading=heading, catalogue=catalogue)
    report = snapshot_from_bundle(bundle, previous)
    write_scoring_sheet(
        workbook.create_sheet("评分表"), scoring_table(bundle.evaluation, report=report), heading=heading
    )
    write_matrix(
        workbook.create_sheet(BASIC_DATA_TABLE.name),
        BASIC_DATA_TABLE,
        state,
        heading=heading,
        previous_state=previous_state,
        above=lambda ws, row, last_column: write_personnel_block(ws, row, last_column, report),
    )
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of any workbook the app writes; every text cell is text (``styles.text_only``)."""
    buffer = io.BytesIO()
    text_only(workbook).save(buffer)
    return buffer.getvalue()
