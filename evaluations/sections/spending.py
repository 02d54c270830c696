"""一 2 整体支出情况: the functional-classification lines (“主要用于……”) and the drafted summary."""

from budgets.forms import FunctionalLineFormSet
from budgets.importing.layout import FUNCTIONAL_LINES
from budgets.models import DepartmentBudget
from budgets.money import total
from budgets.services import functional_lines_save

from .. import drafting
from .base import (
    Paragraphs,
    Requirement,
    Section,
    SectionForms,
    amount_text,
    difference,
    difference_note,
    fmt,
    footer,
    keys,
    line_amounts,
    narrative_cleaned,
    report_paragraphs,
    rows_initial,
)
from .registry import register
from .texts import narrative_form

SpendingNarrativeForm = narrative_form("SpendingNarrativeForm", {"spending_summary_override": 3}, overrides=True)


def functional_lines(bundle):
    return list(bundle.budget.functional_lines.all()) if bundle.budget else []


@register
class SpendingSection(Section):
    slug = "spending"
    number = "一 2"
    title = "整体支出情况"
    heading = "2、整体支出情况（整体支出规模、使用方向和主要内容、涉及范围等）"
    narratives = ("spending_summary_override",)
    needs_catalogue = True
    excel_sheets = (FUNCTIONAL_LINES.name,)
    list_labels = {"lines": ("功能分类支出", "category")}
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

    def missing(self, bundle, snapshot=None):
        # "金额" is only worth saying once there are lines.
        missing = super().missing(bundle, snapshot)
        return missing[:1] if "功能分类支出" in missing else missing

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        return SectionForms(
            {
                "lines": FunctionalLineFormSet(
                    data,
                    initial=rows_initial(snap["lines"]),
                    draft=draft,
                    prefix="lines",
                    form_kwargs={"catalogue": catalogue},
                ),
                "narratives": SpendingNarrativeForm(data, initial=snap["narratives"], draft=draft, prefix="text"),
            }
        )

    def cleaned(self, f):
        return {"lines": f["lines"].rows(), "narratives": narrative_cleaned(f["narratives"])}

    def context(self, bundle, f, outline=None):
        budget = bundle.budget or DepartmentBudget()
        amounts = line_amounts(f["lines"], functional_lines(bundle), "amount")
        lines_total = total(*amounts)
        return {
            "budget_actual": {key: fmt(value) for key, value in budget.column("actual").items()},
            "total_actual": budget.total_actual,
            "lines_total": fmt(lines_total),
            "lines_difference": difference(lines_total, budget.total_actual),
            "lines_difference_note": difference_note(
                lines_total, budget.total_actual, sum(1 for amount in amounts if amount is not None)
            ),
            "footer": footer(FunctionalLineFormSet.form, {"amount": fmt(lines_total)}),
            "draft_spending_summary": drafting.draft_spending_summary(bundle),
        }

    def save(self, bundle, data, user):
        functional_lines_save(**keys(bundle), rows=data["lines"])

    def report_blocks(self, bundle):
        text = drafting.overridable(
            bundle.evaluation.spending_summary_override, drafting.draft_spending_summary(bundle)
        )
        return [Paragraphs(report_paragraphs(text))]
