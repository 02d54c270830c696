"""Shared styling for the workbooks: fonts, borders, merged titles, amounts, widths, printing.

openpyxl styles only the top-left cell of a merged range unless told otherwise, so every
helper that merges styles every cell of the range (borders would otherwise be missing).

Every value reaches a cell through ``set_value``: text is always stored as text, never as a
formula (openpyxl would store ``=HYPERLINK(…)`` typed as a project name as a live formula, and
``#N/A`` as an error), and text that a spreadsheet program would take for a formula carries
Excel's ``quotePrefix`` style (OWASP's advice against CSV/formula injection, without changing the
text: the cell shows exactly what was typed and an import reads it back unchanged).
"""

from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

# A CJK font Excel and WPS have on every Chinese Windows/macOS; LibreOffice substitutes a CJK face.
FONT_NAME = "宋体"
TITLE_FONT_NAME = "黑体"
AMOUNT_FORMAT = "0.00"
INTEGER_FORMAT = "0"
PERCENT_FORMAT = "0.00%"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()
HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
TOTAL_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
NOT_APPLICABLE_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
DERIVED_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")

BODY_FONT = Font(name=FONT_NAME, size=11)
BOLD_FONT = Font(name=FONT_NAME, size=11, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
TITLE_FONT = Font(name=TITLE_FONT_NAME, size=16, bold=True)
NOTE_FONT = Font(name=FONT_NAME, size=10, color="595959")

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")


# OWASP "CSV injection": a cell starting with one of these is taken as a formula when typed or pasted.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def set_value(cell: Cell, value) -> Cell:
    """Put ``value`` into ``cell``; a string is stored as text whatever it looks like.

    Characters XML cannot hold (C0 controls other than tab, LF and CR) are dropped rather than
    making the whole export fail.
    """
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"  # openpyxl infers 'f' for "=…" and 'e' for "#N/A"; the app writes no formulas
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put(ws: Worksheet, row: int, column: int, value) -> Cell:
    return set_value(ws.cell(row=row, column=column), value)


def text_only(workbook: Workbook) -> Workbook:
    """The last step before saving: any cell still holding a formula, an error code or unsafe text
    (a writer that bypassed ``put``) is made text by ``set_value``. The app itself writes no formulas."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) or cell.data_type in ("f", "e"):
                    set_value(cell, cell.value if isinstance(cell.value, str) else str(cell.value))
    return workbook


def style_range(ws: Worksheet, first_row, first_column, last_row, last_column, **styles):
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column):
        for cell in row:
            for name, value in styles.items():
                setattr(cell, name, value)


def merged(ws: Worksheet, first_row, first_column, last_row, last_column, value, **styles):
    """Write ``value`` into a merged range and apply ``styles`` to every cell of the range."""
    if (first_row, first_column) != (last_row, last_column):
        ws.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)
    put(ws, first_row, first_column, value)
    style_range(ws, first_row, first_column, last_row, last_column, **styles)
    return ws.cell(row=first_row, column=first_column)


def title_row(ws: Worksheet, row: int, text: str, last_column: int, height: float = 30):
    merged(ws, row, 1, row, last_column, text, font=TITLE_FONT, alignment=CENTER, border=NO_BORDER)
    ws.row_dimensions[row].height = height


def unit_row(ws: Worksheet, row: int, last_column: int, text: str = "单位：万元", left_text: str = ""):
    """The unit line above a table: right-aligned 「单位：万元」 (and optional text on the left)."""
    if left_text and last_column > 2:
        merged(ws, row, 1, row, last_column - 2, left_text, font=NOTE_FONT, alignment=LEFT)
        merged(ws, row, last_column - 1, row, last_column, text, font=BODY_FONT, alignment=RIGHT)
    else:
        merged(ws, row, 1, row, last_column, text, font=BODY_FONT, alignment=RIGHT)


def header_cell(ws: Worksheet, row: int, column: int, text: str):
    cell = put(ws, row, column, text)
    cell.font, cell.alignment, cell.border, cell.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
    return cell


def merged_header(ws: Worksheet, first_row, first_column, last_row, last_column, text, *, fill=HEADER_FILL):
    """A header spanning several cells, bordered and filled on every cell of the merge."""
    return merged(
        ws,
        first_row,
        first_column,
        last_row,
        last_column,
        text,
        font=HEADER_FONT,
        alignment=CENTER,
        border=BORDER,
        fill=fill,
    )


def label_cell(ws: Worksheet, row: int, column: int, text: str, *, indent: int = 0, bold: bool = False):
    cell = put(ws, row, column, text)
    cell.font = BOLD_FONT if bold else BODY_FONT
    cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=indent)
    cell.border = BORDER
    return cell


def text_cell(ws: Worksheet, row: int, column: int, text, *, center: bool = False):
    cell = put(ws, row, column, text if text not in (None, "") else None)
    cell.font, cell.border = BODY_FONT, BORDER
    cell.alignment = CENTER if center else LEFT
    return cell


def amount_cell(ws: Worksheet, row: int, column: int, value: Decimal | None, *, bold: bool = False, fill=None):
    """A real numeric cell formatted 0.00 (Excel can sum it); empty when the figure is not filled in.

    The Decimal goes to openpyxl as is: openpyxl writes its exact decimal text into the XML.
    """
    cell = put(ws, row, column, value)
    cell.number_format = AMOUNT_FORMAT
    cell.font = BOLD_FONT if bold else BODY_FONT
    cell.alignment = RIGHT
    cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    return cell


def number_cell(ws: Worksheet, row: int, column: int, value, number_format: str = INTEGER_FORMAT, *, bold=False):
    cell = put(ws, row, column, value)
    cell.number_format = number_format
    cell.font = BOLD_FONT if bold else BODY_FONT
    cell.alignment = RIGHT
    cell.border = BORDER
    return cell


def empty_cell(ws: Worksheet, row: int, column: int, fill=NOT_APPLICABLE_FILL):
    cell = ws.cell(row=row, column=column)
    cell.border, cell.fill = BORDER, fill
    return cell


def display_width(text: str) -> int:
    """Columns of text in a spreadsheet cell: a Chinese character takes two."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


INSTRUCTIONS_WIDTHS = [16, 100]  # the instruction sheets of every template: topic, text
LINE_HEIGHT = 18  # points a line of 11-pt 宋体 takes in a wrapped cell, with Excel's spacing


def fit_wrapped_text(ws: Worksheet, row: int, text: str, column_width: float, *, min_lines: int = 2) -> None:
    """Make ``row`` tall enough for ``text`` wrapped in a column ``column_width`` characters wide
    (neither Excel nor WPS grows a row when a file is opened, only when a cell is edited)."""
    per_line = max(1, int(column_width) - 4)  # the cell's padding
    lines = max(min_lines, -(-display_width(text) // per_line))
    ws.row_dimensions[row].height = LINE_HEIGHT * lines


def set_widths(ws: Worksheet, widths: list[float]):
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def print_setup(ws: Worksheet, *, header_rows: tuple[int, int] | None = None, landscape: bool = True):
    """A4, landscape, fit to one page wide (as many pages tall as needed), header rows repeated."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # class constants: write-only sheets lack them
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = FONT_NAME
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
