"""Writes of a department-year's budget figures. One function per section of the report, each
all-or-nothing and ``full_clean``-ed; the caller (a section save or an import) records the audit events.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from departments.models import Department
from departments.services import ordered_rows_replace

from .fields import (
    BASIC_DATA_FIELDS,
    BUDGET_TABLE_FIELDS,
    INCOME_SPENDING_FIELDS,
    PRIOR_YEAR_FIELDS,
    PROJECT_LINE_FIELDS,
    THREE_PUBLIC_FIELDS,
)
from .models import DepartmentBudget, FunctionalCategory, FunctionalSpendingLine, ProjectLine, ThreePublicLine

FUNCTIONAL_LINE_FIELDS = ("category", "display_name", "amount")


def budget_get_or_create(*, department: Department, fiscal_year_id: int) -> DepartmentBudget:
    budget = DepartmentBudget.objects.filter(department=department, fiscal_year_id=fiscal_year_id).first()
    if budget is None:
        budget = DepartmentBudget(department=department, fiscal_year_id=fiscal_year_id)
        budget.full_clean()
        budget.save()
    return budget


def _set_amounts(budget: DepartmentBudget, values: dict, allowed: tuple[str, ...]) -> DepartmentBudget:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"not fields of this section: {sorted(unknown)}")
    for field, value in values.items():
        setattr(budget, field, value)
    budget.full_clean()
    budget.save(update_fields=list(values))
    return budget


@transaction.atomic
def budget_table_save(*, department: Department, fiscal_year_id: int, values: dict) -> DepartmentBudget:
    """二（一）: the nine 年初/调整/决算 × 基本/项目/政府专项 cells and the three 资产购置 cells."""
    budget = budget_get_or_create(department=department, fiscal_year_id=fiscal_year_id)
    return _set_amounts(budget, values, BUDGET_TABLE_FIELDS)


@transaction.atomic
def budget_basic_data_save(*, department: Department, fiscal_year_id: int, values: dict) -> DepartmentBudget:
    """基础数据: 公用经费 (with 其中 rows), 政府采购, 结转结余, and their 上年数."""
    budget = budget_get_or_create(department=department, fiscal_year_id=fiscal_year_id)
    return _set_amounts(budget, values, BASIC_DATA_FIELDS + PRIOR_YEAR_FIELDS)


@transaction.atomic
def budget_income_spending_save(*, department: Department, fiscal_year_id: int, values: dict) -> DepartmentBudget:
    """收入合计, 人员经费, 公用经费; 基本支出决算 = 人员经费 + 公用经费 (unknown until both are)."""
    budget = budget_get_or_create(department=department, fiscal_year_id=fiscal_year_id)
    _set_amounts(budget, values, INCOME_SPENDING_FIELDS)
    personnel, public_funds = budget.personnel_actual, budget.public_funds_actual
    budget.basic_actual = None if personnel is None or public_funds is None else personnel + public_funds
    budget.full_clean()
    budget.save(update_fields=["basic_actual"])
    return budget


@transaction.atomic
def three_public_save(
    *, department: Department, fiscal_year_id: int, lines: dict[str, dict], prior_budget_total=...
) -> DepartmentBudget:
    """二（二）: 预算数 / 决算数 (and 上年决算数) of each 三公 kind; a kind's row is created on first save.

    ``prior_budget_total``: last year's 三公 budget as one figure (when its split is unknown); left
    unchanged when not given."""
    budget = budget_get_or_create(department=department, fiscal_year_id=fiscal_year_id)
    if prior_budget_total is not ...:
        _set_amounts(budget, {"prior_three_public_budget": prior_budget_total}, ("prior_three_public_budget",))
    existing = {line.kind: line for line in budget.three_public_lines.all()}
    for kind, values in lines.items():
        line = existing.get(kind) or ThreePublicLine(budget=budget, kind=kind)
        for field in THREE_PUBLIC_FIELDS:
            if field in values:
                setattr(line, field, values[field])
        line.full_clean()
        line.save()
    return budget


@transaction.atomic
def functional_lines_save(*, department: Department, fiscal_year_id: int, rows: list[dict]) -> DepartmentBudget:
    """一 2: spending by functional category, in the order the report lists it."""
    budget = budget_get_or_create(department=department, fiscal_year_id=fiscal_year_id)
    for row in rows:
        row["display_name"] = row.get("display_name") or ""
        _check_year(row.get("category"), fiscal_year_id)
    ordered_rows_replace(
        model=FunctionalSpendingLine,
        parent_field="budget",
        parent=budget,
        rows=rows,
        fields=FUNCTIONAL_LINE_FIELDS,
        identity_fields=("category",),
    )
    return budget


@transaction.atomic
def project_lines_save(*, department: Department, fiscal_year_id: int, rows: list[dict]) -> DepartmentBudget:
    """二（四）: the project lines with their three budget columns and what they paid for."""
    budget = budget_get_or_create(department=department, fiscal_year_id=fiscal_year_id)
    for row in rows:
        row["purpose"] = row.get("purpose") or ""
        row["management"] = row.get("management") or ""
        row["is_key"] = bool(row.get("is_key"))
        _check_year(row.get("category"), fiscal_year_id)
    ordered_rows_replace(model=ProjectLine, parent_field="budget", parent=budget, rows=rows, fields=PROJECT_LINE_FIELDS)
    return budget


def _check_year(category: FunctionalCategory | None, fiscal_year_id: int):
    if category is not None and category.fiscal_year_id != fiscal_year_id:
        raise ValidationError(f"科目“{category}”不属于{fiscal_year_id}年度的支出功能分类，请重新选择。")


@transaction.atomic
def budget_lists_copy(*, department: Department, from_year: int, to_year: int) -> DepartmentBudget:
    """Start ``to_year`` with last year's functional and project lines, without any amount.

    Categories are matched by code in ``to_year``'s catalogue (names change between years); a
    functional line whose code no longer exists is left out, a project line keeps no category.
    Lines are copied only into an empty list, so nothing already entered is overwritten.
    """
    target = budget_get_or_create(department=department, fiscal_year_id=to_year)
    source = (
        DepartmentBudget.objects.filter(department=department, fiscal_year_id=from_year)
        .prefetch_related("functional_lines__category", "project_lines__category")
        .first()
    )
    if source is None:
        return target
    catalogue = {c.code: c for c in FunctionalCategory.objects.filter(fiscal_year_id=to_year)}
    if not target.functional_lines.exists():
        functional = [
            {"category": catalogue[line.category.code], "display_name": line.display_name, "amount": None}
            for line in source.functional_lines.all()
            if line.category.code in catalogue
        ]
        functional_lines_save(department=department, fiscal_year_id=to_year, rows=functional)
    if not target.project_lines.exists():
        projects = [
            {
                "name": line.name,
                "category": catalogue.get(line.category.code) if line.category else None,
                "initial": None,
                "adjusted": None,
                "actual": None,
                "purpose": line.purpose,
                "management": line.management,
                "is_key": line.is_key,
            }
            for line in source.project_lines.all()
        ]
        project_lines_save(department=department, fiscal_year_id=to_year, rows=projects)
    return target
