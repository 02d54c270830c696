"""二（四）: the project lines add up to 项目支出, in every column where the lines state figures.

A column in which no line has a figure is not stated per line (the seed gives only 决算 per
project), so it is not checked; a column in which some lines have a figure and others do not
asks for the missing ones. Tolerance as for the functional lines: 0.005 × n.
The seed: 93.14 + 5.01 + 50.1 = 148.25 against 项目支出 148.35 — an error.
"""

from budgets.fields import BUDGET_STAGES, STAGE_SHORT_LABELS
from budgets.money import total

from ..common import figure, money, rounding_tolerance, tolerance_text
from ..findings import ERROR, NOTE, WARNING, Figure, Finding

CODE = "project_lines_sum"
TITLE = "项目明细合计与项目支出一致"


def _column_findings(report, column: str) -> list[Finding]:
    lines = report.project_lines
    values = [line.amount(column) for line in lines]
    stated = report.budget.amounts[f"project_{column}"]
    label = STAGE_SHORT_LABELS[column]
    if all(value is None for value in values) or stated is None:
        return []
    missing = [line for line in lines if line.amount(column) is None]
    if missing:
        names = "、".join(f"“{line.name}”" for line in missing)
        return [
            Finding(
                code=CODE,
                severity=WARNING,
                section="projects",
                field="project_lines",
                row=missing[0].row,
                subject=f"{column}:missing:{','.join(str(line.row) for line in missing)}",
                message=f"项目{names}未填写{label}数，而其他项目已填写，无法核对合计。请补填{label}数。",
            )
        ]
    parts = total(*values)
    difference = parts - stated
    if not difference:
        return []
    tolerance = rounding_tolerance(len(lines))
    figures = (
        figure(f"各项目{label}数之和", parts),
        figure(f"项目支出（{label}）", stated),
        figure("差额", difference),
        Figure(f"尾数容差（{len(lines)}行 × 0.005）", tolerance_text(tolerance)),
    )
    if abs(difference) <= tolerance:
        return [
            Finding(
                code=CODE,
                severity=NOTE,
                section="projects",
                field="project_lines",
                subject=f"{column}:{money(parts)}/{money(stated)}",
                figures=figures,
                message=(
                    f"尾数差异：各项目{label}数之和为{money(parts)}万元，项目支出{label}数为{money(stated)}万元，"
                    f"相差{money(abs(difference))}万元，在逐行四舍五入的容差（{tolerance_text(tolerance)}万元）之内，无需修改。"
                ),
            )
        ]
    return [
        Finding(
            code=CODE,
            severity=ERROR,
            section="projects",
            field="project_lines",
            subject=f"{column}:{money(parts)}/{money(stated)}",
            figures=figures,
            also=(("budget-table", f"project_{column}"),),
            message=(
                f"各项目{label}数之和为{money(parts)}万元，与项目支出{label}数{money(stated)}万元相差"
                f"{money(abs(difference))}万元，超出尾数容差（{tolerance_text(tolerance)}万元）。"
                f"请核对各项目的{label}金额，或核对{report.section_number('budget-table')}表中的项目支出{label}数。"
            ),
        )
    ]


def check(report) -> list[Finding]:
    if report.budget is None or not report.project_lines:
        return []
    return [finding for column in BUDGET_STAGES for finding in _column_findings(report, column)]
