"""The workbooks of the set-up imports: the onboarding template (部门, 用户, the allowed values), the
initial-password list handed out after an onboarding import, and the 科目 template of a year.
Headers are those ``budgets.importing.onboarding`` / ``catalogue`` look for.
"""

from openpyxl import Workbook

from budgets.importing.catalogue import CATALOGUE_COLUMNS, CATALOGUE_SHEET
from budgets.importing.onboarding import (
    DEPARTMENT_COLUMNS,
    DEPARTMENTS_SHEET,
    INSTRUCTIONS_SHEET,
    OPTIONS_SHEET,
    USER_COLUMNS,
    USERS_SHEET,
)
from budgets.importing.safety import MAX_ROWS_PER_SHEET, MAX_UPLOAD_BYTES
from budgets.models import FunctionalCategory
from departments.choices import FundingType, UnitNature
from departments.models import Region

from .styles import INSTRUCTIONS_WIDTHS, fit_wrapped_text, header_cell, label_cell, print_setup, set_widths, text_cell
from .styles import title_row as write_title

ONBOARDING_TEMPLATE_FILENAME = "部门和用户批量导入模板.xlsx"
PASSWORDS_FILENAME = "新建账号初始密码.xlsx"

ONBOARDING_INSTRUCTIONS = [
    ("用途", "一次导入多个部门和用户（含填报人、审核人授权）。上传后先显示将要新建的部门、用户和授权，确认后才保存。"),
    (
        "「部门」工作表",
        "每个部门一行。部门编码、单位全称、所属区域、单位性质、经费形式必填；主管部门编码填本表中或系统中已有部门的编码（没有主管部门则留空）。",
    ),
    (
        "「用户」工作表",
        "每个用户一行。用户名只能包含字母、数字和 @ . + - _；填报部门编码、审核区域可填多个，用顿号“、”或逗号分隔，至少填写一项。"
        "联系电话可不填，只能包含数字、空格、+、- 和括号（如 0731-85899999 或 13800000000）。",
    ),
    ("可选值", "所属区域、单位性质、经费形式只能填写「可选值」工作表中列出的值。"),
    ("只新增", "本导入只新建部门和账号：部门编码、单位全称或用户名已在系统中存在时不予导入，请删除该行。"),
    (
        "初始密码",
        "系统为每个新账号生成初始密码，只在确认导入后的页面显示一次（可下载）。用户首次登录时必须修改密码。",
    ),
    (
        "文件要求",
        f".xlsx 格式，不超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，每张工作表不超过 {MAX_ROWS_PER_SHEET:,} 行。",
    ),
    ("出现问题时", "系统会一次列出全部问题（工作表、行、列和原因）；只要有一个问题，就不会保存任何数据。"),
]


def _instructions(ws, title: str, rows):
    write_title(ws, 1, title, 2)
    header_cell(ws, 3, 1, "事项")
    header_cell(ws, 3, 2, "说明")
    for offset, (topic, text) in enumerate(rows, start=4):
        label_cell(ws, offset, 1, topic, bold=True)
        text_cell(ws, offset, 2, text)
        fit_wrapped_text(ws, offset, text, INSTRUCTIONS_WIDTHS[1])
    set_widths(ws, INSTRUCTIONS_WIDTHS)
    print_setup(ws, landscape=False)


def _header(ws, labels: list[str], widths: list[float]):
    for column, label in enumerate(labels, start=1):
        header_cell(ws, 1, column, label)
    set_widths(ws, widths)
    ws.freeze_panes = "A2"


def build_onboarding_template() -> Workbook:
    workbook = Workbook()
    _instructions(workbook.active, "部门和用户批量导入模板", ONBOARDING_INSTRUCTIONS)
    workbook.active.title = INSTRUCTIONS_SHEET
    departments = workbook.create_sheet(DEPARTMENTS_SHEET)
    _header(departments, [c.label for c in DEPARTMENT_COLUMNS], [14, 36, 18, 14, 16, 26, 12, 30])
    for letter in ("A", "D"):  # codes stay text (leading zeros)
        departments.column_dimensions[letter].number_format = "@"
    users = workbook.create_sheet(USERS_SHEET)
    _header(users, [c.label for c in USER_COLUMNS], [18, 14, 30, 24, 18])
    for letter in ("C", "E"):  # codes and phone numbers stay text (leading zeros)
        users.column_dimensions[letter].number_format = "@"
    options = workbook.create_sheet(OPTIONS_SHEET)
    lists = [
        ("所属区域 / 审核区域", [region.name for region in Region.objects.order_by("name")]),
        ("单位性质", [label for _, label in UnitNature.choices]),
        ("经费形式", [label for _, label in FundingType.choices]),
    ]
    for column, (title, values) in enumerate(lists, start=1):
        header_cell(options, 1, column, title)
        for row, value in enumerate(values, start=2):
            text_cell(options, row, column, value)
    set_widths(options, [30, 30, 16])
    return workbook


def build_passwords_workbook(accounts: list[tuple[str, str, str]]) -> Workbook:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "初始密码"
    _header(ws, ["用户名", "姓名", "初始密码"], [20, 16, 20])
    for row, (username, name, password) in enumerate(accounts, start=2):
        for column, value in enumerate((username, name, password), start=1):
            text_cell(ws, row, column, value).number_format = "@"
    return workbook


def catalogue_template_filename(year: int) -> str:
    return f"{year}年度支出功能分类科目导入模板.xlsx"


def build_catalogue_template(year: int) -> Workbook:
    """The year's current catalogue (if any) in the 「科目」 sheet, ready to be edited and imported."""
    workbook = Workbook()
    _instructions(
        workbook.active,
        f"{year}年度支出功能分类科目导入模板",
        [
            ("用途", f"导入财政部公布的{year}年度支出功能分类科目。上传后先显示新增、更名和不变的科目，确认后才保存。"),
            (
                "科目编码",
                "3 位为类、5 位为款、7 位为项；上级科目由编码的前 3 位或前 5 位确定，必须在本文件中或已在本年度科目表中。",
            ),
            ("不删除", "本年度已有、但文件中没有的科目保持不变（报告可能已经使用）。"),
            ("出现问题时", "系统会一次列出全部问题；只要有一个问题，就不会保存任何数据。"),
        ],
    )
    workbook.active.title = INSTRUCTIONS_SHEET
    ws = workbook.create_sheet(CATALOGUE_SHEET)
    _header(ws, [c.label for c in CATALOGUE_COLUMNS], [14, 40])
    categories = FunctionalCategory.objects.filter(fiscal_year_id=year).order_by("code")
    for row, category in enumerate(categories, start=2):
        text_cell(ws, row, 1, category.code).number_format = "@"
        text_cell(ws, row, 2, category.name)
    workbook.active = 1
    return workbook
