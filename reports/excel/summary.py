"""The district summary workbook for reviewers: one row per department in scope for a year, with totals.

The rows (report, budget, findings and score of each department, read in bulk) come from
``evaluations.summaries.summary_rows``; this module only lays them out.
"""

from openpyxl import Workbook

from budgets.money import total
from evaluations.models import EvaluationStatus
from evaluations.summaries import summary_rows

from .styles import (
    CENTER,
    TOTAL_FILL,
    amount_cell,
    empty_cell,
    header_cell,
    label_cell,
    merged_header,
    number_cell,
    print_setup,
    set_widths,
    text_cell,
    title_row,
    unit_row,
)

# (group, header, key) of the amount columns, in order.
AMOUNT_COLUMNS = (
    ("年初预算", "支出合计", "total_initial"),
    ("调整预算", "支出合计", "total_adjusted"),
    ("部门决算", "支出合计", "total_actual"),
    ("部门决算", "基本支出", "basic_actual"),
    ("部门决算", "项目支出", "project_actual"),
    ("部门决算", "政府专项", "special_actual"),
    ("部门决算", "其中：资产购置", "asset_purchase_total"),
    ("“三公”经费", "预算数", "three_public_budget"),
    ("“三公”经费", "决算数", "three_public_actual"),
)


def summary_filename(year: int) -> str:
    return f"{year}年度部门整体支出绩效自评汇总表.xlsx"


def build_summary_workbook(*, user, year: int) -> Workbook:
    rows = summary_rows(user=user, year=year)
    regions = sorted({row.department.region.name for row in rows})
    workbook = Workbook()
    ws = workbook.active
    ws.title = "汇总表"
    workbook.properties.title = f"{year}年度部门整体支出绩效自评汇总表"

    fixed = ["序号", "单位编码", "单位名称", "报告状态"]
    finding_headers = ["错误", "警告"]
    last_column = len(fixed) + len(AMOUNT_COLUMNS) + 2 + len(finding_headers)
    title_row(ws, 1, f"{'、'.join(regions)}{year}年度部门整体支出绩效自评汇总表", last_column)
    submitted = sum(
        1
        for row in rows
        if row.evaluation and row.evaluation.status in (EvaluationStatus.SUBMITTED, EvaluationStatus.APPROVED)
    )
    unit_row(ws, 2, last_column, left_text=f"共 {len(rows)} 个部门，已提交或已审核 {submitted} 个")

    for column, text in enumerate(fixed, start=1):
        merged_header(ws, 3, column, 4, column, text)
    column = len(fixed) + 1
    groups: dict[str, list[int]] = {}
    for group, header, _key in AMOUNT_COLUMNS:
        header_cell(ws, 4, column, header)
        groups.setdefault(group, []).append(column)
        column += 1
    for group, columns in groups.items():
        merged_header(ws, 3, columns[0], 3, columns[-1], group)
    score_column = column
    header_cell(ws, 4, score_column, "得分")
    header_cell(ws, 4, score_column + 1, "等级")
    merged_header(ws, 3, score_column, 3, score_column + 1, "绩效自评")
    findings_start = score_column + 2
    for offset, text in enumerate(finding_headers):
        header_cell(ws, 4, findings_start + offset, text)
    merged_header(ws, 3, findings_start, 3, findings_start + len(finding_headers) - 1, "核查发现的问题（个）")

    r = 4
    for number, row in enumerate(rows, start=1):
        r += 1
        number_cell(ws, r, 1, number).alignment = CENTER
        text_cell(ws, r, 2, row.department.code, center=True).number_format = "@"
        label_cell(ws, r, 3, row.department.full_name)
        text_cell(ws, r, 4, row.status_label, center=True)
        for offset, (_group, _header, key) in enumerate(AMOUNT_COLUMNS):
            amount_cell(ws, r, len(fixed) + 1 + offset, row.amount(key))
        amount_cell(ws, r, score_column, row.score)
        text_cell(ws, r, score_column + 1, row.grade, center=True)
        number_cell(ws, r, findings_start, row.errors)
        number_cell(ws, r, findings_start + 1, row.warnings)

    r += 1
    merged_header(ws, r, 1, r, len(fixed), f"合计（{len(rows)} 个部门）", fill=TOTAL_FILL)
    for offset, (_group, _header, key) in enumerate(AMOUNT_COLUMNS):
        amount_cell(
            ws, r, len(fixed) + 1 + offset, total(*(row.amount(key) for row in rows)), bold=True, fill=TOTAL_FILL
        )
    for column in (score_column, score_column + 1):
        empty_cell(ws, r, column, fill=TOTAL_FILL)
    for offset, attr in enumerate(("errors", "warnings")):
        values = [getattr(row, attr) for row in rows if getattr(row, attr) is not None]
        cell = number_cell(ws, r, findings_start + offset, sum(values) if values else None, bold=True)
        cell.fill = TOTAL_FILL

    set_widths(ws, [6, 10, 34, 10, *([13] * len(AMOUNT_COLUMNS)), 9, 14, 8, 8])
    ws.freeze_panes = "D5"
    print_setup(ws, header_rows=(1, 4))
    return workbook
