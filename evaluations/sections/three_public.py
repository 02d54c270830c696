"""二（二） “三公”经费: 预算数 / 决算数 of each kind (上年决算数 when the system has no last year)."""

from budgets.forms import THREE_PUBLIC_COLUMNS, ThreePublicForm
from budgets.importing.layout import THREE_PUBLIC_TABLE
from budgets.models import DepartmentBudget, ThreePublicKind, ThreePublicLine
from budgets.selectors import three_public_summary
from budgets.services import three_public_save

from .amount_tables import three_public_table
from .base import Requirement, Section, SectionForms, Table, amount_text, fmt, keys, typed_or_stored
from .registry import register


def lines_by_kind(bundle) -> dict[str, ThreePublicLine]:
    lines = {line.kind: line for line in bundle.budget.three_public_lines.all()} if bundle.budget else {}
    return {kind: lines.get(kind) or ThreePublicLine(kind=kind) for kind in ThreePublicKind.values}


@register
class ThreePublicSection(Section):
    slug = "three-public"
    number = "二（二）"
    title = "“三公”经费支出情况"
    heading = "（二）{year}年“三公”经费支出情况"
    heading_level = 3
    excel_sheets = (THREE_PUBLIC_TABLE.name,)
    requirements = tuple(
        Requirement(f"{label}{column_label}", ("lines", kind, column), form=("three", f"{kind}__{column}"))
        for kind, label in ThreePublicKind.choices
        for column, column_label in (("budget_amount", "预算数"), ("actual_amount", "决算数"))
    )

    def snapshot(self, bundle):
        return {
            "lines": {
                kind: {column: amount_text(getattr(line, column)) for column, _ in THREE_PUBLIC_COLUMNS}
                for kind, line in lines_by_kind(bundle).items()
            }
        }

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        initial = {
            f"{kind}__{column}": value for kind, columns in snap["lines"].items() for column, value in columns.items()
        }
        ask_prior = True
        if bundle.budget is not None:
            ask_prior = not DepartmentBudget.objects.filter(
                department_id=bundle.evaluation.department_id, fiscal_year_id=bundle.year - 1
            ).exists()
        return SectionForms(
            {"three": ThreePublicForm(data, initial=initial, draft=draft, prefix="three", ask_prior_year=ask_prior)}
        )

    def cleaned(self, f):
        return {"lines": f["three"].lines()}

    def context(self, bundle, f, outline=None):
        form = f["three"]
        stored_lines = lines_by_kind(bundle)
        stored = {name: getattr(stored_lines[name.split("__")[0]], name.split("__")[1], None) for name in form.fields}
        values = typed_or_stored(form, stored)
        lines = [
            ThreePublicLine(
                kind=kind,
                budget_amount=values.get(f"{kind}__budget_amount"),
                actual_amount=values.get(f"{kind}__actual_amount"),
            )
            for kind in ThreePublicKind.values
        ]
        summary = three_public_summary(lines)
        return {
            "rows": form.table_rows(),
            "summary": {column: {k: fmt(v) for k, v in amounts.items()} for column, amounts in summary.items()},
            "ask_prior_year": form.ask_prior_year,
            "previous_year": bundle.year - 1,
        }

    def save(self, bundle, data, user):
        three_public_save(**keys(bundle), lines=data["lines"])

    def report_blocks(self, bundle):
        return [Table(three_public_table(bundle), caption="“三公”经费支出情况", kind="three-public")]

    def row_label(self, group, row):
        return f"三公经费「{ThreePublicKind(row['kind']).label}」"
