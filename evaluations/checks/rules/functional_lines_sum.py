"""一 2: the functional-category lines add up to 支出合计 (决算), within rounding.

More than 0.005 × n off is an error; less, but not equal, is a note 「尾数差异」 (each line was
rounded from 元 to 万元). The seed's 478.89 against 478.9 (six lines, tolerance 0.03) is such a note.
"""

from budgets.money import total

from ..common import figure, money, rounding_tolerance, tolerance_text
from ..findings import ERROR, NOTE, Figure, Finding

CODE = "functional_lines_sum"
TITLE = "功能分类支出合计与支出合计一致"


def check(report) -> list[Finding]:
    budget, lines = report.budget, report.functional_lines
    if budget is None or not lines or budget.total("actual") is None:
        return []
    missing = [line for line in lines if line.amount is None]
    if missing:
        return [
            Finding(
                code=CODE,
                severity=ERROR,
                section="spending",
                field="functional_lines",
                row=line.row,
                subject=f"missing:{line.row}",
                message=f"功能分类第{line.row}行“{line.label}”未填写金额，请填写（确无支出的科目请删除该行）。",
            )
            for line in missing
        ]
    stated = budget.total("actual")
    parts = total(*(line.amount for line in lines))
    difference = parts - stated
    if not difference:
        return []
    tolerance = rounding_tolerance(len(lines))
    figures = (
        figure("各功能分类支出之和", parts),
        figure("支出合计（决算）", stated),
        figure("差额", difference),
        Figure(f"尾数容差（{len(lines)}行 × 0.005）", tolerance_text(tolerance)),
    )
    if abs(difference) <= tolerance:
        return [
            Finding(
                code=CODE,
                severity=NOTE,
                section="spending",
                field="functional_lines",
                subject=f"{money(parts)}/{money(stated)}",
                figures=figures,
                message=(
                    f"尾数差异：各功能分类支出之和为{money(parts)}万元，支出合计为{money(stated)}万元，"
                    f"相差{money(abs(difference))}万元，在逐行四舍五入的容差（{tolerance_text(tolerance)}万元）之内，"
                    "属于尾数差异，无需修改。"
                ),
            )
        ]
    return [
        Finding(
            code=CODE,
            severity=ERROR,
            section="spending",
            field="functional_lines",
            subject=f"{money(parts)}/{money(stated)}",
            figures=figures,
            also=(("budget-table", "basic_actual"),),
            message=(
                f"各功能分类支出之和为{money(parts)}万元，与支出合计（决算）{money(stated)}万元相差"
                f"{money(abs(difference))}万元，超出尾数容差（{tolerance_text(tolerance)}万元）。"
                f"请核对各功能分类的金额，或核对{report.section_number('budget-table')}表中的基本支出、项目支出决算数。"
            ),
        )
    ]
