"""一 2 整体支出情况: the functional-classification lines (“主要用于……”) and the drafted summary."""

from budgets.forms import FunctionalLineFormSet
from budgets.importing.layout import FUNCTIONAL_LINES
from budgets.models import DepartmentBudget
from budgets.services import functional_lines_save

from .. import drafting
from .base import (
    LineListSection,
    Paragraphs,
    Requirement,
    amount_text,
    difference,
    difference_note,
    fmt,
    keys,
    report_paragraphs,
)
from .registry import register
from .texts import narrative_form

SpendingNarrativeForm = narrative_form("SpendingNarrativeForm", {"spending_summary_override": 3}, overrides=True)


def functional_lines(bundle):
    return list(bundle.budget.functional_lines.all()) if bundle.budget else []


@register
class SpendingSection(LineListSection):
    slug = "spending"
    number = "一 2"
    title = "整体支出情况"
    heading = "2、整体支出情况（整体支出规模、使用方向和主要内容、涉及范围等）"
    narratives = {"spending_summary_override": "整体支出情况"}
    document_text = "spending_summary_override"
    excel_sheets = (FUNCTIONAL_LINES.name,)
    formset_class = FunctionalLineFormSet
    narrative_form_class = SpendingNarrativeForm
    list_labels = {"lines": ("功能分类支出", "category")}
    list_fields = {"lines": "functional_lines"}
    requirements = (
        Requirement("功能分类支出", ("lines",), form=("lines", None)),
        Requirement("功能分类支出金额", ("lines",), each="amount", form=("lines", "amount")),
    )

    def snapshot(self, bundle):
        return {
            "lines": [
                {
                    "id": line.pk,
                    "category": line.category.code,
                    "display_name": line.display_name,
                    "amount": amount_text(line.amount),
                }
                for line in functional_lines(bundle)
            ],
            "narratives": self.narrative_values(bundle),
        }

    def missing(self, bundle, snapshot=None, **kwargs):
        # "金额" is only worth saying once there are lines.
        missing = super().missing(bundle, snapshot, **kwargs)
        return missing[:1] if "功能分类支出" in missing else missing

    def stored_lines(self, bundle):
        return functional_lines(bundle)

    def context(self, bundle, f, outline=None):
        budget = bundle.budget or DepartmentBudget()
        lines = self.line_sums(bundle, f, ("amount",))
        lines_total = lines.sums["amount"]
        return {
            "budget_actual": {key: fmt(value) for key, value in budget.column("actual").items()},
            "total_actual": budget.total_actual,
            "lines_total": fmt(lines_total),
            "lines_difference": difference(lines_total, budget.total_actual),
            "lines_difference_note": difference_note(lines_total, budget.total_actual, lines.counts["amount"]),
            "footer": lines.footer,
            "draft_spending_summary": drafting.draft_spending_summary(bundle),
        }

    def save(self, bundle, data, user):
        functional_lines_save(**keys(bundle), rows=data["lines"])

    def report_blocks(self, bundle):
        text = drafting.overridable(
            bundle.evaluation.spending_summary_override, drafting.draft_spending_summary(bundle)
        )
        return [Paragraphs(report_paragraphs(text))]
