"""部门整体支出概况 (outlines from 2020): 收入, and 支出 split into 人员经费 / 公用经费 / 项目支出.

基本支出决算 = 人员经费 + 公用经费 is derived by this page's save, never typed: in an outline with
this section, the 二（一） table shows it read-only (``Outline.fixed_fields``).
"""

from budgets.fields import INCOME_SPENDING_FIELDS, INCOME_SPENDING_LABELS
from budgets.forms import MoneyField
from budgets.importing.layout import INCOME_SPENDING_TABLE
from budgets.models import DepartmentBudget
from budgets.money import format_amount_text, total
from budgets.services import budget_income_spending_save
from departments.forms import SectionForm

from .. import drafting
from .base import (
    Paragraphs,
    Requirement,
    Section,
    SectionForms,
    amount_text,
    fmt,
    keys,
    narrative_cleaned,
    report_paragraphs,
    typed_or_stored,
)
from .registry import register
from .texts import narrative_form


class IncomeSpendingForm(SectionForm):
    income_total = MoneyField(label=INCOME_SPENDING_LABELS["income_total"], help_text="本年度收入总计（万元）")
    personnel_actual = MoneyField(
        label=INCOME_SPENDING_LABELS["personnel_actual"], help_text="基本支出中的人员经费决算数（万元）"
    )
    public_funds_actual = MoneyField(
        label=INCOME_SPENDING_LABELS["public_funds_actual"], help_text="基本支出中的公用经费决算数（万元）"
    )


IncomeSpendingNarrativeForm = narrative_form(
    "IncomeSpendingNarrativeForm", {"income_spending_override": 3}, overrides=True
)


def draft_income_spending(bundle) -> str:
    """The sentence of the later Hunan outlines, from the stored figures."""
    budget = bundle.budget or DepartmentBudget()
    basic = budget.basic_actual
    spending = total(basic, budget.project_actual)
    amount = format_amount_text
    return (
        f"{bundle.year}年度本部门收入合计{amount(budget.income_total)}万元；"
        f"支出合计{amount(spending)}万元，其中：基本支出{amount(basic)}万元"
        f"（人员经费{amount(budget.personnel_actual)}万元，公用经费{amount(budget.public_funds_actual)}万元），"
        f"项目支出{amount(budget.project_actual)}万元。"
    )


@register
class IncomeSpendingSection(Section):
    slug = "income-spending"
    number = "一（二）"
    title = "部门整体支出概况"
    heading = "（二）部门整体支出概况"
    heading_level = 3
    narratives = {"income_spending_override": "部门整体支出概况"}
    document_text = "income_spending_override"
    excel_sheets = (INCOME_SPENDING_TABLE.name,)
    typed_budget_fields = tuple(INCOME_SPENDING_FIELDS)
    derived_budget_fields = ("basic_actual",)
    requirements = tuple(
        Requirement(label, ("values", name), form=("figures", name)) for name, label in INCOME_SPENDING_LABELS.items()
    )

    def snapshot(self, bundle):
        budget = bundle.budget or DepartmentBudget()
        return {
            "values": {name: amount_text(getattr(budget, name)) for name in INCOME_SPENDING_FIELDS},
            "narratives": self.narrative_values(bundle),
        }

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        return SectionForms(
            {
                "figures": IncomeSpendingForm(data, initial=snap["values"], draft=draft, prefix="figures"),
                "narratives": IncomeSpendingNarrativeForm(data, initial=snap["narratives"], draft=draft, prefix="text"),
            }
        )

    def cleaned(self, f):
        return {"values": f["figures"].cleaned_data, "narratives": narrative_cleaned(f["narratives"])}

    def context(self, bundle, f, outline=None):
        stored = bundle.budget or DepartmentBudget()
        values = typed_or_stored(f["figures"], {name: getattr(stored, name) for name in INCOME_SPENDING_FIELDS})
        basic = derived_basic(values["personnel_actual"], values["public_funds_actual"])
        return {
            "derived_basic": fmt(basic),
            "project_actual": fmt(stored.project_actual),
            "spending_total": fmt(total(basic, stored.project_actual)),
            "draft_income_spending": draft_income_spending(bundle),
        }

    def save(self, bundle, data, user):
        budget_income_spending_save(**keys(bundle), values=data["values"])

    def report_blocks(self, bundle):
        text = drafting.overridable(bundle.evaluation.income_spending_override, draft_income_spending(bundle))
        return [Paragraphs(report_paragraphs(text))]


def derived_basic(personnel, public_funds):
    """基本支出 = 人员经费 + 公用经费, known only when both are."""
    if personnel is None or public_funds is None:
        return None
    return personnel + public_funds


__all__ = ["IncomeSpendingForm", "IncomeSpendingSection", "derived_basic", "draft_income_spending"]
