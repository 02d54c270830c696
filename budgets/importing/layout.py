"""The layout of the budget sheets, shared by the Excel export and template (which write it) and
the import (which reads it), so that an exported workbook can be imported again unchanged.

Two kinds of sheet:

* ``MatrixSheet`` — a fixed table: labelled rows × labelled columns (二（一）, 三公, 基础数据).
  Every cell is an input (``Field``), a figure computed from inputs (``Derived``: may be left
  empty, and if filled in must agree), or not applicable (``None``: must stay empty).
* ``ListSheet`` — one line per row (functional-category lines, project lines), with an optional
  合计 row at the bottom whose figures are derived.

Rows and columns are found by their labels, not by position; labels are compared after NFKC
normalisation without spaces and without a trailing remark in brackets.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..fields import (
    ASSET_ROW_LABEL,
    BASIC_DATA_COLUMN_LABELS,
    BASIC_DATA_ROW_LABELS,
    BUDGET_AMOUNT_LABELS,
    BUDGET_PARTS,
    CARRYOVER_LABEL,
    INCOME_SPENDING_LABELS,
    PART_LABELS,
    PRIOR_RECORD_FIELDS,
    PRIOR_YEAR_COLUMN_LABEL,
    PROJECT_LINE_SHEET_LABELS,
    STAGE_LABELS,
    THREE_PUBLIC_TABLE_LABELS,
    TOTAL_LABEL,
)
from ..models import ThreePublicKind
from .state import asset_purchase_total, column_total, three_public_value

UNIT_TEXT = "单位：万元"


@dataclass(frozen=True)
class Field:
    """An input cell: a path into the state, e.g. ("budget", "basic_initial")."""

    path: tuple[str, ...]


@dataclass(frozen=True)
class Derived:
    """A computed cell: left empty on import, or it must equal ``compute(state)``."""

    compute: Callable[[dict], object]
    explain: str  # how it is computed, for the message when a typed value disagrees


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float = 14
    note: str = ""  # shown in brackets after the label, e.g. 仅供参考
    reference: bool = False  # written by the export, never read by the import


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    indent: int = 0
    # A row added after workbooks were already in use: a workbook without it is read as before, and
    # the figures of the row stay as stored (as figures no sheet holds).
    optional: bool = False


@dataclass(frozen=True)
class MatrixSheet:
    name: str
    title: str
    corner: str  # the label above the row labels
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    cells: dict  # (row key, column key) → Field | Derived | None
    label_width: float = 26

    def cell(self, row_key: str, column_key: str):
        return self.cells.get((row_key, column_key))


@dataclass(frozen=True)
class ListColumn:
    key: str
    label: str
    kind: str  # "amount", "code", "text", "yes_no", "number" (序号, not read)
    width: float = 14
    max_length: int = 0
    required: bool = False
    note: str = ""


@dataclass(frozen=True)
class ListSheet:
    name: str
    title: str
    columns: tuple[ListColumn, ...]
    state_key: str  # "functional_lines" or "project_lines"
    totals: tuple[str, ...] = field(default=())  # amount columns summed in the 合计 row
    identity: str = ""  # the column that names a line in messages and in the preview

    def column(self, key: str) -> ListColumn:
        return next(column for column in self.columns if column.key == key)


# 二（一） 部门整体支出情况表 -----------------------------------------------------------------
def _budget_table_cells() -> dict:
    cells = {}
    for column, label in STAGE_LABELS.items():
        cells[(column, "total")] = Derived(
            lambda state, column=column: column_total(state, column), f"{label}的基本支出 + 项目支出"
        )
        for part in BUDGET_PARTS:
            cells[(column, part)] = Field(("budget", f"{part}_{column}"))
    cells[("asset", "total")] = Derived(asset_purchase_total, "资产购置支出的基本支出 + 项目支出")
    for part in BUDGET_PARTS:
        cells[("asset", part)] = Field(("budget", f"asset_purchase_{part}"))
    return cells


BUDGET_TABLE = MatrixSheet(
    name="整体支出",
    title="部门整体支出情况表",
    corner="项目",
    columns=(
        Column("total", TOTAL_LABEL, note="自动计算"),
        *(Column(part, label) for part, label in PART_LABELS.items()),
    ),
    rows=(
        *(Row(stage, label) for stage, label in STAGE_LABELS.items()),
        Row("asset", ASSET_ROW_LABEL, indent=1),
    ),
    cells=_budget_table_cells(),
)


# 二（二） "三公"经费 ----------------------------------------------------------------------------
_THREE_PUBLIC_ROWS = {"budget": "budget_amount", "actual": "actual_amount", "prior": "prior_year_actual"}


def _three_public_cells() -> dict:
    cells = {}
    for row, attr in _THREE_PUBLIC_ROWS.items():
        for kind in ThreePublicKind.values:
            cells[(row, kind)] = Field(("three_public", kind, attr))
        cells[(row, "vehicle")] = Derived(
            lambda state, attr=attr: three_public_value(state, "vehicle", attr), "公车购置 + 公车运行维护"
        )
        cells[(row, "total")] = Derived(
            lambda state, attr=attr: three_public_value(state, "total", attr),
            "因公出国（境） + 公车购置 + 公车运行维护 + 公务接待",
        )
    # 上年预算数: last year's 三公 budget as one figure, for when the system has no record of last year
    # (or the record lacks a kind's budget) and the split is unknown: only its 合计 cell is typed.
    for column in (*ThreePublicKind.values, "vehicle"):
        cells[("prior_budget", column)] = None
    cells[("prior_budget", "total")] = Field(("budget", "prior_three_public_budget"))
    return cells


THREE_PUBLIC_TABLE = MatrixSheet(
    name="三公经费",
    title="“三公”经费支出情况表",
    corner="项目",
    columns=(
        Column("abroad", ThreePublicKind.ABROAD.label),
        Column("vehicle", "公务用车购置及运行维护", width=16, note="自动计算"),
        Column("vehicle_purchase", f"其中：{ThreePublicKind.VEHICLE_PURCHASE.label}"),
        Column("vehicle_operation", f"其中：{ThreePublicKind.VEHICLE_OPERATION.label}", width=16),
        Column("reception", ThreePublicKind.RECEPTION.label),
        Column("total", "合计", note="自动计算"),
    ),
    rows=(
        Row("budget", THREE_PUBLIC_TABLE_LABELS["budget_amount"]),
        Row("actual", THREE_PUBLIC_TABLE_LABELS["actual_amount"]),
        Row("prior", f"{THREE_PUBLIC_TABLE_LABELS['prior_year_actual']}（系统中无上年度数据时填写）"),
        Row("prior_budget", "上年预算数（系统中无上年度数据时只填合计）", optional=True),
    ),
    cells=_three_public_cells(),
    label_width=30,
)


# 支出功能分类 ---------------------------------------------------------------------------------
FUNCTIONAL_LINES = ListSheet(
    name="支出功能分类",
    title="部门整体支出按功能分类情况",
    state_key="functional_lines",
    columns=(
        ListColumn("number", "序号", "number", width=6),
        ListColumn("code", "科目编码", "code", width=12, required=True),
        ListColumn("category_name", "科目名称", "text", width=30, max_length=100, note="按科目表，可不填"),
        ListColumn("display_name", "报告中的名称", "text", width=26, max_length=100, note="可不填"),
        ListColumn("amount", "金额", "amount", width=14),
    ),
    totals=("amount",),
    identity="code",
)


# 项目支出 -------------------------------------------------------------------------------------
PROJECT_LINES = ListSheet(
    name="项目支出",
    title="项目支出情况",
    state_key="project_lines",
    columns=(
        ListColumn("number", "序号", "number", width=6),
        ListColumn("name", PROJECT_LINE_SHEET_LABELS["name"], "text", width=28, max_length=200, required=True),
        ListColumn("category_code", PROJECT_LINE_SHEET_LABELS["category_code"], "code", width=13),
        ListColumn("initial", PROJECT_LINE_SHEET_LABELS["initial"], "amount"),
        ListColumn("adjusted", PROJECT_LINE_SHEET_LABELS["adjusted"], "amount"),
        ListColumn("actual", PROJECT_LINE_SHEET_LABELS["actual"], "amount"),
        ListColumn("is_key", PROJECT_LINE_SHEET_LABELS["is_key"], "yes_no", width=10, note="是/否"),
        ListColumn("purpose", PROJECT_LINE_SHEET_LABELS["purpose"], "text", width=36, max_length=2000),
        ListColumn("management", PROJECT_LINE_SHEET_LABELS["management"], "text", width=36, max_length=2000),
    ),
    totals=("initial", "adjusted", "actual"),
    identity="name",
)


# 基础数据表（经费控制） --------------------------------------------------------------------------
# Its rows of 基础数据 figures: row key → the field prefix (``budgets.fields.BASIC_DATA_ROW_LABELS``).
_BASIC_DATA_ROWS = {
    "public_funds": "public_funds",
    "office": "office_expense",
    "utilities": "utilities_travel",
    "meeting": "meeting_training",
    "procurement": "procurement",
}
# The row of each figure last year's record has a 上年数 for (``budgets.fields.PRIOR_RECORD_FIELDS``).
_PRIOR_ROWS = {
    "project_actual": "project",
    **{f"{prefix}_actual": row for row, prefix in _BASIC_DATA_ROWS.items()},
    "carryover": "carryover",
}


def _basic_data_cells() -> dict:
    cells = {}
    for part, label in (
        ("total", "三公经费合计"),
        ("vehicle", "公务用车购置和运行维护"),
        ("vehicle_purchase", "公车购置"),
        ("vehicle_operation", "公车运行维护"),
        ("abroad", "因公出国（境）"),
        ("reception", "公务接待"),
    ):
        for column, attr in (("budget", "budget_amount"), ("actual", "actual_amount")):
            cells[(f"tp_{part}", column)] = Derived(
                lambda state, part=part, attr=attr: three_public_value(state, part, attr),
                f"「三公经费」表的{label}{THREE_PUBLIC_TABLE_LABELS[attr]}",
            )
    cells[("project", "budget")] = Derived(
        lambda state: state["budget"]["project_initial"], "「整体支出」表年初部门预算的项目支出"
    )
    cells[("project", "actual")] = Derived(
        lambda state: state["budget"]["project_actual"], "「整体支出」表部门决算数的项目支出"
    )
    for row, prefix in _BASIC_DATA_ROWS.items():
        cells[(row, "budget")] = Field(("budget", f"{prefix}_budget"))
        cells[(row, "actual")] = Field(("budget", f"{prefix}_actual"))
    cells[("carryover", "budget")] = None
    cells[("carryover", "actual")] = Field(("budget", "carryover"))
    # 上年决算: the 上年数 typed when the system has no record of last year (the 三公 rows repeat the
    # 「三公经费」 sheet's 上年决算数 row).
    for part, label in (
        ("total", "合计"),
        ("vehicle", "公务用车购置和运行维护"),
        ("vehicle_purchase", "公车购置"),
        ("vehicle_operation", "公车运行维护"),
        ("abroad", "因公出国（境）"),
        ("reception", "公务接待"),
    ):
        cells[(f"tp_{part}", "prior")] = Derived(
            lambda state, part=part: three_public_value(state, part, "prior_year_actual"),
            f"「三公经费」表上年决算数的{label}",
        )
    for prior, record in PRIOR_RECORD_FIELDS.items():
        cells[(_PRIOR_ROWS[record], "prior")] = Field(("budget", prior))
    cells[("initial_total", "prior")] = None
    cells[("adjusted_total", "prior")] = None
    cells[("initial_total", "budget")] = Derived(
        lambda state: column_total(state, "initial"), "「整体支出」表年初部门预算的支出合计"
    )
    cells[("adjusted_total", "budget")] = Derived(
        lambda state: column_total(state, "adjusted"), "「整体支出」表调整预算数的支出合计"
    )
    return cells


BASIC_DATA_TABLE = MatrixSheet(
    name="基础数据表",
    title="部门整体支出绩效评价基础数据表",
    corner="项目",
    columns=(
        Column("prior", PRIOR_YEAR_COLUMN_LABEL, note="系统中无上年度记录时填写", width=18),
        *(Column(column, label) for column, label in BASIC_DATA_COLUMN_LABELS.items()),
    ),
    rows=(
        Row("tp_total", "“三公”经费合计"),
        Row("tp_vehicle", "1.公务用车购置和运行维护费", indent=1),
        Row("tp_vehicle_purchase", "其中：公务用车购置费", indent=2),
        Row("tp_vehicle_operation", "其中：公务用车运行维护费", indent=2),
        Row("tp_abroad", "2.因公出国（境）费", indent=1),
        Row("tp_reception", "3.公务接待费", indent=1),
        Row("project", PART_LABELS["project"]),
        Row("public_funds", BASIC_DATA_ROW_LABELS["public_funds"]),
        Row("office", BASIC_DATA_ROW_LABELS["office_expense"], indent=1),
        Row("utilities", BASIC_DATA_ROW_LABELS["utilities_travel"], indent=1),
        Row("meeting", BASIC_DATA_ROW_LABELS["meeting_training"], indent=1),
        Row("procurement", BASIC_DATA_ROW_LABELS["procurement"]),
        Row("carryover", CARRYOVER_LABEL),
        Row("initial_total", "部门整体支出年初预算"),
        Row("adjusted_total", "部门整体支出调整后预算"),
    ),
    cells=_basic_data_cells(),
    label_width=30,
)
# In the basic-data table the 三公 rows, 项目支出 and 预算调整 only repeat figures owned by other
# sheets: they are Derived, so a filler who types a different figure there is told where it lives.
for _row in ("initial_total", "adjusted_total"):
    BASIC_DATA_TABLE.cells[(_row, "actual")] = None


# 部门整体支出概况 (outlines from 2020): 收入合计, 人员经费, 公用经费; 基本支出 derived ------------------
def basic_from_parts(state: dict):
    """基本支出决算 = 人员经费 + 公用经费, known only when both are (as ``budget_income_spending_save``)."""
    budget = state["budget"]
    personnel, public_funds = budget["personnel_actual"], budget["public_funds_actual"]
    if personnel is None or public_funds is None:
        return None
    return personnel + public_funds


INCOME_SPENDING_TABLE = MatrixSheet(
    name="收支概况",
    title="部门整体支出概况",
    corner="项目",
    columns=(Column("amount", "金额"),),
    rows=(
        Row("income", INCOME_SPENDING_LABELS["income_total"]),
        Row("personnel", INCOME_SPENDING_LABELS["personnel_actual"]),
        Row("public_funds", INCOME_SPENDING_LABELS["public_funds_actual"]),
        Row("basic", "基本支出（人员经费 + 公用经费）"),
    ),
    cells={
        ("income", "amount"): Field(("budget", "income_total")),
        ("personnel", "amount"): Field(("budget", "personnel_actual")),
        ("public_funds", "amount"): Field(("budget", "public_funds_actual")),
        ("basic", "amount"): Derived(basic_from_parts, "人员经费 + 公用经费"),
    },
    label_width=30,
)

# Figures a section's save derives (``Section.derived_budget_fields``): how, and on which sheet
# their parts are typed. In a layout that derives them, every cell holding them is computed.
DERIVED_FIGURES = {
    "basic_actual": (
        basic_from_parts,
        f"「{INCOME_SPENDING_TABLE.name}」表的人员经费 + 公用经费",
        INCOME_SPENDING_TABLE.name,
    ),
}


# Every sheet a workbook may have, in the order of the template and the export.
ALL_DATA_SHEETS = (
    INCOME_SPENDING_TABLE,
    BUDGET_TABLE,
    THREE_PUBLIC_TABLE,
    FUNCTIONAL_LINES,
    PROJECT_LINES,
    BASIC_DATA_TABLE,
)


@dataclass(frozen=True)
class Layout:
    """The data sheets of one report's workbook: which sheets, and which of their cells are typed.

    Follows the report's outline (``evaluations.outlines.selectors.Outline.excel_layout``): a figure
    is typed on one sheet only; where the outline derives it or another sheet holds it, the cell is
    ``Derived`` (may be left empty; a typed value must agree). ``derived`` are the budget figures the
    import computes into the state (``DERIVED_FIGURES``) before checking.
    """

    sheets: tuple
    derived: frozenset = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sheet.name for sheet in self.sheets)

    def get(self, name: str):
        return next((sheet for sheet in self.sheets if sheet.name == name), None)

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    def budget_field_sheets(self) -> dict[str, str]:
        """``DepartmentBudget`` amount → the sheet where it is typed; an import leaves the others as stored."""
        return {
            spec.path[1]: sheet.name
            for sheet in self.sheets
            if isinstance(sheet, MatrixSheet)
            for spec in sheet.cells.values()
            if isinstance(spec, Field) and spec.path[0] == "budget"
        }

    def sheet_of(self, budget_field: str) -> str:
        """The sheet a change of a budget figure is listed under (where it is typed, or derived from)."""
        typed = self.budget_field_sheets().get(budget_field)
        if typed:
            return typed
        if budget_field in self.derived and budget_field in DERIVED_FIGURES:
            return DERIVED_FIGURES[budget_field][2]
        return ""

    def derive(self, state: dict) -> None:
        """Compute the derived budget figures into ``state`` (after reading, before the checks)."""
        for name in sorted(self.derived):
            if name in DERIVED_FIGURES:
                state["budget"][name] = DERIVED_FIGURES[name][0](state)


def _typed_elsewhere(name: str, where: str) -> Derived:
    label = BUDGET_AMOUNT_LABELS.get(name, name)
    explain = f"「{where}」表的{label}" if where else f"{label}，在报告的填报页面中填写"
    return Derived(lambda state: state["budget"][name], explain)


def layout_for(sheet_names: Iterable[str], *, typed_in: Mapping[str, str], derived: Iterable[str] = ()) -> Layout:
    """The layout of the sheets named (in the usual order), each budget figure typed on one sheet.

    ``typed_in``: budget figure → the sheet where it is typed ("" when typed on a page without a
    sheet); ``derived``: figures computed from others. A ``Field`` cell of any other figure stays
    an input; one whose figure is derived or typed on another sheet becomes ``Derived``.
    """
    wanted = set(sheet_names)
    derived = frozenset(derived)
    sheets = []
    for sheet in ALL_DATA_SHEETS:
        if sheet.name not in wanted:
            continue
        if isinstance(sheet, MatrixSheet):
            cells = {}
            for key, spec in sheet.cells.items():
                if isinstance(spec, Field) and spec.path[0] == "budget":
                    name = spec.path[1]
                    if name in derived:
                        compute, explain, _home = DERIVED_FIGURES.get(
                            name, (lambda state, name=name: state["budget"][name], "自动计算", "")
                        )
                        spec = Derived(compute, explain)
                    elif typed_in.get(name, sheet.name) != sheet.name:
                        spec = _typed_elsewhere(name, typed_in[name])
                cells[key] = spec
            if cells != sheet.cells:
                sheet = replace(sheet, cells=cells)
        sheets.append(sheet)
    return Layout(sheets=tuple(sheets), derived=derived)


# The layout of the 2018 outline, and of any caller that does not name one.
DEFAULT_LAYOUT = Layout(sheets=(BUDGET_TABLE, THREE_PUBLIC_TABLE, FUNCTIONAL_LINES, PROJECT_LINES, BASIC_DATA_TABLE))
