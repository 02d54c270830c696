"""“其中” rows never exceed their parent.

* 资产购置支出 (其中) in each column ≤ the 决算 of that column (基本 / 项目 / 政府专项);
* 政府专项 ≤ 支出合计 in every budget column (政府专项 is an “其中” of the total);
* 公用经费 ≤ 基本支出 (基本支出 = 人员经费 + 公用经费); the budget against the larger of 年初/调整;
* 办公经费 + 水电差旅 + 会议培训 (其中) ≤ 公用经费, for budget and actual.

A part larger than its whole cannot be right: every finding is an error.
"""

from budgets.fields import (
    ASSET_ROW_LABEL,
    BUDGET_AMOUNT_LABELS,
    BUDGET_PARTS,
    BUDGET_STAGES,
    PART_LABELS,
    STAGE_LABELS,
    STAGE_SHORT_LABELS,
    TOTAL_LABEL,
)
from budgets.money import total

from ..common import figure, money
from ..findings import ERROR, Finding

CODE = "subtotal_within_parent"
TITLE = "“其中”数不超过其所属总数"


def _over(part, whole) -> bool:
    return part is not None and whole is not None and part > whole


def _finding(section, field, part_label, part, whole_label, whole, fix) -> Finding:
    return Finding(
        code=CODE,
        severity=ERROR,
        section=section,
        field=field,
        subject=f"{field}:{money(part)}>{money(whole)}",
        figures=(figure(part_label, part), figure(whole_label, whole), figure("超出", part - whole)),
        message=f"{part_label}{money(part)}万元大于{whole_label}{money(whole)}万元，“其中”数不能超过总数。{fix}",
    )


def check(report) -> list[Finding]:
    budget = report.budget
    if budget is None:
        return []
    amounts = budget.amounts
    findings = []
    for part in BUDGET_PARTS:
        asset, whole = amounts[f"asset_purchase_{part}"], amounts[f"{part}_actual"]
        if _over(asset, whole):
            findings.append(
                _finding(
                    "budget-table",
                    f"asset_purchase_{part}",
                    f"{ASSET_ROW_LABEL}（{PART_LABELS[part]}）",
                    asset,
                    f"{STAGE_LABELS['actual']}（{PART_LABELS[part]}）",
                    whole,
                    "请核对资产购置支出或决算数。",
                )
            )
    for column in BUDGET_STAGES:
        special, whole = amounts[f"special_{column}"], budget.total(column)
        if _over(special, whole):
            findings.append(
                _finding(
                    "budget-table",
                    f"special_{column}",
                    f"{PART_LABELS['special']}（{STAGE_SHORT_LABELS[column]}）",
                    special,
                    f"{TOTAL_LABEL}（{STAGE_SHORT_LABELS[column]}）",
                    whole,
                    "请核对政府专项或基本支出、项目支出的金额。",
                )
            )
    basic_budget = max(
        (value for value in (amounts["basic_initial"], amounts["basic_adjusted"]) if value is not None), default=None
    )
    for kind, basic, basic_label in (
        ("budget", basic_budget, "基本支出预算数"),
        ("actual", amounts["basic_actual"], "基本支出决算数"),
    ):
        public = amounts[f"public_funds_{kind}"]
        if _over(public, basic):
            findings.append(
                _finding(
                    "basic-data",
                    f"public_funds_{kind}",
                    BUDGET_AMOUNT_LABELS[f"public_funds_{kind}"],
                    public,
                    basic_label,
                    basic,
                    "公用经费是基本支出的一部分，请核对。",
                )
            )
        children = [f"{name}_{kind}" for name in ("office_expense", "utilities_travel", "meeting_training")]
        parts = total(*(amounts[name] for name in children))
        if _over(parts, public):
            names = "、".join(BUDGET_AMOUNT_LABELS[name] for name in children if amounts[name] is not None)
            findings.append(
                _finding(
                    "basic-data",
                    children[0],
                    f"其中各项（{names}）之和",
                    parts,
                    BUDGET_AMOUNT_LABELS[f"public_funds_{kind}"],
                    public,
                    "请核对公用经费及其中各项的金额。",
                )
            )
    return findings
