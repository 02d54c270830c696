"""factory_boy factories for the models, with consistent small figures."""

from decimal import Decimal

import factory

from budgets.models import DepartmentBudget, FunctionalCategory, FunctionalSpendingLine, ProjectLine, ThreePublicLine
from departments.models import Department, DepartmentProfile, FiscalYear, Region
from evaluations.models import Evaluation
from evaluations.outlines.selectors import outline_applicable


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ["year"]

    year = 2018


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = "长沙市天心区"
    short_name = "天心区"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    full_name = factory.Sequence(lambda n: f"长沙市天心区测试单位{n}")
    short_name = factory.Sequence(lambda n: f"测试单位{n}")
    code = factory.Sequence(lambda n: f"8{n:05d}")
    region = factory.SubFactory(RegionFactory)
    unit_nature = "administrative"


class DepartmentProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DepartmentProfile

    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = factory.SubFactory(FiscalYearFactory)
    staffing_type = "administrative"
    staff_quota = 10
    staff_actual = 9


class FunctionalCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunctionalCategory
        django_get_or_create = ["fiscal_year", "code"]

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    code = "201"
    name = "一般公共服务支出"
    level = "class"


class DepartmentBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DepartmentBudget

    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = factory.SubFactory(FiscalYearFactory)
    basic_initial = Decimal("100.00")
    project_initial = Decimal("50.00")
    basic_adjusted = Decimal("100.00")
    project_adjusted = Decimal("50.00")
    basic_actual = Decimal("100.00")
    project_actual = Decimal("50.00")


class FunctionalSpendingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunctionalSpendingLine

    budget = factory.SubFactory(DepartmentBudgetFactory)
    category = factory.SubFactory(FunctionalCategoryFactory)
    amount = Decimal("150.00")


class ProjectLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectLine

    budget = factory.SubFactory(DepartmentBudgetFactory)
    name = factory.Sequence(lambda n: f"项目{n}")
    actual = Decimal("50.00")


class ThreePublicLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThreePublicLine

    budget = factory.SubFactory(DepartmentBudgetFactory)
    kind = "reception"
    budget_amount = Decimal("2.00")
    actual_amount = Decimal("1.00")


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = factory.SubFactory(FiscalYearFactory)
    # As evaluation_start does: the outline in force for the region and year.
    outline = factory.LazyAttribute(
        lambda e: outline_applicable(region_id=e.department.region_id, year=e.fiscal_year.year)
    )


def score_remaining_by_hand(evaluation, user, *, score=Decimal("0"), reason="已对照评分标准自查。") -> int:
    """The 填报人 scores, through the service, every indicator of the 评分表 still without a score
    (manual ones, and computed ones that cannot be computed) — what the submission gate asks for.
    Returns how many were scored."""
    from evaluations.scoring.selectors import scoring_table
    from evaluations.scoring.services import manual_score_set

    rows = [row for row in scoring_table(evaluation).rows if row.score is None]
    for row in rows:
        manual_score_set(
            evaluation=evaluation, indicator_id=row.indicator_id, score=min(score, row.weight), reason=reason, user=user
        )
    return len(rows)
