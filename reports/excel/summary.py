"""The district summary workbook for reviewers: one row per department in scope for a year, with totals.

Read in a fixed number of queries from the stored summaries (``evaluations.ReportSummary``: score,
grade, findings) and the departments' budgets (amounts derived as ``budgets`` derives them); written
with openpyxl's write-only mode row by row into a file, so 15,000 departments stay within a small,
bounded memory (``bench/summary_bench.py``). A report whose summary was never computed shows its
status without score or findings.
"""

import tempfile
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from budgets.models import DepartmentBudget
from budgets.money import total
from departments.access import visible_departments
from evaluations.models import Evaluation, EvaluationStatus
from evaluations.summaries import NOT_STARTED_LABEL, SummaryRow

from .styles import (
    AMOUNT_FORMAT,
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    INTEGER_FORMAT,
    LEFT,
    NO_BORDER,
    NOTE_FONT,
    RIGHT,
    TITLE_FONT,
    TOTAL_FILL,
    print_setup,
    set_value,
    set_widths,
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
FIXED = ("序号", "单位编码", "单位名称", "报告状态")
FINDING_HEADERS = ("错误", "警告")
SCORE_COLUMN = len(FIXED) + len(AMOUNT_COLUMNS) + 1
FINDINGS_START = SCORE_COLUMN + 2
LAST_COLUMN = FINDINGS_START + len(FINDING_HEADERS) - 1
BATCH = 2000


def summary_filename(year: int) -> str:
    return f"{year}年度部门整体支出绩效自评汇总表.xlsx"


_STYLES: dict = {}


def _cell(ws, value, *, font=BODY_FONT, alignment=LEFT, border=BORDER, fill=None, number_format=None):
    """A write-only cell with ``value`` and its style. Assigning fonts and borders one by one makes
    openpyxl hash the style objects for every cell (most of the time at 15,000 rows), so each
    combination is set once on a template cell and its style indices copied."""
    key = (ws.parent, id(font), id(alignment), id(border), id(fill), number_format)
    style = _STYLES.get(key)
    if style is None:
        template = WriteOnlyCell(ws)
        template.font, template.alignment, template.border = font, alignment, border
        if fill is not None:
            template.fill = fill
        if number_format:
            template.number_format = number_format
        style = _STYLES[key] = template._style
    cell = WriteOnlyCell(ws)
    cell._style = copy(style)
    if value is not None and not isinstance(value, str):
        cell.value = value
    elif value is not None:
        set_value(cell, value)
    return cell


def _amount(ws, value, **styles):
    return _cell(ws, value, **{"alignment": RIGHT, "number_format": AMOUNT_FORMAT, **styles})


def _number(ws, value, **styles):
    return _cell(ws, value, **{"alignment": RIGHT, "number_format": INTEGER_FORMAT, **styles})


def _merge(ws, first_row, first_column, last_row, last_column):
    ws.merged_cells.add(f"{get_column_letter(first_column)}{first_row}:{get_column_letter(last_column)}{last_row}")


def _budget_amounts(departments, year: int) -> dict[int, tuple]:
    """The amount columns of each department's budget, derived by ``SummaryRow.amount`` (batches of
    budgets with their 三公 lines; only the figures are kept)."""
    budgets = (
        DepartmentBudget.objects.filter(department__in=departments, fiscal_year_id=year)
        .prefetch_related("three_public_lines")
        .order_by("pk")
    )
    amounts = {}
    for budget in budgets.iterator(chunk_size=BATCH):
        row = SummaryRow(None, None, budget)
        amounts[budget.department_id] = tuple(row.amount(key) for _g, _h, key in AMOUNT_COLUMNS)
    return amounts


def write_summary_workbook(target, *, user, year: int) -> None:
    """Write the district summary of ``year`` (departments ``user`` may see) into ``target`` (a path or a binary file)."""
    departments = visible_departments(user).filter(is_active=True)
    reports = {
        department_id: (status, score, grade, pending, errors, warnings)
        for department_id, status, score, grade, pending, errors, warnings in Evaluation.objects.filter(
            department__in=departments, fiscal_year_id=year
        ).values_list(
            "department_id",
            "status",
            "summary__score",
            "summary__grade",
            "summary__scores_pending",
            "summary__errors",
            "summary__warnings",
        )
    }
    amounts = _budget_amounts(departments, year)
    units = list(departments.order_by("code").values_list("pk", "code", "full_name", "region__name"))
    regions = sorted({unit[3] for unit in units})
    submitted = sum(1 for r in reports.values() if r[0] in (EvaluationStatus.SUBMITTED, EvaluationStatus.APPROVED))

    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{year}年度部门整体支出绩效自评汇总表"
    ws = workbook.create_sheet("汇总表")
    set_widths(ws, [6, 10, 34, 10, *([13] * len(AMOUNT_COLUMNS)), 9, 14, 8, 8])
    ws.freeze_panes = "D5"
    print_setup(ws, header_rows=(1, 4))

    # Row 1: title; row 2: count and unit; rows 3–4: headers.
    ws.row_dimensions[1].height = 30
    title = f"{'、'.join(regions)}{year}年度部门整体支出绩效自评汇总表"
    ws.append(
        [_cell(ws, title, font=TITLE_FONT, alignment=CENTER, border=NO_BORDER)]
        + [_cell(ws, None, border=NO_BORDER) for _ in range(LAST_COLUMN - 1)]
    )
    _merge(ws, 1, 1, 1, LAST_COLUMN)
    left = f"共 {len(units)} 个部门，已提交或已审核 {submitted} 个"
    ws.append(
        [_cell(ws, left, font=NOTE_FONT)]
        + [_cell(ws, None) for _ in range(LAST_COLUMN - 3)]
        + [_cell(ws, "单位：万元", alignment=RIGHT), _cell(ws, None)]
    )
    _merge(ws, 2, 1, 2, LAST_COLUMN - 2)
    _merge(ws, 2, LAST_COLUMN - 1, 2, LAST_COLUMN)

    def header(text):
        return _cell(ws, text, font=HEADER_FONT, alignment=CENTER, fill=HEADER_FILL)

    groups: dict[str, list[int]] = {}
    for column, (group, _header, _key) in enumerate(AMOUNT_COLUMNS, start=len(FIXED) + 1):
        groups.setdefault(group, []).append(column)
    top = [header(text) for text in FIXED]
    for group, columns in groups.items():
        top += [header(group)] + [header(None) for _ in columns[1:]]
    top += [header("绩效自评"), header(None), header("核查发现的问题（个）"), header(None)]
    ws.append(top)
    ws.append(
        [header(None) for _ in FIXED]
        + [header(text) for _g, text, _k in AMOUNT_COLUMNS]
        + [header("得分"), header("等级"), *(header(text) for text in FINDING_HEADERS)]
    )
    for column in range(1, len(FIXED) + 1):
        _merge(ws, 3, column, 4, column)
    for columns in groups.values():
        _merge(ws, 3, columns[0], 3, columns[-1])
    _merge(ws, 3, SCORE_COLUMN, 3, SCORE_COLUMN + 1)
    _merge(ws, 3, FINDINGS_START, 3, LAST_COLUMN)

    sums = [None] * len(AMOUNT_COLUMNS)
    finding_sums = [None, None]
    empty = (None,) * len(AMOUNT_COLUMNS)
    for number, (pk, code, name, _region) in enumerate(units, start=1):
        report = reports.get(pk)
        status, score, grade, pending, errors, warnings = report or ("", None, "", 0, None, None)
        label = EvaluationStatus(status).label if status else NOT_STARTED_LABEL
        grade_text = "" if score is None else (grade or f"待定（{pending}项未评分）")
        figures = amounts.get(pk, empty)
        sums = [total(a, b) for a, b in zip(sums, figures, strict=True)]
        finding_sums = [total(a, b) for a, b in zip(finding_sums, (errors, warnings), strict=True)]
        code_cell = _cell(ws, code, alignment=CENTER, number_format="@")
        ws.append(
            [_number(ws, number, alignment=CENTER), code_cell]
            + [_cell(ws, name), _cell(ws, label, alignment=CENTER)]
            + [_amount(ws, value) for value in figures]
            + [_amount(ws, score), _cell(ws, grade_text or None, alignment=CENTER)]
            + [_number(ws, errors), _number(ws, warnings)]
        )

    last = 5 + len(units)
    ws.append(
        [_cell(ws, f"合计（{len(units)} 个部门）", font=HEADER_FONT, alignment=CENTER, fill=TOTAL_FILL)]
        + [_cell(ws, None, fill=TOTAL_FILL) for _ in FIXED[1:]]
        + [_amount(ws, value, font=BOLD_FONT, fill=TOTAL_FILL) for value in sums]
        + [_cell(ws, None, fill=TOTAL_FILL) for _ in range(2)]
        + [_number(ws, value, font=BOLD_FONT, fill=TOTAL_FILL) for value in finding_sums]
    )
    _merge(ws, last, 1, last, len(FIXED))
    workbook.save(target)
    for key in [key for key in _STYLES if key[0] is workbook]:
        del _STYLES[key]


def summary_workbook_file(*, user, year: int):
    """The workbook in a temporary file, rewound, for a streamed download (closed by the response)."""
    handle = tempfile.TemporaryFile()
    write_summary_workbook(handle, user=user, year=year)
    handle.seek(0)
    return handle
