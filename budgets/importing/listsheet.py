"""Reading simple list sheets (a header row, then one record per row) of an uploaded workbook, cell
by cell, with every problem kept at its sheet, row and column: the onboarding and catalogue imports.

The same rules as the budget import's reader (``reader._Reader.cell``): a formula without a stored
result, a value no spreadsheet writes (``xlsx.Unreadable``) or a value the cell reader refuses
(``cells.CellError``) is a problem at that cell, never an error page.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from .cells import CellError, normalize_label
from .reader import UNREADABLE_DEFAULT, Problem, _shown
from .safety import check_file
from .xlsx import Sheet, Unreadable, read_workbook

logger = logging.getLogger(__name__)

MAX_COLUMNS = 30
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header as the template writes it
    required: bool = False


class ListReader:
    """Collects the problems of one workbook; ``rows(sheet_name, columns)`` yields each record."""

    def __init__(self, data: bytes, sheet_names: list[str]):
        check_file(data)  # raises FileRefused
        self.sheets, _ = read_workbook(data, sheet_names=set(sheet_names), max_columns=MAX_COLUMNS)
        self.problems: list[Problem] = []

    def problem(self, sheet: str, row: int | None, column: int | None, message: str) -> None:
        from openpyxl.utils import get_column_letter  # imported when a workbook is read, not at start-up

        self.problems.append(Problem(sheet, row, get_column_letter(column) if column else None, message))

    def cell(self, sheet: Sheet, row: int, column: int, reader: Callable, default=None):
        formula = sheet.formulas.get((row, column))
        if formula is not None:
            self.problem(
                sheet.name,
                row,
                column,
                f"单元格是公式（{formula}），但文件中没有保存计算结果。请把公式改为数值（复制后“选择性粘贴 → 数值”）。",
            )
            return default
        value = sheet.values.get((row, column))
        if isinstance(value, Unreadable):
            self.problem(sheet.name, row, column, value.reason)
            return default
        try:
            return reader(value)
        except CellError as error:
            self.problem(sheet.name, row, column, str(error))
        except Exception:  # whatever a conversion raises on a hostile value is a message at the cell
            logger.warning("导入时单元格无法转换", exc_info=True, extra={"event": "import_cell_error"})
            self.problem(sheet.name, row, column, UNREADABLE_DEFAULT.format(shown=_shown(value)))
        return default

    def rows(self, sheet_name: str, columns: list[Column]):
        """(row number, {key: column number}) of every row below the header that holds something;
        a missing sheet or header is one problem and yields nothing."""
        sheet = self.sheets.get(sheet_name)
        if sheet is None:
            self.problem(sheet_name, None, None, f"文件中没有名为「{sheet_name}」的工作表。请使用系统提供的模板填写。")
            return
        wanted = {normalize_label(column.label): column.key for column in columns}
        header_row, found = None, {}
        for row in range(1, HEADER_SEARCH_ROWS + 1):
            found = {}
            for column in range(1, MAX_COLUMNS + 1):
                value = sheet.values.get((row, column))
                if isinstance(value, str) and normalize_label(value) in wanted:
                    found.setdefault(wanted[normalize_label(value)], column)
            if all(column.key in found for column in columns if column.required):
                header_row = row
                break
        if header_row is None:
            labels = "、".join(f"「{column.label}」" for column in columns if column.required)
            self.problem(sheet_name, None, None, f"没有找到表头（应含 {labels} 列）。请使用系统提供的模板填写。")
            return
        for row in sheet.row_numbers():
            if row <= header_row:
                continue
            if all(sheet.values.get((row, column)) in (None, "") for column in found.values()) and not any(
                (row, column) in sheet.formulas for column in found.values()
            ):
                continue
            yield sheet, row, found
