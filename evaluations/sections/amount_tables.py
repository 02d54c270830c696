"""The two figure tables the report prints (二（一） and 二（二）), as formatted cells."""

from dataclasses import dataclass

from budgets.fields import ASSET_ROW_LABEL, PART_LABELS, STAGE_LABELS, THREE_PUBLIC_TABLE_LABELS, TOTAL_LABEL
from budgets.money import format_amount_table
from budgets.selectors import three_public_summary

NOT_FILLED_CELL = "未填写"  # a table figure not entered yet


@dataclass(frozen=True)
class AmountTable:
    """A corner label, column headers and rows of formatted figures."""

    corner: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


def cell(amount) -> str:
    return format_amount_table(amount, missing=NOT_FILLED_CELL)


def budget_table(bundle) -> AmountTable:
    """二（一）: 年初 / 调整 / 决算 / 其中：资产购置支出 × 支出合计 / 基本 / 项目 / 政府专项."""
    budget = bundle.budget
    keys = ("total", "basic", "project", "special")
    rows = []
    for stage, label in STAGE_LABELS.items():
        figures = budget.column(stage) if budget else {}
        rows.append((label, [cell(figures.get(key)) for key in keys]))
    assets = (
        {
            "total": budget.asset_purchase_total,
            "basic": budget.asset_purchase_basic,
            "project": budget.asset_purchase_project,
            "special": budget.asset_purchase_special,
        }
        if budget
        else {}
    )
    rows.append((ASSET_ROW_LABEL, [cell(assets.get(key)) for key in keys]))
    return AmountTable(corner="项目", columns=[TOTAL_LABEL, *PART_LABELS.values()], rows=rows)


def three_public_table(bundle) -> AmountTable:
    """二（二）: 部门预算数 / 部门决算数 × 因公出国出境 / 公车购置、运行 / 公务接待 / 合计."""
    summary = three_public_summary(bundle.budget.three_public_lines.all()) if bundle.budget else None
    keys = ("abroad", "vehicle", "reception", "total")
    rows = []
    for label, side in (
        (THREE_PUBLIC_TABLE_LABELS["budget_amount"], "budget"),
        (THREE_PUBLIC_TABLE_LABELS["actual_amount"], "actual"),
    ):
        figures = summary[side] if summary else {}
        rows.append((label, [cell(figures.get(key)) for key in keys]))
    return AmountTable(corner="", columns=["因公出国出境", "公车购置、运行", "公务接待", "合计"], rows=rows)
