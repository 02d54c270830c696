"""The database refuses what the report can never contain: negative amounts, a second report."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from budgets.fields import BUDGET_AMOUNT_LABELS
from budgets.models import DepartmentBudget
from tests.factories import (
    DepartmentBudgetFactory,
    DepartmentProfileFactory,
    EvaluationFactory,
    FunctionalSpendingLineFactory,
    ProjectLineFactory,
    ThreePublicLineFactory,
)

pytestmark = pytest.mark.django_db

NEGATIVE = Decimal("-0.01")


def assert_db_rejects(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_the_catalogue_labels_every_amount_of_the_budget():
    """``budgets.fields`` lives apart from the model: an amount added to one must be added to the other."""
    amounts = [f.name for f in DepartmentBudget._meta.fields if isinstance(f, models.DecimalField)]
    assert list(BUDGET_AMOUNT_LABELS) == amounts


@pytest.mark.parametrize("field", sorted(BUDGET_AMOUNT_LABELS))
def test_every_budget_amount_rejects_negative_in_db_and_validation(field):
    budget = DepartmentBudgetFactory()
    setattr(budget, field, NEGATIVE)
    with pytest.raises(ValidationError) as excinfo:
        budget.full_clean()
    assert "不能为负数" in str(excinfo.value)
    assert_db_rejects(budget)
    budget.refresh_from_db()
    assert getattr(budget, field) != NEGATIVE


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (FunctionalSpendingLineFactory, "amount"),
        (ProjectLineFactory, "initial"),
        (ProjectLineFactory, "adjusted"),
        (ProjectLineFactory, "actual"),
        (ThreePublicLineFactory, "budget_amount"),
        (ThreePublicLineFactory, "actual_amount"),
        (ThreePublicLineFactory, "prior_year_actual"),
    ],
)
def test_line_amounts_reject_negative(factory, field):
    line = factory()
    setattr(line, field, NEGATIVE)
    with pytest.raises(ValidationError, match="不能为负数"):
        line.full_clean()
    assert_db_rejects(line)


def test_zero_and_empty_amounts_are_allowed():
    budget = DepartmentBudgetFactory(special_actual=Decimal("0"), carryover=None)
    budget.full_clean()
    assert DepartmentBudget.objects.filter(pk=budget.pk, special_actual=0, carryover__isnull=True).exists()


def test_second_report_for_same_department_and_year_is_refused():
    first = EvaluationFactory()
    duplicate = EvaluationFactory.build(department=first.department, fiscal_year=first.fiscal_year)
    with pytest.raises(ValidationError, match="每个部门每年只能有一份"):
        duplicate.full_clean()
    assert_db_rejects(duplicate)


def test_second_budget_and_profile_for_same_year_are_refused():
    budget = DepartmentBudgetFactory()
    assert_db_rejects(DepartmentBudget(department=budget.department, fiscal_year=budget.fiscal_year))
    profile = DepartmentProfileFactory()
    assert_db_rejects(type(profile)(department=profile.department, fiscal_year=profile.fiscal_year))


def test_totals_are_derived_not_stored():
    budget = DepartmentBudgetFactory(basic_actual=Decimal("330.55"), project_actual=Decimal("148.35"))
    assert budget.total_actual == Decimal("478.90")
    field_names = {f.name for f in DepartmentBudget._meta.get_fields()}
    assert not {"total_initial", "total_adjusted", "total_actual"} & field_names


def test_previous_year_comes_from_last_years_record_of_same_department():
    budget_2018 = DepartmentBudgetFactory()
    budget_2019 = DepartmentBudgetFactory(department=budget_2018.department, fiscal_year__year=2019)
    DepartmentBudgetFactory(fiscal_year=budget_2018.fiscal_year)  # another department, same year
    assert budget_2019.previous_year() == budget_2018
    assert budget_2018.previous_year() is None
