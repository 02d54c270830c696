"""Completeness of many reports reads their 评分表 together (自评得分情况 needs one), with the same
result as one report at a time."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from departments.models import FiscalYear
from evaluations.completeness import sections_status, sections_statuses
from evaluations.models import Evaluation
from evaluations.outlines.selectors import outlines_for
from evaluations.selectors import report_bundles
from evaluations.services import evaluation_start
from tests.factories import DepartmentFactory

from .test_outlines import hunan_outline_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hunan_reports(demo):
    first = Evaluation.objects.get(department__code="999001").department
    hunan_outline_for(first.region)
    year = FiscalYear.objects.create(year=2021, is_open=True)
    user = get_user_model().objects.get(username="filler2")
    reports = [evaluation_start(department=first, fiscal_year=year, copy_previous=True, user=user)]
    for code in ("999101", "999102"):
        department = DepartmentFactory(code=code, region=first.region)
        reports.append(evaluation_start(department=department, fiscal_year=year, copy_previous=False, user=user))
    return Evaluation.objects.filter(pk__in=[r.pk for r in reports]).order_by("pk")


def statuses(evaluations):
    evaluations = list(evaluations)
    bundles = report_bundles(evaluations)
    outlines = outlines_for(evaluations)
    with CaptureQueriesContext(connection) as queries:
        result = sections_statuses(bundles, outlines)
    return result, len(queries), bundles, outlines


def test_many_reports_give_what_one_report_gives(hunan_reports):
    result, _, bundles, outlines = statuses(hunan_reports)
    for pk, bundle in bundles.items():
        assert result[pk] == sections_status(bundle, outlines[pk])
    score = next(status for status in result[hunan_reports[0].pk] if status.section.slug == "score-summary")
    assert score.missing  # the 评分表 is not scored yet: said the same way in bulk


def test_the_score_tables_of_many_reports_cost_no_more_queries_than_of_one(hunan_reports):
    assert all(outline.get("score-summary") for outline in outlines_for(hunan_reports).values())
    _, one, _, _ = statuses(hunan_reports[:1])
    _, three, _, _ = statuses(hunan_reports)
    assert three == one
