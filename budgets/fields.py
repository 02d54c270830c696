"""The one catalogue of budget field groups and their labels.

Field names are those of ``DepartmentBudget`` (and of ``ProjectLine`` / ``ThreePublicLine`` for the
line groups); the 三公 kinds and their labels are ``budgets.models.ThreePublicKind``. Plain Python,
importing nothing, so the models, the forms, the Excel layout and the pure check snapshot all read it.

Which wording is used where:

* **table wording** — 二（一）'s rows 年初部门预算 / 调整预算数 / 部门决算数 and 其中：资产购置支出, its
  columns 基本支出 / 项目支出 / 政府专项 and 支出合计 (``STAGE_LABELS``, ``PART_LABELS``,
  ``ASSET_ROW_LABEL``, ``TOTAL_LABEL``): the section page and its form, the printed table, the
  「整体支出」 sheet, the admin; a cell is "row column" (``BUDGET_TABLE_LABELS``: form labels, 未完成
  items, the Word import);
* **short wording** — 年初预算 / 调整预算 / 决算 (``STAGE_SHORT_LABELS``): findings, the project
  lines' amount columns (page, sheet, import preview) and 二（三）'s figures;
* **one label per amount** — ``BUDGET_AMOUNT_LABELS`` (年初预算基本支出, 公用经费决算 …): findings,
  the import preview's changes, the amounts' database constraints;
* **基础数据表** rows and columns (``BASIC_DATA_ROW_LABELS``, ``BASIC_DATA_COLUMN_LABELS``) on the page
  and the sheet; their 上年数 (``PRIOR_YEAR_LABELS`` on the page, ``PRIOR_YEAR_SHORT_LABELS`` in
  findings);
* **部门整体支出概况** (outlines from 2020): ``INCOME_SPENDING_LABELS`` on the page and the sheet;
* **三公** amounts: 预算数 / 决算数 / 上年决算数 on the page (``THREE_PUBLIC_LABELS``), 部门预算数 /
  部门决算数 on the sheet, in the import preview and in the printed table (``THREE_PUBLIC_TABLE_LABELS``);
* **project lines**: ``PROJECT_LINE_LABELS`` on the page, the model and the audit trail;
  ``PROJECT_LINE_SHEET_LABELS`` on the sheet and in the import preview (the category as its code).

The model fields' own ``verbose_name`` (年初预算·基本支出 …) stays on ``DepartmentBudget``: the admin
and the audit trail read it from there.
"""

# 二（一） 整体支出情况表 ----------------------------------------------------------------------------
# Stages are the table's rows (``DepartmentBudget.column(stage)``), parts its columns; 支出合计 =
# 基本支出 + 项目支出 is derived, never stored.
BUDGET_STAGES = ("initial", "adjusted", "actual")
BUDGET_PARTS = ("basic", "project", "special")
STAGE_LABELS = {"initial": "年初部门预算", "adjusted": "调整预算数", "actual": "部门决算数"}
STAGE_SHORT_LABELS = {"initial": "年初预算", "adjusted": "调整预算", "actual": "决算"}
PART_LABELS = {"basic": "基本支出", "project": "项目支出", "special": "政府专项"}
TOTAL_LABEL = "支出合计"
ASSET_LABEL = "资产购置支出"
ASSET_ROW_LABEL = f"其中：{ASSET_LABEL}"

BUDGET_TABLE_FIELDS = (
    *(f"{part}_{stage}" for stage in BUDGET_STAGES for part in BUDGET_PARTS),
    *(f"asset_purchase_{part}" for part in BUDGET_PARTS),
)
BUDGET_TABLE_LABELS = {
    f"{part}_{stage}": f"{STAGE_LABELS[stage]} {PART_LABELS[part]}" for stage in BUDGET_STAGES for part in BUDGET_PARTS
} | {f"asset_purchase_{part}": f"{ASSET_ROW_LABEL} {PART_LABELS[part]}" for part in BUDGET_PARTS}

# 基础数据 ----------------------------------------------------------------------------------------
# Rows (the field prefix) × 本年预算 / 本年决算, and 结转结余 (决算 only).
BASIC_DATA_ROW_LABELS = {
    "public_funds": "公用经费",
    "office_expense": "其中：办公经费",
    "utilities_travel": "其中：水电差旅",
    "meeting_training": "其中：会议培训",
    "procurement": "政府采购金额",
}
BASIC_DATA_COLUMN_LABELS = {"budget": "本年预算", "actual": "本年决算"}
CARRYOVER_LABEL = "结转结余总额"
BASIC_DATA_FIELDS = (
    *(f"{row}_{column}" for row in BASIC_DATA_ROW_LABELS for column in BASIC_DATA_COLUMN_LABELS),
    "carryover",
)

# 上年数 -----------------------------------------------------------------------------------------
# Last year's 决算 typed this year when the system has no record of last year (基础数据 page, the
# 基础数据表's 上年决算 column): the 上年数 field → the figure of last year's record it stands for
# (a record wins). ``prior_carryover`` is also this year's 年初结余.
PRIOR_YEAR_COLUMN_LABEL = "上年决算"
PRIOR_RECORD_FIELDS = {
    f"prior_{name}": name
    for name in ("project_actual", *(f"{row}_actual" for row in BASIC_DATA_ROW_LABELS), "carryover")
}
PRIOR_YEAR_FIELDS = tuple(PRIOR_RECORD_FIELDS)
_PRIOR_ROWS = {
    "project_actual": PART_LABELS["project"],
    **{f"{row}_actual": label for row, label in BASIC_DATA_ROW_LABELS.items()},
    "carryover": CARRYOVER_LABEL,
}
PRIOR_YEAR_LABELS = {
    prior: _PRIOR_ROWS[record] + ("（即本年年初结余）" if record == "carryover" else "")
    for prior, record in PRIOR_RECORD_FIELDS.items()
}
PRIOR_YEAR_SHORT_LABELS = {
    prior: _PRIOR_ROWS[record].removeprefix("其中：") for prior, record in PRIOR_RECORD_FIELDS.items()
}

# 部门整体支出概况 (outlines from 2020): its save derives 基本支出决算 = 人员经费 + 公用经费 ------------
INCOME_SPENDING_LABELS = {"income_total": "收入合计", "personnel_actual": "人员经费", "public_funds_actual": "公用经费"}
INCOME_SPENDING_FIELDS = tuple(INCOME_SPENDING_LABELS)

# Every amount of ``DepartmentBudget``, one label each (in the model's order) -------------------
BUDGET_AMOUNT_LABELS = {
    **{
        f"{part}_{stage}": f"{STAGE_SHORT_LABELS[stage]}{PART_LABELS[part]}"
        for stage in BUDGET_STAGES
        for part in BUDGET_PARTS
    },
    **{f"asset_purchase_{part}": f"{ASSET_LABEL}（{PART_LABELS[part]}）" for part in BUDGET_PARTS},
    "public_funds_budget": "公用经费预算",
    "public_funds_actual": "公用经费决算",
    "office_expense_budget": "办公经费预算",
    "office_expense_actual": "办公经费决算",
    "utilities_travel_budget": "水电差旅预算",
    "utilities_travel_actual": "水电差旅决算",
    "meeting_training_budget": "会议培训预算",
    "meeting_training_actual": "会议培训决算",
    "procurement_budget": "政府采购预算",
    "procurement_actual": "政府采购实际金额",
    "carryover": CARRYOVER_LABEL,
    "income_total": INCOME_SPENDING_LABELS["income_total"],
    "personnel_actual": "人员经费决算",
    "prior_project_actual": "上年决算项目支出",
    "prior_public_funds_actual": "上年决算公用经费",
    "prior_office_expense_actual": "上年决算办公经费",
    "prior_utilities_travel_actual": "上年决算水电差旅",
    "prior_meeting_training_actual": "上年决算会议培训",
    "prior_procurement_actual": "上年政府采购实际金额",
    "prior_carryover": "上年结转结余（年初结余）",
    # Last year's 三公 budget as one figure, when its split is unknown (三公 page and sheet).
    "prior_three_public_budget": "上年“三公”经费预算合计",
}
BUDGET_AMOUNT_FIELDS = tuple(BUDGET_AMOUNT_LABELS)

# 二（二） 三公经费: the amounts of each kind (``ThreePublicLine``) ------------------------------------
THREE_PUBLIC_LABELS = {"budget_amount": "预算数", "actual_amount": "决算数", "prior_year_actual": "上年决算数"}
THREE_PUBLIC_TABLE_LABELS = {
    "budget_amount": "部门预算数",
    "actual_amount": "部门决算数",
    "prior_year_actual": THREE_PUBLIC_LABELS["prior_year_actual"],
}
THREE_PUBLIC_FIELDS = tuple(THREE_PUBLIC_LABELS)

# 二（四） project lines (``ProjectLine``) ----------------------------------------------------------
PROJECT_LINE_LABELS = {
    "name": "项目名称",
    "category": "功能分类科目",
    **STAGE_SHORT_LABELS,
    "purpose": "主要用途",
    "management": "管理和监督方式",
    "is_key": "重点项目",
}
PROJECT_LINE_FIELDS = tuple(PROJECT_LINE_LABELS)
PROJECT_AMOUNTS = BUDGET_STAGES
# A line as the sheet and the import hold it, in the sheet's order; the category as its code.
PROJECT_LINE_SHEET_LABELS = {
    "name": PROJECT_LINE_LABELS["name"],
    "category_code": "功能分类编码",
    **{name: PROJECT_LINE_LABELS[name] for name in PROJECT_AMOUNTS},
    **{name: PROJECT_LINE_LABELS[name] for name in ("is_key", "purpose", "management")},
}
PROJECT_LINE_SHEET_FIELDS = tuple(PROJECT_LINE_SHEET_LABELS)
