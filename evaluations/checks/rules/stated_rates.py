"""§5.8: rates quoted in the user's text equal the rates recomputed from the figures.

“预算完成率为95%” in a narrative while the figures give 92.80 % is a contradiction in the printed
report: an error. The stated rate is compared at its own precision (“93%” matches 92.80 %). A
rate that cannot be computed is not compared. Every basis a formula allows is accepted (预算完成率
against 调整预算 or 年初预算; 三公经费变动率 on 决算 or 预算), since the text may use either.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from ..common import excerpt, normalise_digits
from ..findings import ERROR, Figure, Finding

CODE = "stated_rates"
TITLE = "文字中的比率与按数据计算的一致"

# name in the text → (computation key, parameter variants)
RATES = {
    "预算完成率": ("budget_completion_rate", ({"basis": "adjusted"}, {"basis": "initial"})),
    "预算执行率": ("budget_completion_rate", ({"basis": "adjusted"}, {"basis": "initial"})),
    "预算调整率": ("budget_adjustment_rate", ({}, {"signed": True})),
    "在职人员控制率": ("staff_control_rate", ({},)),
    "三公经费控制率": ("three_public_control_rate", ({},)),
    "三公经费变动率": ("three_public_change_rate", ({"basis": "actual"}, {"basis": "budget"})),
    "公用经费控制率": ("public_funds_control_rate", ({},)),
    "政府采购执行率": ("procurement_execution_rate", ({},)),
    "结转结余率": ("carryover_rate", ({},)),
    "重点支出安排率": ("key_spending_rate", ({},)),
}
QUOTES = str.maketrans("", "", "“”\"'‘’")
PATTERN = re.compile(
    "("
    + "|".join(sorted(RATES, key=len, reverse=True))
    + r")\s*(?:为|是|达到|达|约为|仅为)?\s*(-?\d+(?:\.\d+)?)\s*[%％]"
)


def _agrees(stated: str, computed: Decimal) -> bool:
    places = Decimal(1).scaleb(-len(stated.split(".")[1])) if "." in stated else Decimal(1)
    return computed.quantize(places, rounding=ROUND_HALF_UP) == Decimal(stated)


def check(report) -> list[Finding]:
    from evaluations.scoring.computations import compute  # here: scoring imports this package

    findings, seen = [], set()
    for item in report.user_texts():
        text = normalise_digits(item.text).translate(QUOTES)
        for match in PATTERN.finditer(text):
            name, stated = match.group(1), match.group(2)
            key, variants = RATES[name]
            values = [compute(key, report, params).value for params in variants]
            values = [value for value in values if value is not None]
            if not values or any(_agrees(stated, value) for value in values):
                continue
            subject = f"{item.field}:{item.row or 0}:{name}:{stated}"
            if subject in seen:
                continue
            seen.add(subject)
            where = f"“{item.label}”" + (f"第{item.row}项" if item.row else "")
            findings.append(
                Finding(
                    code=CODE,
                    severity=ERROR,
                    section=item.section,
                    field=item.field,
                    row=item.row,
                    subject=subject,
                    figures=(Figure(f"文字中的{name}", f"{stated}%"), Figure(f"按数据计算的{name}", f"{values[0]}%")),
                    message=(
                        f"{where}中写的{name}为{stated}%（{excerpt(text, match.start(), match.end())}），"
                        f"按填报的数据计算为{values[0]}%。请改正文字，或核对相关数据。"
                    ),
                )
            )
    return findings
