"""二（二） “三公”经费: 预算数 / 决算数 of each kind (上年决算数 when the system has no last year)."""

from budgets.fields import THREE_PUBLIC_FIELDS, THREE_PUBLIC_LABELS
from budgets.forms import ThreePublicForm
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


def prior_three_public_budget(bundle):
    """Last year's record: None when the system has none, else (its year, its 三公 budget total, or
    None when a kind's budget is missing)."""
    if bundle.budget is None:
        return None
    record = (
        DepartmentBudget.objects.filter(department_id=bundle.evaluation.department_id, fiscal_year_id=bundle.year - 1)
        .prefetch_related("three_public_lines")
        .first()
    )
    if record is None:
        return None
    budgets = {line.kind: line.budget_amount for line in record.three_public_lines.all()}
    values = [budgets.get(kind) for kind in ThreePublicKind.values]
    return record.fiscal_year_id, None if None in values else sum(values)


@register
class ThreePublicSection(Section):
    slug = "three-public"
    number = "二（二）"
    title = "“三公”经费支出情况"
    heading = "（二）{year}年“三公”经费支出情况"
    heading_level = 3
    excel_sheets = (THREE_PUBLIC_TABLE.name,)
    typed_budget_fields = ("prior_three_public_budget",)  # the sheet's 上年预算数 合计 cell
    requirements = tuple(
        Requirement(
            f"{label}{THREE_PUBLIC_LABELS[column]}", ("lines", kind, column), form=("three", f"{kind}__{column}")
        )
        for kind, label in ThreePublicKind.choices
        for column in ("budget_amount", "actual_amount")
    )

    def snapshot(self, bundle):
        budget = bundle.budget or DepartmentBudget()
        return {
            "lines": {
                kind: {column: amount_text(getattr(line, column)) for column in THREE_PUBLIC_FIELDS}
                for kind, line in lines_by_kind(bundle).items()
            },
            "prior": {"prior_three_public_budget": amount_text(budget.prior_three_public_budget)},
        }

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        initial = {
            f"{kind}__{column}": value for kind, columns in snap["lines"].items() for column, value in columns.items()
        }
        initial.update(snap["prior"])
        record = prior_three_public_budget(bundle)
        form = ThreePublicForm(
            data,
            initial=initial,
            draft=draft,
            prefix="three",
            ask_prior_year=record is None,
            ask_prior_budget=record is None or record[1] is None,
        )
        form.prior_budget_record = record
        return SectionForms({"three": form})

    def cleaned(self, f):
        form = f["three"]
        prior = {}
        if "prior_three_public_budget" in form.fields:
            prior["prior_three_public_budget"] = form.cleaned_data.get("prior_three_public_budget")
        return {"lines": form.lines(), "prior": prior}

    def context(self, bundle, f, outline=None):
        form = f["three"]
        stored_lines = lines_by_kind(bundle)
        stored = {
            name: getattr(stored_lines[name.split("__")[0]], name.split("__")[1], None)
            for name in form.fields
            if "__" in name
        }
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
        record = form.prior_budget_record
        return {
            "prior_budget_field": form["prior_three_public_budget"]
            if "prior_three_public_budget" in form.fields
            else None,
            "prior_budget_record": fmt(record[1]) if record is not None and record[1] is not None else None,
            "rows": form.table_rows(),
            "summary": {column: {k: fmt(v) for k, v in amounts.items()} for column, amounts in summary.items()},
            "ask_prior_year": form.ask_prior_year,
            "previous_year": bundle.year - 1,
        }

    def save(self, bundle, data, user):
        prior = data.get("prior") or {}
        if "prior_three_public_budget" in prior:
            three_public_save(
                **keys(bundle), lines=data["lines"], prior_budget_total=prior["prior_three_public_budget"]
            )
        else:
            three_public_save(**keys(bundle), lines=data["lines"])

    def report_blocks(self, bundle):
        return [Table(three_public_table(bundle), caption="“三公”经费支出情况", kind="three-public")]

    def row_label(self, group, row):
        return f"三公经费「{ThreePublicKind(row['kind']).label}」"
