"""One scoring path: ``score_tables`` of many reports equals ``scoring_table`` of each, in a fixed number of queries."""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from departments.models import Region
from evaluations.models import Evaluation, Indicator, IndicatorFramework, ManualScore
from evaluations.scoring.frameworks import evaluation_framework
from evaluations.scoring.selectors import score_tables, scoring_table
from evaluations.scoring.services import framework_activate, framework_copy, manual_score_set, scoring_freeze
from evaluations.snapshots import report_snapshot, report_snapshots
from evaluations.summaries import department_summaries
from tests.factories import (
    DepartmentBudgetFactory,
    DepartmentFactory,
    DepartmentProfileFactory,
    EvaluationFactory,
    FiscalYearFactory,
    ThreePublicLineFactory,
)

pytestmark = pytest.mark.django_db


def filler():
    return get_user_model().objects.get(username="filler")


def manual_indicator(evaluation, name="社会效益"):
    return Indicator.objects.get(framework=evaluation_framework(evaluation), name=name)


def factory_report(region, year=2018, *, budget=True):
    department = DepartmentFactory(region=region)
    evaluation = EvaluationFactory(department=department, fiscal_year=FiscalYearFactory(year=year))
    if budget:
        DepartmentProfileFactory(department=department, fiscal_year_id=year)
        ThreePublicLineFactory(budget=DepartmentBudgetFactory(department=department, fiscal_year_id=year))
    return evaluation


@pytest.fixture
def varied(seed_evaluation, clean_evaluation):
    """Reports scored in different ways, by name."""
    region = seed_evaluation.department.region
    manual_score_set(
        evaluation=seed_evaluation,
        indicator_id=manual_indicator(seed_evaluation).pk,
        score=D("3"),
        reason="便民服务成效明显",
        user=filler(),
    )
    scoring_freeze(evaluation=clean_evaluation)

    # Another region with its own versions: one report fixed on the 2016 version by a manual
    # score before the 2018 version appeared, one report that the 2018 version applies to.
    other = Region.objects.create(name="长沙市岳麓区", short_name="岳麓区")
    default = IndicatorFramework.objects.get(region__isnull=True)
    framework_activate(framework=framework_copy(framework=default, from_year=2016, region=other))
    fixed_on_2016 = factory_report(other)
    manual_score_set(
        evaluation=fixed_on_2016,
        indicator_id=manual_indicator(fixed_on_2016, "生态效益").pk,
        score=D("0.5"),
        reason="节能降耗",
        user=filler(),
    )
    regional_2018 = framework_activate(framework=framework_copy(framework=default, from_year=2018, region=other))
    Indicator.objects.filter(framework=regional_2018, name="生态效益").update(weight=D("2"))  # weights now off
    made = {
        "seed, manual score": seed_evaluation,
        "frozen": clean_evaluation,
        "fixed on an older regional version": fixed_on_2016,
        "newest regional version": factory_report(other),
        "no budget yet": factory_report(region, budget=False),
        "default version, factory figures": factory_report(region),
        "no framework for the year": factory_report(region, year=2014),
    }
    return {name: Evaluation.objects.get(pk=evaluation.pk) for name, evaluation in made.items()}  # as saved


def fresh(evaluations) -> list[Evaluation]:
    """The reports as a page would read them, with nothing cached."""
    return list(Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).order_by("pk"))


def outline(table):
    return (
        table.total,
        table.grade,
        table.pending,
        table.framework_id,
        table.frozen_at,
        [(row.indicator_id, row.value, row.score, row.status, row.reason) for row in table.rows],
    )


def assert_same(bulk, one, name):
    if one is None:
        assert bulk is None, name
        return
    assert bulk is not None, name
    assert outline(bulk) == outline(one), name
    assert bulk.to_json() == one.to_json(), name


def test_the_varied_reports_are_really_varied(varied):
    tables = {name: scoring_table(evaluation) for name, evaluation in varied.items()}
    seed_row = next(row for row in tables["seed, manual score"].rows if row.name == "社会效益")
    assert seed_row.score == D("3.00") and seed_row.scored_by == "filler"
    assert tables["frozen"].frozen_at and not tables["seed, manual score"].frozen_at
    older, newer = tables["fixed on an older regional version"], tables["newest regional version"]
    assert "2016年版" in older.framework_name and "2018年版" in newer.framework_name
    assert newer.problems and not older.problems
    assert tables["no framework for the year"] is None
    assert tables["default version, factory figures"].total != tables["no budget yet"].total


def test_bulk_and_one_report_give_identical_tables(varied):
    bulk = score_tables(fresh(varied.values()))
    for name, evaluation in varied.items():
        one = scoring_table(Evaluation.objects.get(pk=evaluation.pk))
        assert_same(bulk[evaluation.pk], one, name)
        assert_same(bulk[evaluation.pk], scoring_table(evaluation, report=report_snapshot(evaluation)), name)


def test_district_summary_scores_are_the_one_report_tables(varied):
    by_year = {}
    for evaluation in varied.values():
        by_year.setdefault(evaluation.fiscal_year_id, []).append(evaluation.department)
    rows = [row for year, departments in by_year.items() for row in department_summaries(departments, year=year)]
    assert len(rows) == len(varied)
    for name, evaluation in varied.items():
        row = next(row for row in rows if row.evaluation.pk == evaluation.pk)
        assert_same(row.scores, scoring_table(Evaluation.objects.get(pk=evaluation.pk)), name)


def test_bulk_snapshots_are_the_one_report_snapshots(varied):
    snapshots = report_snapshots(fresh(varied.values()))
    for name, evaluation in varied.items():
        assert snapshots[evaluation.pk] == report_snapshot(evaluation), name


def make_reports(region, count: int) -> list[Evaluation]:
    """Reports of every kind in turn: with a manual score, frozen, plain, without any framework."""
    made = []
    for n in range(count):
        kind = n % 4
        evaluation = factory_report(region, year=2014 if kind == 3 else 2018)
        if kind == 0:
            ManualScore.objects.create(
                evaluation=evaluation, indicator=manual_indicator(evaluation), score=D("2"), reason="好", user=filler()
            )
        elif kind == 1:
            scoring_freeze(evaluation=evaluation)
        made.append(evaluation)
    return made


def scored_in_bulk(evaluations) -> int:
    """Queries of ``score_tables`` over the reports as a list page reads them."""
    evaluations = fresh(evaluations)
    with CaptureQueriesContext(connection) as queries:
        score_tables(evaluations)
    return len(queries.captured_queries)


def summarised(evaluations) -> int:
    """Queries of ``department_summaries`` (dashboard page, district summary) of the reports' departments."""
    departments = [evaluation.department for evaluation in Evaluation.objects.select_related("department")]
    departments = [d for d in departments if d.pk in {e.department_id for e in evaluations}]
    with CaptureQueriesContext(connection) as queries:
        department_summaries(departments, year=2018)
    return len(queries.captured_queries)


@pytest.mark.parametrize("count_queries", [scored_in_bulk, summarised])
def test_bulk_query_count_does_not_grow_with_the_number_of_reports(demo, count_queries):
    region = Region.objects.get(name="长沙市天心区")
    few = make_reports(region, 4)
    few_queries = count_queries(few)
    many = few + make_reports(region, 20)
    assert count_queries(many) == few_queries
    assert few_queries <= 25
