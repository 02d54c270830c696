"""Reading a workbook (already past ``safety.check_file``) into a state and a list of problems.

Every cell is checked and every problem is collected with its sheet, row and column, so the
user sees all of them at once. The file as a whole can still be refused (``FileRefused``) when it
cannot be read at all or is too large in what it really contains (``xlsx.read_workbook``). A cell
that cannot be converted, for whatever reason, is a problem at that cell, never an error page.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from .cells import CellError, display_amount, normalize_label, read_amount, read_code, read_text, read_yes_no
from .layout import DEFAULT_LAYOUT, Derived, Field, Layout, ListSheet, MatrixSheet
from .state import empty_state, normalized
from .xlsx import Sheet, Unreadable, read_workbook

logger = logging.getLogger(__name__)

MAX_COLUMNS = 40  # the template has at most 10; more is read only to report stray content
HEADER_SEARCH_ROWS = 15
NOT_APPLICABLE = {"", "-", "—", "/", "无", "不适用"}  # what offices write into a cell that has no figure
IDENTITY_PROPERTIES = {"department_code": "部门编码", "fiscal_year": "年度"}
UNREADABLE_CELL = {
    "read_amount": "无法读取此单元格中的金额（“{shown}”）。请填写不超过 1 亿万元、最多两位小数的数字（单位：万元）。",
    "read_code": "无法读取此单元格中的科目编码（“{shown}”）。请填写 3、5 或 7 位数字编码，如 2010306。",
}
UNREADABLE_DEFAULT = "无法读取此单元格的内容（“{shown}”）。请重新输入后再上传。"


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None  # a column letter such as "C"
    message: str

    @property
    def place(self) -> str:
        if self.row is None:
            return f"工作表「{self.sheet}」" if self.sheet else "文件"
        where = f"第 {self.row} 行"
        if self.column:
            where += f"，{self.column} 列"
        return f"工作表「{self.sheet}」{where}"

    def __str__(self):
        return f"{self.place}：{self.message}"


class _Grid:
    """The values of one sheet (cached results for formulas) and which cells hold formulas."""

    def __init__(self, sheet: Sheet):
        self.name = sheet.name
        self.values = sheet.values  # (row, column) → value
        self.formulas = sheet.formulas  # (row, column) → formula text, only where no cached value exists
        self.rows = sheet.row_numbers()  # the rows that hold something, in order (never the declared dimension)

    def value(self, row: int, column: int):
        return self.values.get((row, column))

    def rows_after(self, row: int) -> list[int]:
        return [number for number in self.rows if number > row]


def _shown(value) -> str:
    text = str(value).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def read_grids(data: bytes, layout: Layout = DEFAULT_LAYOUT) -> tuple[dict[str, _Grid], dict[str, str]]:
    """The data sheets by name, and the identity properties the template stored in the file."""
    sheets, properties = read_workbook(data, sheet_names=set(layout.names), max_columns=MAX_COLUMNS)
    grids = {name: _Grid(sheet) for name, sheet in sheets.items()}
    identity = {name: str(value) for name, value in properties.items() if name in IDENTITY_PROPERTIES}
    return grids, identity


class _Reader:
    def __init__(self, grids: dict, catalogue: dict[str, str], year: int, base: dict | None = None):
        self.grids = grids
        self.catalogue = catalogue  # code → name for the year
        self.year = year
        # What no sheet holds stays as in ``base`` (the stored data); every cell a sheet holds is read.
        self.state = normalized(base) if base is not None else empty_state()
        self.problems: list[Problem] = []
        self.derived_checks: list[tuple[str, int, int, Derived, object]] = []

    def problem(self, sheet, row, column, message):
        from openpyxl.utils import get_column_letter  # imported when a workbook is read, not at start-up

        letter = get_column_letter(column) if column else None
        self.problems.append(Problem(sheet, row, letter, message))

    def cell(self, grid: _Grid, row: int, column: int, reader, **kwargs):
        """Read one cell with ``reader``; on error record the problem and return ``default``."""
        default = kwargs.pop("default", None)
        formula = grid.formulas.get((row, column))
        if formula is not None:
            self.problem(
                grid.name,
                row,
                column,
                f"单元格是公式（{formula}），但文件中没有保存计算结果。请在 Excel 中打开文件并保存一次，"
                "或把公式改为数值（复制后“选择性粘贴 → 数值”）。",
            )
            return default
        value = grid.value(row, column)
        if isinstance(value, Unreadable):
            self.problem(grid.name, row, column, value.reason)
            return default
        try:
            return reader(value, **kwargs)
        except CellError as error:
            self.problem(grid.name, row, column, str(error))
        except Exception:  # whatever a conversion raises on a hostile value is a message at the cell
            logger.warning("导入时单元格无法转换", exc_info=True, extra={"event": "import_cell_error"})
            template = UNREADABLE_CELL.get(getattr(reader, "__name__", ""), UNREADABLE_DEFAULT)
            self.problem(grid.name, row, column, template.format(shown=_shown(value)))
        return default

    def find_header(self, grid: _Grid, labels: list[str]) -> tuple[int, dict[str, int]] | None:
        """The first row holding all ``labels`` (normalised), and the column of each label."""
        wanted = {normalize_label(label): label for label in labels}
        for row in range(1, HEADER_SEARCH_ROWS + 1):
            found = {}
            for column in range(1, MAX_COLUMNS + 1):
                value = grid.value(row, column)
                if isinstance(value, str) and normalize_label(value) in wanted:
                    found.setdefault(wanted[normalize_label(value)], column)
            if len(found) == len(wanted):
                return row, found
        return None

    def stray_content(self, grid: _Grid, row: int, used_columns: set[int]):
        for column in range(1, MAX_COLUMNS + 1):
            if column not in used_columns and grid.value(row, column) not in (None, ""):
                self.problem(
                    grid.name, row, column, "这里有模板以外的内容，系统不会读取。请删除，或移到模板规定的列中。"
                )

    # Matrix sheets -------------------------------------------------------------------------
    def read_matrix(self, sheet: MatrixSheet):
        grid = self.grids[sheet.name]
        columns = [column.label for column in sheet.columns]
        header = self.find_header(grid, [sheet.corner, *columns])
        if header is None:
            self.problem(
                sheet.name,
                None,
                None,
                f"找不到表头行（应包含：{sheet.corner}、{'、'.join(columns)}）。请使用导入模板。",
            )
            return
        header_row, positions = header
        label_column = positions[sheet.corner]
        by_label = {normalize_label(row.label): row for row in sheet.rows}
        seen = {}
        used = {positions[label] for label in positions}
        for row_number in grid.rows_after(header_row):
            raw_label = grid.value(row_number, label_column)
            values = [grid.value(row_number, c) for c in range(1, MAX_COLUMNS + 1)]
            if all(value in (None, "") for value in values):
                continue
            row = by_label.get(normalize_label(raw_label)) if raw_label not in (None, "") else None
            if row is None:
                shown = f"“{raw_label}”" if raw_label not in (None, "") else "（行名称为空）"
                self.problem(
                    sheet.name,
                    row_number,
                    label_column,
                    f"无法识别的行 {shown}。本表的行应为：{'、'.join(r.label for r in sheet.rows)}。",
                )
                continue
            if row.key in seen:
                self.problem(
                    sheet.name,
                    row_number,
                    label_column,
                    f"“{row.label}”重复出现（第 {seen[row.key]} 行已有），请只保留一行。",
                )
                continue
            seen[row.key] = row_number
            self.stray_content(grid, row_number, used)
            for column in sheet.columns:
                if column.reference:
                    continue
                column_number = positions[column.label]
                spec = sheet.cell(row.key, column.key)
                if isinstance(spec, Field):
                    value = self.cell(grid, row_number, column_number, read_amount)
                    target = self.state
                    for key in spec.path[:-1]:
                        target = target[key]
                    target[spec.path[-1]] = value
                elif isinstance(spec, Derived):
                    value = self.cell(grid, row_number, column_number, read_amount, default=None)
                    if value is not None:
                        self.derived_checks.append((sheet.name, row_number, column_number, spec, value))
                elif normalize_label(grid.value(row_number, column_number) or "") not in NOT_APPLICABLE:
                    self.problem(
                        sheet.name, row_number, column_number, f"“{row.label}”的“{column.label}”不需要填写，请留空。"
                    )
        for row in sheet.rows:
            if row.key not in seen and not row.optional:
                self.problem(sheet.name, None, None, f"缺少“{row.label}”行。请使用导入模板，不要删除或改写行名称。")

    # List sheets ---------------------------------------------------------------------------
    def read_list(self, sheet: ListSheet):
        grid = self.grids[sheet.name]
        required_labels = [column.label for column in sheet.columns if column.kind != "number"]
        header = self.find_header(grid, required_labels)
        if header is None:
            self.problem(
                sheet.name, None, None, f"找不到表头行（应包含：{'、'.join(required_labels)}）。请使用导入模板。"
            )
            return
        header_row, positions = header
        number_column = sheet.column("number")
        number_header = self.find_header(grid, [number_column.label, *required_labels])
        if number_header is not None:
            positions[number_column.label] = number_header[1][number_column.label]
        used = set(positions.values())
        label_columns = sorted(positions.values())[:2]
        lines, totals_row = [], None
        for row_number in grid.rows_after(header_row):
            values = [grid.value(row_number, c) for c in range(1, MAX_COLUMNS + 1)]
            if all(value in (None, "") for value in values):
                continue
            if any(
                isinstance(grid.value(row_number, c), str) and normalize_label(grid.value(row_number, c)) == "合计"
                for c in label_columns
            ):
                if totals_row is not None:
                    self.problem(sheet.name, row_number, None, "“合计”行重复出现，请只保留一行。")
                totals_row = row_number
                continue
            if totals_row is not None:
                self.problem(
                    sheet.name, row_number, None, "“合计”行之后还有内容。请把明细行放在“合计”行之上，或删除多余内容。"
                )
                continue
            self.stray_content(grid, row_number, used)
            line = {"_row": row_number}
            for column in sheet.columns:
                if column.kind == "number" or column.label not in positions:
                    continue
                at = positions[column.label]
                if column.kind == "amount":
                    line[column.key] = self.cell(grid, row_number, at, read_amount)
                elif column.kind == "code":
                    line[column.key] = self.cell(grid, row_number, at, read_code, default="")
                elif column.kind == "yes_no":
                    line[column.key] = self.cell(grid, row_number, at, read_yes_no, default=False)
                else:
                    line[column.key] = self.cell(
                        grid, row_number, at, read_text, max_length=column.max_length, default=""
                    )
                line[f"_col_{column.key}"] = at
            lines.append(line)
        if totals_row is not None:
            for key in sheet.totals:
                at = positions[sheet.column(key).label]
                value = self.cell(grid, totals_row, at, read_amount, default=None)
                if value is not None:
                    self.list_total_check(sheet, totals_row, at, key, value, lines)
        if sheet.state_key == "functional_lines":
            self.state["functional_lines"] = self.functional_lines(sheet, lines)
        else:
            self.state["project_lines"] = self.project_lines(sheet, lines)

    def list_total_check(self, sheet, row, column, key, value, lines):
        amounts = [line.get(key) for line in lines if line.get(key) is not None]
        expected = sum(amounts, Decimal("0")) if amounts else None
        if value != (expected if expected is not None else Decimal("0.00")):
            label = sheet.column(key).label
            self.problem(
                sheet.name,
                row,
                column,
                f"合计行的“{label}”为 {display_amount(value)}，但上面各行之和为 {display_amount(expected)}。"
                "合计由系统自动计算，可以留空；若填写，必须等于各行之和。",
            )

    def functional_lines(self, sheet, lines):
        result, codes = [], {}
        for line in lines:
            row, code = line["_row"], line.get("code", "")
            code_column = line.get("_col_code")
            if not code:
                if line.get("amount") is not None or line.get("display_name") or line.get("category_name"):
                    self.problem(
                        sheet.name, row, code_column, "缺少科目编码。请填写该行支出对应的功能分类科目编码，如 2010306。"
                    )
                continue
            if code not in self.catalogue:
                self.problem(
                    sheet.name,
                    row,
                    code_column,
                    f"科目编码 {code} 不在 {self.year} 年度的支出功能分类科目表中。请核对编码（科目名称随年度变化）。",
                )
            elif line.get("category_name") and normalize_label(line["category_name"]) != normalize_label(
                self.catalogue[code]
            ):
                self.problem(
                    sheet.name,
                    row,
                    line.get("_col_category_name"),
                    f"科目名称“{line['category_name']}”与编码 {code} 在 {self.year} 年度科目表中的名称"
                    f"“{self.catalogue[code]}”不一致。请核对编码；报告中想用的写法请填在“报告中的名称”列。",
                )
            if code in codes:
                self.problem(
                    sheet.name,
                    row,
                    code_column,
                    f"科目编码 {code} 与第 {codes[code]} 行重复。同一科目只能填一行，请合并金额。",
                )
                continue
            codes[code] = row
            result.append({"code": code, "display_name": line.get("display_name", ""), "amount": line.get("amount")})
        return result

    def project_lines(self, sheet, lines):
        result = []
        for line in lines:
            row = line["_row"]
            if not line.get("name"):
                self.problem(sheet.name, row, line.get("_col_name"), "缺少项目名称。每个项目一行，请填写项目名称。")
                continue
            code = line.get("category_code", "")
            if code and code not in self.catalogue:
                self.problem(
                    sheet.name,
                    row,
                    line.get("_col_category_code"),
                    f"功能分类编码 {code} 不在 {self.year} 年度的支出功能分类科目表中。请核对编码，或留空。",
                )
            result.append({key: line.get(key, default) for key, default in _PROJECT_DEFAULTS.items()})
        return result

    def check_derived(self):
        for sheet, row, column, spec, value in self.derived_checks:
            expected = spec.compute(self.state)
            if value != (expected if expected is not None else Decimal("0.00")):
                self.problem(
                    sheet,
                    row,
                    column,
                    f"此格为自动计算项（{spec.explain}），应为 {display_amount(expected)}，表中却是 {display_amount(value)}。"
                    "请留空或改正，并核对相关数字。",
                )


_PROJECT_DEFAULTS = {
    "name": "",
    "category_code": "",
    "initial": None,
    "adjusted": None,
    "actual": None,
    "is_key": False,
    "purpose": "",
    "management": "",
}


def read_state(
    data: bytes,
    *,
    catalogue: dict[str, str],
    department_code: str,
    year: int,
    department_name: str = "",
    layout: Layout = DEFAULT_LAYOUT,
    base: dict | None = None,
) -> tuple[dict, list[Problem]]:
    """Parse the workbook bytes into a state; all problems found, in sheet order.

    ``layout``: the report's sheets (its outline's); ``base``: the stored state, kept for whatever
    no sheet of the layout holds."""
    grids, identity = read_grids(data, layout)
    reader = _Reader(grids, catalogue, year, base)
    file_code, file_year = identity.get("department_code"), identity.get("fiscal_year")
    if (file_code and file_code != department_code) or (file_year and file_year != str(year)):
        reader.problem(
            "",
            None,
            None,
            f"该文件是从其他部门或年度导出的（部门编码 {file_code or '未知'}，{file_year or '未知'}年度），"
            f"而本次导入的是{department_name}（部门编码 {department_code}）{year}年度。请下载本部门本年度的模板。",
        )
    for sheet in layout.sheets:
        if sheet.name not in grids:
            reader.problem(sheet.name, None, None, "缺少此工作表。请使用导入模板，不要删除或重命名工作表。")
        elif isinstance(sheet, MatrixSheet):
            reader.read_matrix(sheet)
        else:
            reader.read_list(sheet)
    layout.derive(reader.state)
    reader.check_derived()
    order = {sheet.name: index for index, sheet in enumerate(layout.sheets)}
    problems = sorted(
        reader.problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0, len(p.column or ""), p.column or "")
    )
    return reader.state, problems
