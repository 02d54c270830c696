"""The Excel export of one report: the budget sheets of its outline (2018: 整体支出, 三公经费,
支出功能分类, 项目支出, 基础数据表; outlines with 部门整体支出概况 also 收支概况), 评分表 before 基础数据表.

The budget sheets use the import layout of the report's outline (``Outline.excel_layout``), so the
exported workbook can be edited and imported back. 评分表 is ``evaluations.scoring``'s table (the
same as 附件1).
"""

import io

from openpyxl import Workbook

from budgets.importing.layout import BASIC_DATA_TABLE, ListSheet
from budgets.importing.state import state_from_budget, with_prior_record
from budgets.selectors import budget_for, catalogue_for_year
from evaluations.outlines.selectors import outline_for
from evaluations.scoring.selectors import scoring_table
from evaluations.selectors import ReportBundle
from evaluations.snapshots import snapshot_for_bundle

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

    report = snapshot_for_bundle(bundle, previous)
    layout = outline_for(bundle.evaluation).excel_layout()
    for sheet in layout.sheets:
        if sheet.name == BASIC_DATA_TABLE.name:
            _write_scoring(workbook, bundle, report, heading)
            write_matrix(
                workbook.create_sheet(sheet.name),
                sheet,
                state,
                heading=heading,
                previous_state=previous_state,
                above=lambda ws, row, last_column: write_personnel_block(ws, row, last_column, report),
            )
        elif isinstance(sheet, ListSheet):
            write_list(workbook.create_sheet(sheet.name), sheet, state, heading=heading, catalogue=catalogue)
        else:
            write_matrix(workbook.create_sheet(sheet.name), sheet, state, heading=heading)
    if "评分表" not in workbook.sheetnames:
        _write_scoring(workbook, bundle, report, heading)
    return workbook


def _write_scoring(workbook: Workbook, bundle: ReportBundle, report, heading: str):
    write_scoring_sheet(
        workbook.create_sheet("评分表"), scoring_table(bundle.evaluation, report=report), heading=heading
    )


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of any workbook the app writes; every text cell is text (``styles.text_only``)."""
    buffer = io.BytesIO()
    text_only(workbook).save(buffer)
    return buffer.getvalue()
