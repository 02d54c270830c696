"""二（一） 整体支出情况表: 年初 / 调整 / 决算 × 基本 / 项目 / 政府专项, and 资产购置支出; 支出合计 derived."""

from budgets.fields import BUDGET_STAGES, BUDGET_TABLE_FIELDS, BUDGET_TABLE_LABELS, PART_LABELS
from budgets.forms import BudgetTableForm
from budgets.importing.layout import BUDGET_TABLE
from budgets.models import DepartmentBudget
from budgets.services import budget_table_save

from .amount_tables import budget_table
from .base import Requirement, Section, SectionForms, Table, amount_text, fmt, keys, typed_or_stored
from .registry import register


def fixed_cells(bundle, outline, slug: str, fields) -> dict:
    """Figures of this table typed or derived on another page of the report's outline:
    field → (stored value, where it comes from). They are shown, not typed twice."""
    if outline is None:
        return {}
    budget = bundle.budget or DepartmentBudget()
    return {
        name: (amount_text(getattr(budget, name)) or "", note)
        for name, note in outline.fixed_fields(slug).items()
        if name in fields
    }


@register
class BudgetTableSection(Section):
    slug = "budget-table"
    number = "二（一）"
    title = "整体支出情况表"
    heading = "（一）{year}年度整体支出情况"
    heading_level = 3
    excel_sheets = (BUDGET_TABLE.name,)
    typed_budget_fields = BUDGET_TABLE_FIELDS
    requirements = tuple(
        Requirement(label, ("values", name), form=("table", name)) for name, label in BUDGET_TABLE_LABELS.items()
    )

    def snapshot(self, bundle):
        budget = bundle.budget or DepartmentBudget()
        return {"values": {name: amount_text(getattr(budget, name)) for name in BUDGET_TABLE_FIELDS}}

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        fixed = fixed_cells(bundle, outline, self.slug, BUDGET_TABLE_FIELDS)
        return SectionForms(
            {"table": BudgetTableForm(data, initial=snap["values"], draft=draft, prefix="table", fixed=fixed)}
        )

    def cleaned(self, f):
        return {"values": f["table"].cleaned_data}

    def context(self, bundle, f, outline=None):
        stored = bundle.budget or DepartmentBudget()
        form = f["table"]
        values = typed_or_stored(form, {name: getattr(stored, name) for name in BUDGET_TABLE_FIELDS})
        budget = DepartmentBudget(**values)
        totals = {stage: fmt(budget.column(stage)["total"]) for stage in BUDGET_STAGES}
        totals["asset"] = fmt(budget.asset_purchase_total)
        rows = form.table_rows()
        for row in rows:
            row["total"] = totals[row["key"]]
            row["sum_of"] = [f"table-{col}_{row['key']}" for col in ("basic", "project")]
            if row["key"] == "asset":
                row["sum_of"] = ["table-asset_purchase_basic", "table-asset_purchase_project"]
        return {"rows": rows, "columns": list(PART_LABELS.values())}

    def save(self, bundle, data, user):
        budget_table_save(**keys(bundle), values=data["values"])

    def report_blocks(self, bundle):
        return [Table(budget_table(bundle), caption="整体支出情况", kind="budget")]
