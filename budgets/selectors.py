"""Reads of budget data, with the derived totals the report shows."""

from .models import DepartmentBudget, FunctionalCategory, ThreePublicKind
from .money import total


def budget_for(*, department_id: int, fiscal_year_id: int) -> DepartmentBudget | None:
    """The department-year budget with its lines loaded in a fixed number of queries."""
    return (
        DepartmentBudget.objects.filter(department_id=department_id, fiscal_year_id=fiscal_year_id)
        .prefetch_related("functional_lines__category", "project_lines__category", "three_public_lines")
        .first()
    )


def three_public_summary(lines) -> dict:
    """三公 figures by kind with the derived 公车 (购置 + 运行维护) and 合计, for budget and actual."""
    by_kind = {line.kind: line for line in lines}

    def amounts(attr):
        values = {kind: getattr(by_kind[kind], attr) if kind in by_kind else None for kind in ThreePublicKind.values}
        values["vehicle"] = total(values["vehicle_purchase"], values["vehicle_operation"])
        values["total"] = total(values["abroad"], values["vehicle"], values["reception"])
        return values

    return {"budget": amounts("budget_amount"), "actual": amounts("actual_amount")}


def catalogue_for_year(fiscal_year_id: int) -> dict:
    """The year's 支出功能分类 catalogue by code, in code order (one query)."""
    return {category.code: category for category in FunctionalCategory.objects.filter(fiscal_year_id=fiscal_year_id)}
