"""评分表 (from ``evaluations.scoring``) and the personnel block of 基础数据表.

The same ``ScoreTable`` is behind the report's 附件1 (HTML/PDF) and this sheet, so the figures
agree; a frozen (approved) table is shown as frozen.
"""

from openpyxl.worksheet.worksheet import Worksheet

from evaluations.scoring.computations import staff_control_rate
from evaluations.scoring.engine import ScoreTable

from .styles import (
    BOLD_FONT,
    BORDER,
    CENTER,
    LEFT,
    NOTE_FONT,
    TOTAL_FILL,
    amount_cell,
    header_cell,
    label_cell,
    merged,
    merged_header,
    number_cell,
    print_setup,
    set_widths,
    text_cell,
    title_row,
)

SCORING_HEADERS = ("一级指标", "二级指标", "三级指标", "分值", "评分标准", "本单位执行情况", "得分", "评分说明")
SCORING_WIDTHS = (8, 12, 18, 8, 44, 34, 8, 36)


def write_personnel_block(ws: Worksheet, row: int, last_column: int, report) -> int:
    """一、财政供养人员 (from the profile, not imported) above 二、经费控制; returns the table's header row.

    ``report`` is the ``ReportSnapshot`` of ``evaluations.checks``; the rate is scoring's own computation.
    """
    profile = report.profile
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
    header_cell(ws, row + 1, 3, "在职人员控制率")
    number_cell(ws, row + 2, 1, profile.staff_quota if profile else None)
    number_cell(ws, row + 2, 2, profile.staff_actual if profile else None)
    text_cell(ws, row + 2, 3, staff_control_rate(report, {}).display, center=True)
    merged(ws, row + 3, 1, row + 3, last_column, "二、经费控制", font=BOLD_FONT, alignment=LEFT)
    return row + 4


def _execution(row) -> str:
    text = row.value_display
    if row.inputs:
        text += "\n" + "；".join(f"{label}：{value}" for label, value in row.inputs)
    return text


def write_scoring_sheet(ws: Worksheet, table: ScoreTable | None, *, heading: str):
    last = len(SCORING_HEADERS)
    title_row(ws, 1, f"{heading}部门整体支出绩效自评评分表", last)
    set_widths(ws, SCORING_WIDTHS)
    if table is None:
        merged(ws, 2, 1, 2, last, "没有适用的评分指标体系，请联系管理员设置。", font=NOTE_FONT, alignment=LEFT)
        print_setup(ws, header_rows=(1, 2))
        return
    note = f"指标体系：{table.framework_name}"
    if table.frozen_at:
        note += f"（评分于 {table.frozen_at} 存档）"
    merged(ws, 2, 1, 2, last, note, font=NOTE_FONT, alignment=LEFT)
    for column, text in enumerate(SCORING_HEADERS, start=1):
        header_cell(ws, 3, column, text)
    r = 3
    for row in table.rows:
        r += 1
        if row.level1_span:
            merged_header(ws, r, 1, r + row.level1_span - 1, 1, row.level1, fill=TOTAL_FILL)
        if row.level2_span:
            merged_header(ws, r, 2, r + row.level2_span - 1, 2, row.level2, fill=TOTAL_FILL)
        label_cell(ws, r, 3, row.name)
        amount_cell(ws, r, 4, row.weight)
        text_cell(ws, r, 5, f"{row.formula}；{row.criteria}" if row.formula else row.criteria)
        text_cell(ws, r, 6, _execution(row))
        if row.score is None:
            text_cell(ws, r, 7, "待评", center=True)
        else:
            amount_cell(ws, r, 7, row.score)
        text_cell(ws, r, 8, row.reason)
    r += 1
    merged_header(ws, r, 1, r, 3, "总分" if table.complete else "总分（暂计）", fill=TOTAL_FILL)
    amount_cell(ws, r, 4, table.total_weight, bold=True, fill=TOTAL_FILL)
    groups = "；".join([f"{group.name}{group.score}分" for group in table.groups] + list(table.caps))
    merged(ws, r, 5, r, 6, groups, font=BOLD_FONT, alignment=LEFT, border=BORDER, fill=TOTAL_FILL)
    amount_cell(ws, r, 7, table.total, bold=True, fill=TOTAL_FILL)
    cell = text_cell(ws, r, 8, f"等级：{table.grade_display}")
    cell.font, cell.fill, cell.alignment = BOLD_FONT, TOTAL_FILL, CENTER
    ws.freeze_panes = "A4"
    print_setup(ws, header_rows=(1, 3))
