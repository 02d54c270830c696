"""Write the budget sheets (整体支出, 三公经费, 支出功能分类, 项目支出, 基础数据表) from a state.

The layout comes from ``budgets.importing.layout``, the same specification the import reads, so
an exported workbook imports back unchanged. Derived figures are written as values (never
formulas: a formula without a cached result could not be imported again).
"""

from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from budgets.importing.layout import (
    BASIC_DATA_TABLE,
    UNIT_TEXT,
    Derived,
    Field,
    ListSheet,
    MatrixSheet,
)
from budgets.importing.state import three_public_value
from budgets.money import total

from .styles import (
    BOLD_FONT,
    BORDER,
    CENTER,
    DERIVED_FILL,
    TOTAL_FILL,
    amount_cell,
    empty_cell,
    header_cell,
    label_cell,
    merged,
    number_cell,
    print_setup,
    set_widths,
    text_cell,
    title_row,
    unit_row,
)


def _lookup(state: dict, spec):
    if isinstance(spec, Field):
        value = state
        for key in spec.path:
            value = value[key]
        return value
    if isinstance(spec, Derived):
        return spec.compute(state)
    return None


def _header_text(label: str, note: str) -> str:
    return f"{label}（{note}）" if note else label


def _amount_validation(ws: Worksheet) -> DataValidation:
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="金额有误",
        error="请填写大于或等于 0 的金额（单位：万元），最多两位小数。",
        promptTitle="金额（万元）",
        prompt="填写数字，单位万元，最多两位小数。",
    )
    ws.add_data_validation(validation)
    return validation


def mark_identity(workbook: Workbook, *, department_code: str, year: int):
    """Record whose data the workbook holds, so an import into another department or year is refused."""
    workbook.custom_doc_props.append(StringProperty(name="department_code", value=department_code))
    workbook.custom_doc_props.append(StringProperty(name="fiscal_year", value=str(year)))


def write_matrix(
    ws: Worksheet,
    sheet: MatrixSheet,
    state: dict,
    *,
    heading: str,
    previous_state: dict | None = None,
    for_input: bool = False,
    above=None,
):
    """A fixed table. ``above(ws, first_row, last_column)`` may write a block above it and return the next row."""
    last_column = len(sheet.columns) + 1
    title_row(ws, 1, f"{heading}{sheet.title}", last_column)
    unit_row(ws, 2, last_column, UNIT_TEXT)
    header = 3
    if above is not None:
        header = above(ws, 3, last_column)
    header_cell(ws, header, 1, sheet.corner)
    for index, column in enumerate(sheet.columns, start=2):
        header_cell(ws, header, index, _header_text(column.label, column.note))
    validation = _amount_validation(ws) if for_input else None
    for offset, row in enumerate(sheet.rows, start=1):
        r = header + offset
        label_cell(ws, r, 1, row.label, indent=row.indent)
        for index, column in enumerate(sheet.columns, start=2):
            if column.reference:
                spec = sheet.cell(row.key, "actual")
                value = _prior_value(sheet, row.key, state, previous_state) if spec is not None else None
                if spec is None:
                    empty_cell(ws, r, index)
                else:
                    amount_cell(ws, r, index, value, fill=DERIVED_FILL)
                continue
            spec = sheet.cell(row.key, column.key)
            if spec is None:
                empty_cell(ws, r, index)
            elif isinstance(spec, Derived):
                # In the template computed cells stay empty, so editing an input never leaves a stale copy.
                amount_cell(ws, r, index, None if for_input else _lookup(state, spec), fill=DERIVED_FILL)
            else:
                amount_cell(ws, r, index, _lookup(state, spec))
                if validation is not None:
                    validation.add(f"{get_column_letter(index)}{r}")
    set_widths(ws, [sheet.label_width] + [column.width for column in sheet.columns])
    ws.row_dimensions[header].height = 32
    ws.freeze_panes = f"B{header + 1}"
    print_setup(ws, header_rows=(1, header))
    return header + len(sheet.rows)


def _prior_value(sheet: MatrixSheet, row_key: str, state: dict, previous_state: dict | None):
    """上年决算 of a row: last year's stored figure; for 三公 without last year's record, the entered one."""
    spec = sheet.cell(row_key, "actual")
    if previous_state is not None:
        return _lookup(previous_state, spec)
    if sheet.name == BASIC_DATA_TABLE.name and row_key.startswith("tp_"):
        return three_public_value(state, row_key[3:], "prior_year_actual")
    return None


def write_list(
    ws: Worksheet,
    sheet: ListSheet,
    state: dict,
    *,
    heading: str,
    catalogue: dict[str, str],
    for_input: bool = False,
    spare_rows: int = 0,
):
    """One line per row, then a 合计 row (values, not formulas)."""
    columns = sheet.columns
    last_column = len(columns)
    title_row(ws, 1, f"{heading}{sheet.title}", last_column)
    unit_row(ws, 2, last_column, UNIT_TEXT)
    for index, column in enumerate(columns, start=1):
        header_cell(ws, 3, index, _header_text(column.label, column.note))
    lines = state[sheet.state_key]
    validation = _amount_validation(ws) if for_input else None
    yes_no = None
    if for_input and any(column.kind == "yes_no" for column in columns):
        yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True, error="请选择“是”或“否”。")
        ws.add_data_validation(yes_no)
    row = 3
    for number, line in enumerate([*lines, *([None] * spare_rows)], start=1):
        row += 1
        for index, column in enumerate(columns, start=1):
            value = None if line is None else line.get(column.key)
            if column.kind == "number":
                number_cell(ws, row, index, number if line is not None else None)
                ws.cell(row=row, column=index).alignment = CENTER
            elif column.kind == "amount":
                amount_cell(ws, row, index, value)
                if validation is not None:
                    validation.add(f"{get_column_letter(index)}{row}")
            elif column.key == "category_name":
                text_cell(ws, row, index, catalogue.get(line["code"], "") if line is not None else None)
            elif column.kind == "code":
                cell = text_cell(ws, row, index, value or None, center=True)
                cell.number_format = "@"  # codes stay text: 2010306, never 2010306.0
            elif column.kind == "yes_no":
                text_cell(ws, row, index, None if line is None else ("是" if value else "否"), center=True)
                if yes_no is not None:
                    yes_no.add(f"{get_column_letter(index)}{row}")
            else:
                text_cell(ws, row, index, value)
    row += 1
    merged(ws, row, 1, row, 2, "合计", font=BOLD_FONT, alignment=CENTER)
    style_totals = {column.key for column in columns if column.key in sheet.totals}
    for index, column in enumerate(columns, start=1):
        if index <= 2:
            continue
        if column.key in style_totals:
            value = None if for_input else total(*(line[column.key] for line in lines))
            amount_cell(ws, row, index, value, bold=True, fill=TOTAL_FILL)
        else:
            empty_cell(ws, row, index, fill=TOTAL_FILL)
    for index in (1, 2):
        ws.cell(row=row, column=index).border = BORDER
    set_widths(ws, [column.width for column in columns])
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "A4"
    print_setup(ws, header_rows=(1, 3))
    return row
