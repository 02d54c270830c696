"""二（四） 项目资金使用管理情况: the project lines, 项目资金管理情况 and the drafted 项目组织实施情况."""

from budgets.fields import PROJECT_AMOUNTS
from budgets.forms import ProjectLineFormSet
from budgets.importing.layout import PROJECT_LINES
from budgets.models import DepartmentBudget
from budgets.services import project_lines_save

from .. import drafting
from .base import (
    LineListSection,
    Paragraphs,
    Requirement,
    SubHeading,
    amount_text,
    difference,
    fmt,
    keys,
    report_paragraphs,
)
from .registry import register
from .texts import OVERRIDE_HELP, narrative_form

ProjectsNarrativeForm = narrative_form(
    "ProjectsNarrativeForm",
    {"project_fund_management": 5, "project_implementation_override": 4},
    help_texts={"project_implementation_override": OVERRIDE_HELP},
)


def project_lines(bundle):
    return list(bundle.budget.project_lines.all()) if bundle.budget else []


def project_rows_required(budget: DepartmentBudget | None) -> bool:
    """Project lines are needed unless the department states 项目支出决算 of 0."""
    return budget is None or budget.project_actual is None or budget.project_actual != 0


@register
class ProjectsSection(LineListSection):
    slug = "projects"
    number = "二（四）"
    title = "项目资金使用管理情况分析"
    heading = "（四）项目资金使用管理情况分析"
    heading_level = 3
    narratives = {"project_fund_management": "项目资金管理情况", "project_implementation_override": "项目组织实施情况"}
    excel_sheets = (PROJECT_LINES.name,)
    formset_class = ProjectLineFormSet
    narrative_form_class = ProjectsNarrativeForm
    lines_prefix = "projects"
    list_fields = {"lines": "project_lines"}
    document_sub_headings = {
        "项目资金管理情况": "project_fund_management",
        "项目组织实施情况": "project_implementation_override",
    }
    requirements = (
        Requirement("项目决算数", ("lines",), each="actual", form=("lines", "actual")),
        Requirement(
            "项目资金管理情况",
            ("narratives", "project_fund_management"),
            form=("narratives", "project_fund_management"),
        ),
    )

    def extra_missing(self, bundle):
        # Rows are needed only while 项目支出决算 is not 0: a condition on another section's figure.
        return ["项目支出明细"] if not project_lines(bundle) and project_rows_required(bundle.budget) else []

    def missing(self, bundle, snapshot=None, **kwargs):
        missing = super().missing(bundle, snapshot, **kwargs)
        # In the order the page shows them: the list, its amounts, then the text.
        return sorted(missing, key=["项目支出明细", "项目决算数", "项目资金管理情况"].index)

    def form_requirements(self, bundle):
        wanted = super().form_requirements(bundle)
        if project_rows_required(bundle.budget):
            wanted[("lines", None)] = "项目支出明细"
        return wanted

    def snapshot(self, bundle):
        return {
            "lines": [
                {
                    "id": line.pk,
                    "name": line.name,
                    "category": line.category.code if line.category_id else None,
                    "initial": amount_text(line.initial),
                    "adjusted": amount_text(line.adjusted),
                    "actual": amount_text(line.actual),
                    "purpose": line.purpose,
                    "management": line.management,
                    "is_key": line.is_key,
                }
                for line in project_lines(bundle)
            ],
            "narratives": self.narrative_values(bundle),
        }

    def stored_lines(self, bundle):
        return project_lines(bundle)

    def context(self, bundle, f, outline=None):
        budget = bundle.budget or DepartmentBudget()
        lines = self.line_sums(bundle, f, PROJECT_AMOUNTS)
        budget_columns = {column: getattr(budget, f"project_{column}") for column in PROJECT_AMOUNTS}
        return {
            "footer": lines.footer,
            "budget_project": {column: fmt(value) for column, value in budget_columns.items()},
            "differences": {column: difference(lines.sums[column], budget_columns[column]) for column in lines.sums},
            "draft_project_implementation": drafting.draft_project_implementation(bundle),
        }

    def save(self, bundle, data, user):
        project_lines_save(**keys(bundle), rows=data["lines"])

    def report_blocks(self, bundle):
        evaluation = bundle.evaluation
        implementation = drafting.overridable(
            evaluation.project_implementation_override, drafting.draft_project_implementation(bundle)
        )
        return [
            SubHeading(4, "1、项目资金管理情况"),
            Paragraphs(report_paragraphs(evaluation.project_fund_management)),
            SubHeading(4, "2、项目组织实施情况"),
            Paragraphs(report_paragraphs(implementation)),
        ]

    def row_label(self, group, row):
        return f"项目支出「{row.get('name', '')}」"
