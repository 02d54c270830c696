"""The import template: instructions first, the budget sheets (with the current figures, if any),
and the year's functional-classification catalogue for reference.
"""

from openpyxl import Workbook

from budgets.importing.layout import DEFAULT_LAYOUT, INCOME_SPENDING_TABLE, THREE_PUBLIC_TABLE, Layout, ListSheet
from budgets.importing.safety import MAX_ROWS_PER_SHEET, MAX_UPLOAD_BYTES
from budgets.importing.state import state_from_budget
from budgets.selectors import budget_for, catalogue_for_year
from departments.models import Department

from .budget_sheets import mark_identity, write_list, write_matrix
from .styles import (
    INSTRUCTIONS_WIDTHS,
    LEFT,
    NOTE_FONT,
    fit_wrapped_text,
    header_cell,
    label_cell,
    merged,
    print_setup,
    set_widths,
    text_cell,
)
from .styles import title_row as write_title

CATALOGUE_SHEET = "科目表"
INSTRUCTIONS_SHEET = "填写说明"
SPARE_ROWS = 10


def template_filename(department: Department, year: int) -> str:
    return f"{department.full_name}{year}年度预算数据导入模板.xlsx"


def instructions(layout: Layout) -> list[tuple[str, str]]:
    """The 填写说明 of a template in ``layout`` (the report's outline)."""
    rows = list(INSTRUCTIONS)
    rows[1] = ("填写范围", "只读取以下工作表：" + "、".join(layout.names) + "。本“填写说明”和“科目表”不读取。")
    if layout.has(THREE_PUBLIC_TABLE.name):
        rows.insert(4, THREE_PUBLIC_INSTRUCTIONS)
    if layout.has(INCOME_SPENDING_TABLE.name):
        rows.insert(
            4,
            (
                INCOME_SPENDING_TABLE.name,
                "填写收入合计、人员经费和公用经费（决算数）。基本支出 = 人员经费 + 公用经费，由系统计算："
                "“整体支出”表部门决算数的基本支出和“基础数据表”本年决算的公用经费都取自本表，可以留空；如果填写，必须一致。",
            ),
        )
    return rows


THREE_PUBLIC_INSTRUCTIONS = (
    THREE_PUBLIC_TABLE.name,
    "“上年决算数”行按类填写上年“三公”经费决算；“上年预算数”行只填“合计”一格（上年“三公”经费预算合计，"
    "不知道分项时填写；此格不是自动计算），其他格留空。这两行在系统中没有本部门上年度记录"
    "（或记录缺少某项预算数）时填写，留空表示未填写；已有记录时以记录为准，与记录相同的数不另行保存。",
)

INSTRUCTIONS = [
    (
        "用途",
        "填写本部门本年度的预算、决算数据后，在系统“导入预算数据”页面上传本文件。上传后先显示将要修改的内容（原值 → 新值），确认后才保存。",
    ),
    (
        "填写范围",
        "只读取以下工作表：" + "、".join(DEFAULT_LAYOUT.names) + "。本“填写说明”和“科目表”不读取。",
    ),
    (
        "金额",
        "单位一律为万元，最多两位小数，不能为负数。可以写成 478.9、1,234.56 或全角数字；不要带“万元”等文字。留空表示“未填写”，没有发生的支出请填 0。",
    ),
    (
        "自动计算的格",
        "标有“自动计算”的列、合计行和灰色格由系统计算，可以留空；如果填写，必须与计算结果一致，否则导入时会指出。",
    ),
    (
        "基础数据表",
        "“三公”经费、项目支出和预算调整几行的本年数重复其他工作表的数字，只用于核对；公用经费（及其中三项）、政府采购金额、结转结余总额在此表填写。"
        "“上年决算”列是上年数，会导入：系统中没有本部门上年度记录时，填写上年决算（结转结余总额即本年的年初结余），"
        "留空表示未填写；系统中已有上年度记录时以该记录为准，与记录相同的数不另行保存，"
        "不同的会保存并在检查中提示不一致。“三公”经费几行的上年决算在“三公经费”表填写。“财政供养人员”仅供参考，不导入。",
    ),
    (
        "科目编码",
        "支出功能分类按本年度科目表填写 3 位（类）、5 位（款）或 7 位（项）编码，见“科目表”工作表。同一科目只能填一行。科目名称可不填；报告正文中想用的写法填在“报告中的名称”列。",
    ),
    ("项目支出", "每个项目一行；“重点项目”填“是”或“否”。删除某一行即表示删除该项目，预览中会列出。"),
    ("增加行", "在“合计”行之上插入行即可；不要改动表头、行名称和工作表名称。"),
    ("公式", "可以使用公式，但请在 Excel 中保存后再上传（系统读取保存的计算结果）。"),
    (
        "文件要求",
        f".xlsx 格式（不接受 .xls、.xlsm 启用宏的工作簿和设置了打开密码的文件），不超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，每张工作表不超过 {MAX_ROWS_PER_SHEET:,} 行。",
    ),
    (
        "出现问题时",
        "系统会一次列出全部问题（工作表、行、列和原因）；只要有一个问题，就不会保存任何数据。改正后重新上传即可。",
    ),
]


def _instructions(ws, department: Department, year: int, layout: Layout):
    write_title(ws, 1, f"{department.full_name}{year}年度预算数据导入模板", 2)
    label_cell(ws, 3, 1, "单位名称", bold=True)
    text_cell(ws, 3, 2, department.full_name)
    label_cell(ws, 4, 1, "单位编码", bold=True)
    text_cell(ws, 4, 2, department.code).number_format = "@"
    label_cell(ws, 5, 1, "年度", bold=True)
    text_cell(ws, 5, 2, f"{year}年度")
    header_cell(ws, 7, 1, "事项")
    header_cell(ws, 7, 2, "说明")
    rows = instructions(layout)
    for offset, (topic, text) in enumerate(rows, start=8):
        label_cell(ws, offset, 1, topic, bold=True)
        text_cell(ws, offset, 2, text)
        fit_wrapped_text(ws, offset, text, INSTRUCTIONS_WIDTHS[1], min_lines=3)
    last = 8 + len(rows) + 1
    merged(
        ws,
        last,
        1,
        last,
        2,
        "本文件只能导入上面这个单位和年度；导入其他单位或年度时，请在系统中下载对应的模板。",
        font=NOTE_FONT,
        alignment=LEFT,
    )
    set_widths(ws, INSTRUCTIONS_WIDTHS)
    print_setup(ws, landscape=False)


def _catalogue(ws, catalogue):
    write_title(ws, 1, "支出功能分类科目表（供查阅，不导入）", 3)
    for column, text in enumerate(("科目编码", "科目名称", "级次"), start=1):
        header_cell(ws, 2, column, text)
    for row, category in enumerate(catalogue.values(), start=3):
        text_cell(ws, row, 1, category.code, center=True).number_format = "@"
        label_cell(ws, row, 2, category.name, indent={"class": 0, "section": 1, "item": 2}.get(category.level, 0))
        text_cell(ws, row, 3, category.get_level_display(), center=True)
    set_widths(ws, [12, 40, 8])
    ws.freeze_panes = "A3"
    print_setup(ws, header_rows=(1, 2), landscape=False)


def build_import_template(department: Department, year: int, *, layout: Layout = DEFAULT_LAYOUT) -> Workbook:
    """The template, filled in with the department-year's current figures when there are any;
    ``layout``: the sheets of the report's outline (``reports.excel.importing.evaluation_layout``)."""
    state = state_from_budget(budget_for(department_id=department.pk, fiscal_year_id=year))
    catalogue = catalogue_for_year(year)
    names = {code: category.name for code, category in catalogue.items()}
    heading = f"{department.full_name}{year}年度"

    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    workbook.properties.title = f"{heading}预算数据导入模板"
    mark_identity(workbook, department_code=department.code, year=year)
    _instructions(instructions, department, year, layout)
    for sheet in layout.sheets:
        ws = workbook.create_sheet(sheet.name)
        if isinstance(sheet, ListSheet):
            write_list(ws, sheet, state, heading=heading, catalogue=names, for_input=True, spare_rows=SPARE_ROWS)
        else:
            write_matrix(ws, sheet, state, heading=heading, for_input=True)
    _catalogue(workbook.create_sheet(CATALOGUE_SHEET), catalogue)
    return workbook
