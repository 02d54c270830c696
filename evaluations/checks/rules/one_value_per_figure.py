"""One value per figure: a project (二（四）) and its functional category (一 2) must agree.

Matching: a project line is matched to the functional line whose category code is the longest
prefix of the project's category code (a line for 类 205 covers a project in 项 2050802); a
project without a category is matched by name (ignoring 支出/经费 endings).

A functional category's spending is its projects *plus* any 基本支出 booked to it, so it may be
larger than its projects — 政务公开审批 373.98 against the project 93.14 in the seed is fine.
What cannot be right:

* the projects of a category exceed the category (beyond rounding): error;
* the two differ by less than ``NEAR_EQUAL_SHARE`` (5 %) of the category and more than rounding:
  the same figure written twice, differently — the seed's 干部教育培训 5.1 in 一 2 against 5.01 in
  二（四）. A warning: if the gap really is 基本支出 of that category, acknowledge it with that reason;
* within rounding but not equal: a note 「尾数差异」.
"""

from decimal import Decimal

from budgets.money import total

from ..common import compact_name, figure, money, rounding_tolerance
from ..findings import ERROR, NOTE, WARNING, Finding

CODE = "one_value_per_figure"
TITLE = "同一数字在各部分一致（项目支出与功能分类）"
NEAR_EQUAL_SHARE = Decimal("0.05")


def _match(report) -> dict[int, list]:
    """Functional line row → the project lines that belong to it."""
    by_row: dict[int, list] = {}
    for project in report.project_lines:
        matched = None
        if project.category is not None:
            candidates = [
                line for line in report.functional_lines if project.category.code.startswith(line.category.code)
            ]
            if candidates:
                matched = max(candidates, key=lambda line: len(line.category.code))
        else:
            name = compact_name(project.name)
            matched = next(
                (
                    line
                    for line in report.functional_lines
                    if name in {compact_name(line.label), compact_name(line.category.name)}
                ),
                None,
            )
        if matched is not None:
            by_row.setdefault(matched.row, []).append(project)
    return by_row


def _finding(report, severity, line, projects, parts, message) -> Finding:
    names = "、".join(project.name for project in projects)
    spending, projects_number = report.section_number("spending"), report.section_number("projects")
    return Finding(
        code=CODE,
        severity=severity,
        section="projects",
        field="project_lines",
        row=projects[0].row,
        subject=f"{line.category.code}:{money(line.amount)}/{money(parts)}",
        figures=(
            figure(f"{line.label}（{spending} 整体支出情况）", line.amount),
            figure(f"{names}（{projects_number}项目组织实施情况）", parts),
            figure("差额", line.amount - parts),
        ),
        also=(("spending", "functional_lines"),),
        message=message,
    )


def check(report) -> list[Finding]:
    findings = []
    lines = {line.row: line for line in report.functional_lines}
    for row, projects in _match(report).items():
        line = lines[row]
        actuals = [project.actual for project in projects if project.actual is not None]
        if line.amount is None or not actuals:
            continue
        parts = total(*actuals)
        gap = line.amount - parts
        tolerance = rounding_tolerance(len(actuals) + 1)
        names = "、".join(f"“{project.name}”" for project in projects)
        where = (
            f"{report.section_number('spending')} 中“{line.label}”为{money(line.amount)}万元，"
            f"{report.section_number('projects')}中{names}为{money(parts)}万元"
        )
        if gap < -tolerance:
            findings.append(
                _finding(
                    report,
                    ERROR,
                    line,
                    projects,
                    parts,
                    f"{where}：项目支出大于该功能分类科目的全部支出，不可能成立。请核对两处金额，使同一数字处处一致。",
                )
            )
        elif gap and abs(gap) <= tolerance:
            findings.append(
                _finding(
                    report,
                    NOTE,
                    line,
                    projects,
                    parts,
                    f"尾数差异：{where}，相差{money(abs(gap))}万元，在尾数容差之内。",
                )
            )
        elif gap > tolerance and gap < NEAR_EQUAL_SHARE * line.amount:
            findings.append(
                _finding(
                    report,
                    WARNING,
                    line,
                    projects,
                    parts,
                    f"同一数字前后不一致：{where}，相差{money(gap)}万元。"
                    "请核对后把两处改为同一金额；如差额确为该科目下的基本支出，请在确认时说明。",
                )
            )
    return findings
