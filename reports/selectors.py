"""Everything the report template shows, read from the stored data in one place.

The template (``templates/reports/report.html`` or a year's own layout) only places these values;
figures are formatted here (tables: two decimals; prose: as drafted), sentences that restate
figures come from ``evaluations.drafting`` unless the user overrode them.
"""

from dataclasses import dataclass

from budgets.models import BudgetColumn
from budgets.money import format_amount_table
from budgets.selectors import three_public_summary
from evaluations import drafting
from evaluations.drafting import overridable
from evaluations.models import Evaluation
from evaluations.scoring.selectors import attachments_context
from evaluations.sections import SECTIONS
from evaluations.selectors import ReportBundle, report_bundle

NOT_FILLED = "（未填写）"  # a text the user has not written yet
NOT_FILLED_CELL = "未填写"  # a table figure not entered yet
NONE = "无"  # a list with no items


@dataclass(frozen=True)
class AmountTable:
    """A table of section 二: a corner label, column headers and rows of formatted figures."""

    corner: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


def paragraphs(text: str, empty: str = NOT_FILLED) -> list[str]:
    """A user's text as paragraphs (one per non-empty line); an empty text says so."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return [line for line in lines if line] or [empty]


def cell(amount) -> str:
    return format_amount_table(amount, missing=NOT_FILLED_CELL)


def budget_table(bundle: ReportBundle) -> AmountTable:
    """二（一）: 年初 / 调整 / 决算 / 其中：资产购置支出 × 支出合计 / 基本 / 项目 / 政府专项."""
    budget = bundle.budget
    keys = ("total", "basic", "project", "special")
    rows = []
    for column in BudgetColumn:
        figures = budget.column(column.value) if budget else {}
        rows.append((column.label, [cell(figures.get(key)) for key in keys]))
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
    rows.append(("其中：资产购置支出", [cell(assets.get(key)) for key in keys]))
    return AmountTable(corner="项目", columns=["支出合计", "基本支出", "项目支出", "政府专项"], rows=rows)


def three_public_table(bundle: ReportBundle) -> AmountTable:
    """二（二）: 部门预算数 / 部门决算数 × 因公出国出境 / 公车购置、运行 / 公务接待 / 合计."""
    summary = three_public_summary(bundle.budget.three_public_lines.all()) if bundle.budget else None
    keys = ("abroad", "vehicle", "reception", "total")
    rows = []
    for label, side in (("部门预算数", "budget"), ("部门决算数", "actual")):
        figures = summary[side] if summary else {}
        rows.append((label, [cell(figures.get(key)) for key in keys]))
    return AmountTable(corner="", columns=["因公出国出境", "公车购置、运行", "公务接待", "合计"], rows=rows)


def report_title_lines(bundle: ReportBundle) -> tuple[str, str]:
    """The title in its two natural halves, so a title too long for one line breaks between them."""
    return (f"{bundle.department.region.short_name}部门整体支出（{bundle.year}年度）", "绩效自评报告")


def report_context(*, evaluation: Evaluation) -> dict:
    """The values of every section of the report, ready for the template."""
    bundle = report_bundle(evaluation)
    department = bundle.department
    profile = bundle.profile
    key_work = drafting.ordinal_items(item.text for item in evaluation.key_work_items.all())
    return {
        "evaluation": evaluation,
        "department": department,
        "year": bundle.year,
        "title": "".join(report_title_lines(bundle)),
        "title_lines": report_title_lines(bundle),
        "anchors": {section.slug.replace("-", "_"): section.anchor for section in SECTIONS},
        # 一 1
        "profile_summary": paragraphs(
            overridable(evaluation.profile_summary_override, drafting.draft_profile_summary(bundle))
        ),
        "duties": paragraphs(profile.duties if profile else ""),
        "key_work_intro": overridable(evaluation.key_work_intro_override, drafting.draft_key_work_intro(bundle)),
        "key_work": key_work or [NONE],
        # 一 2, 一 3
        "spending_summary": paragraphs(
            overridable(evaluation.spending_summary_override, drafting.draft_spending_summary(bundle))
        ),
        "goals": drafting.draft_goals(bundle) or NONE,
        # 二
        "budget_table": budget_table(bundle),
        "three_public_table": three_public_table(bundle),
        "variance_analysis": paragraphs(
            overridable(evaluation.variance_analysis_override, drafting.draft_variance_analysis(bundle))
        ),
        "project_fund_management": paragraphs(evaluation.project_fund_management),
        "project_implementation": paragraphs(
            overridable(evaluation.project_implementation_override, drafting.draft_project_implementation(bundle))
        ),
        # 三, 四
        "goal_rationality_analysis": paragraphs(evaluation.goal_rationality_analysis),
        "output_analysis": paragraphs(evaluation.output_analysis),
        "problems_and_measures": paragraphs(evaluation.problems_and_measures),
        # 附件1 评分表, 附件2 基础数据表
        **attachments_context(evaluation, bundle=bundle),
    }
