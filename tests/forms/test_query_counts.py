"""Page cost does not grow with the number of rows: the same queries for 3 rows as for 30."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import FunctionalSpendingLine, ProjectLine, ThreePublicKind, ThreePublicLine
from departments.models import DepartmentMembership, InternalDivision, LeadershipPost
from evaluations.models import KeyWorkItem, PerformanceGoal
from evaluations.outlines.selectors import DEFAULT_OUTLINE
from tests.factories import (
    DepartmentBudgetFactory,
    DepartmentFactory,
    DepartmentProfileFactory,
    EvaluationFactory,
    FunctionalCategoryFactory,
)
from tests.forms.conftest import section_url

pytestmark = pytest.mark.django_db

MAX_QUERIES = 22  # + the outline's entries (one prefetch)


def report_with_rows(n: int):
    department = DepartmentFactory()
    user = get_user_model().objects.create_user(f"filler{n}", password="x")
    DepartmentMembership.objects.create(user=user, department=department)
    profile = DepartmentProfileFactory(department=department)
    budget = DepartmentBudgetFactory(department=department)
    evaluation = EvaluationFactory(department=department)
    for i in range(n):
        category = FunctionalCategoryFactory(code=f"{300 + i}", name=f"科目{i}")
        LeadershipPost.objects.create(profile=profile, order=i, title=f"职务{i}", count=1)
        InternalDivision.objects.create(profile=profile, order=i, name=f"科室{i}")
        KeyWorkItem.objects.create(evaluation=evaluation, order=i, text=f"重点工作{i}")
        PerformanceGoal.objects.create(evaluation=evaluation, order=i, text=f"目标{i}")
        FunctionalSpendingLine.objects.create(budget=budget, order=i, category=category, amount=Decimal("1.00"))
        ProjectLine.objects.create(budget=budget, order=i, name=f"项目{i}", category=category, actual=Decimal("1"))
    for kind in ThreePublicKind.values:
        ThreePublicLine.objects.create(budget=budget, kind=kind, budget_amount=Decimal("1"), actual_amount=Decimal("1"))
    return user, evaluation


def queries_for(client, user, url, method="get", data=None) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("slug", DEFAULT_OUTLINE.slugs)
def test_section_page_queries_do_not_depend_on_rows(client, slug, django_assert_max_num_queries):
    few_user, few = report_with_rows(3)
    many_user, many = report_with_rows(30)
    few_count = queries_for(client, few_user, section_url(few, slug))
    client.force_login(many_user)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(section_url(many, slug)).status_code == 200
    assert queries_for(client, many_user, section_url(many, slug)) == few_count


@pytest.mark.parametrize("slug", ["profile", "spending", "projects"])
def test_failed_save_queries_do_not_depend_on_rows(client, slug):
    """A refused save re-renders without per-row queries either (the catalogue is loaded once)."""
    counts = []
    for n in (3, 30):
        user, evaluation = report_with_rows(n)
        data = {"save": "1", "fingerprint": "stale"}
        counts.append(queries_for(client, user, section_url(evaluation, slug), "post", data))
    assert counts[0] == counts[1]


def test_home_page_queries_do_not_depend_on_rows(client, django_assert_max_num_queries):
    few_user, _ = report_with_rows(3)
    many_user, _ = report_with_rows(30)
    few_count = queries_for(client, few_user, "/")
    client.force_login(many_user)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get("/")
    assert queries_for(client, many_user, "/") == few_count
