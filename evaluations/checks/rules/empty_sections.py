"""Empty items say so (“无”, 0.00), never blank: every section of the outline has content.

The report prints a heading for every section; a blank under it, or a blank cell in the 二（一）
and 二（二） tables, is an error. Writing “无” (or 0 for an amount) resolves it. 二（三） is drafted
from the figures and never empty. The 基础数据 attachment is not checked here: what is missing
there shows in the 评分表 as “无法计算” with the reason.
"""

from budgets.models import BUDGET_AMOUNT_LABELS

from ..common import money
from ..findings import ERROR, Finding
from ..snapshot import COLUMNS, PARTS, THREE_PUBLIC_LABELS

CODE = "empty_section"
TITLE = "各部分均已填写"

PROFILE_FIELDS = {"staff_quota": "编制数", "staff_actual": "实有在职人数", "duties": "主要职责"}
TEXT_FIELDS = {
    "project_fund_management": ("projects", "项目资金管理情况"),
    "goal_rationality_analysis": ("performance", "整体绩效目标合理性分析"),
    "output_analysis": ("performance", "整体绩效产出情况分析"),
    "problems_and_measures": ("problems", "存在的主要问题及改进措施或有关建议"),
}
TABLE_FIELDS = [f"{part}_{column}" for column in COLUMNS for part in PARTS] + [
    f"asset_purchase_{part}" for part in PARTS
]


def _empty(section, field, subject, message, row=None) -> Finding:
    return Finding(code=CODE, severity=ERROR, section=section, field=field, subject=subject, message=message, row=row)


def _profile(report) -> list[Finding]:
    if report.profile is None:
        return [
            _empty(
                "profile",
                "staff_quota",
                "profile",
                "尚未填写部门基本情况（编制数、实有在职人数、主要职责等），请填写。",
            )
        ]
    findings = [
        _empty("profile", field, f"profile:{field}", f"“{label}”未填写，请填写。")
        for field, label in PROFILE_FIELDS.items()
        if getattr(report.profile, field) in (None, "")
    ]
    if not report.key_work:
        findings.append(_empty("profile", "key_work_items", "key_work", "尚未填写重点工作，请至少填写一项。"))
    return findings


def _budget(report) -> list[Finding]:
    budget = report.budget
    if budget is None:
        return [
            _empty(
                "budget-table",
                "basic_initial",
                "budget",
                "尚未填写二（一）整体支出情况表，请填写年初预算、调整预算和决算数（没有的填 0）。",
            )
        ]
    findings = [
        _empty(
            "budget-table",
            field,
            f"budget:{field}",
            f"二（一）表中“{BUDGET_AMOUNT_LABELS[field]}”为空，请填写（没有的填 0）。",
        )
        for field in TABLE_FIELDS
        if budget.amounts[field] is None
    ]
    if not report.functional_lines:
        findings.append(
            _empty(
                "spending",
                "functional_lines",
                "functional_lines",
                "尚未填写按功能分类的支出（“主要用于……”），请至少填写一行。",
            )
        )
    project_actual = budget.project_actual
    if not report.project_lines and project_actual:
        findings.append(
            _empty(
                "projects",
                "project_lines",
                "project_lines",
                f"项目支出决算数为{money(project_actual)}万元，但尚未填写项目明细，请逐项填写项目名称和金额。",
            )
        )
    return findings


def _three_public(report) -> list[Finding]:
    by_kind = report.three_public_by_kind()
    findings = []
    for kind, label in THREE_PUBLIC_LABELS.items():
        line = by_kind.get(kind)
        blanks = [] if line is not None else ["预算数", "决算数"]
        if line is not None:
            blanks = [name for name, value in (("预算数", line.budget), ("决算数", line.actual)) if value is None]
        if blanks:
            findings.append(
                _empty(
                    "three-public",
                    "three_public_lines",
                    f"three_public:{kind}",
                    f"“三公”经费中{label}的{'、'.join(blanks)}为空，请填写（没有支出的填 0）。",
                )
            )
    return findings


def check(report) -> list[Finding]:
    findings = _profile(report)
    if not report.goals:
        findings.append(_empty("goals", "goals", "goals", "尚未填写绩效目标，请至少填写一项。"))
    findings += _budget(report)
    findings += _three_public(report)
    for field, (section, label) in TEXT_FIELDS.items():
        if not report.narratives[field].strip():
            findings.append(_empty(section, field, field, f"“{label}”尚未填写，请填写；如确无内容，请填写“无”。"))
    return findings
