"""二（三）: 调整预算 ≠ 年初预算, or 决算 ≠ 调整预算, needs a stated reason.

The reason is stated in the 预决算差异成因分析 text written by the user: non-empty, free of the
draft's placeholder 【请说明差异原因】 (and any other 【…】), and saying why (原因/由于/因…).
A 决算 below 调整预算 is a completion rate below 100 %, which needs the same reason.
"""

import re

from budgets.fields import BUDGET_PARTS, BUDGET_STAGES, PART_LABELS

from ..common import figure, money, signed
from ..findings import WARNING, Finding

CODE = "budget_variance_reason"
TITLE = "预算调整和预决算差异须说明原因"
PLACEHOLDER = re.compile(r"【[^】]*】")
REASON_MARKERS = ("原因", "由于", "因", "系", "主要", "用于", "追加", "调减", "调增", "导致")


def reason_stated(text: str) -> bool:
    text = text.strip()
    return bool(text) and not PLACEHOLDER.search(text) and any(marker in text for marker in REASON_MARKERS)


def differences(budget) -> list[tuple[str, str, str, object, object]]:
    """(part, later column, earlier column, later, earlier) for every column pair that differs."""
    found = []
    for part in BUDGET_PARTS:
        initial, adjusted, actual = (budget.amounts[f"{part}_{column}"] for column in BUDGET_STAGES)
        if initial is not None and adjusted is not None and adjusted != initial:
            found.append((part, "调整预算数", "年初预算数", adjusted, initial))
        if adjusted is not None and actual is not None and actual != adjusted:
            found.append((part, "决算数", "调整预算数", actual, adjusted))
    return found


def check(report) -> list[Finding]:
    if report.budget is None:
        return []
    found = differences(report.budget)
    if not found or reason_stated(report.narratives.get("variance_analysis_override", "")):
        return []
    described = "；".join(
        f"{PART_LABELS[part]}{later_name}{money(later)}万元，较{earlier_name}{money(earlier)}万元"
        f"{'增加' if later > earlier else '减少'}{money(abs(later - earlier))}万元"
        for part, later_name, earlier_name, later, earlier in found
    )
    figures = tuple(
        figure(f"{PART_LABELS[part]}：{later_name} － {earlier_name}", later - earlier)
        for part, later_name, earlier_name, later, earlier in found
    )
    return [
        Finding(
            code=CODE,
            severity=WARNING,
            section="variance",
            field="variance_analysis_override",
            subject=";".join(
                f"{part}:{later_name}{signed(later - earlier)}" for part, later_name, _, later, earlier in found
            ),
            figures=figures,
            message=(
                f"预算数之间存在差异（{described}），但未说明原因。"
                "请在“预决算差异成因分析”中写明差异的原因（如追加或调减预算的依据、未完成支出的原因），"
                "并删除【请说明差异原因】等提示文字。"
            ),
        )
    ]
