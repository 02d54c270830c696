"""评分表 and the personnel block of 基础数据表, from the report's scoring (``evaluations.scoring``)."""

from openpyxl.worksheet.worksheet import Worksheet

from evaluations.selectors import ReportBundle

from .styles import (
    BOLD_FONT,
    LEFT,
    NOTE_FONT,
    header_cell,
    merged,
    number_cell,
    print_setup,
    set_widths,
    title_row,
)


def write_personnel_block(ws: Worksheet, row: int, last_column: int, bundle: ReportBundle) -> int:
    """一、财政供养人员 (from the profile, not imported) above 二、经费控制; returns the table's header row."""
    profile = bundle.profile
    merged(
        ws,
        row,
        1,
        row,
        last_column,
        "一、财政供养人员（来自部门概况，仅供参考，导入时不读取）",
        font=BOLD_FONT,
        alignment=LEFT,
    )
    header_cell(ws, row + 1, 1, "编制数（人）")
    header_cell(ws, row + 1, 2, "实际在职人数（人）")
    number_cell(ws, row + 2, 1, profile.staff_quota if profile else None)
    number_cell(ws, row + 2, 2, profile.staff_actual if profile else None)
    merged(ws, row + 3, 1, row + 3, last_column, "二、经费控制", font=BOLD_FONT, alignment=LEFT)
    return row + 4


def write_scoring_sheet(ws: Worksheet, bundle: ReportBundle, *, heading: str):
    title_row(ws, 1, f"{heading}部门整体支出绩效评价评分表", 8)
    merged(
        ws,
        2,
        1,
        2,
        8,
        "评分表尚未生成：评分功能（指标体系与计分规则）上线后，此表将列出各项指标的分值、本单位执行情况、得分与理由。",
        font=NOTE_FONT,
        alignment=LEFT,
    )
    set_widths(ws, [12, 14, 18, 8, 36, 16, 8, 30])
    print_setup(ws, header_rows=(1, 2))
