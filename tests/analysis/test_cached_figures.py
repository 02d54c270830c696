"""The analysis is computed once for what it reads (``district_analysis_cached``): the page and its
downloads reuse it while nothing changed, and any change it reads — a report's status or content, a
department's name, a framework edit — is in the next read."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from departments.models import Department
from evaluations.analysis import selectors
from evaluations.models import Evaluation
from evaluations.scoring.models import IndicatorFramework
from evaluations.workflow import evaluation_submit

YEAR = 2018
stamped = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+\+08:00")


@pytest.fixture
def computations(monkeypatch):
    """How many times the analysis was really computed."""
    calls = []
    compute = selectors.district_analysis

    def counted(**kwargs):
        calls.append(kwargs)
        return compute(**kwargs)

    monkeypatch.setattr(selectors, "district_analysis", counted)
    return calls


@pytest.fixture
def reviewer(client):
    client.login(username="reviewer", password="tianxin2018")
    return client


def page(client, region) -> str:
    return client.get(reverse("reports:analysis", args=[region.pk, YEAR])).content.decode()


def test_page_and_workbook_compute_once_and_a_submission_is_in_the_next_read(district, reviewer, computations):
    first = page(reviewer, district)
    reviewer.get(reverse("reports:analysis_excel", args=[district.pk, YEAR]))
    second = page(reviewer, district)
    assert len(computations) == 1
    assert stamped.sub("", first) == stamped.sub("", second)  # the same page but its generation time

    submitted = selectors.district_analysis(region=district, year=YEAR).submitted
    evaluation_submit(
        evaluation=Evaluation.objects.get(department__code="999001", fiscal_year_id=YEAR),
        user=get_user_model().objects.get(username="filler2"),
    )
    analysis = selectors.district_analysis_cached(region=district, year=YEAR)
    assert analysis.submitted == submitted + 1  # recomputed: the submission is counted
    assert analysis == selectors.district_analysis(region=district, year=YEAR)


def test_a_renamed_department_is_in_the_next_read(district, reviewer, computations):
    department = Department.objects.filter(region=district, evaluations__isnull=True).order_by("code").first()
    assert department.full_name in page(reviewer, district)  # among the 未提交
    department.full_name = "更名后的测试单位"
    department.save()
    assert "更名后的测试单位" in page(reviewer, district)
    assert len(computations) == 2


def test_a_framework_edit_is_in_the_next_read(district, reviewer, computations, django_capture_on_commit_callbacks):
    page(reviewer, district)
    with django_capture_on_commit_callbacks(execute=True):
        framework = IndicatorFramework.objects.order_by("pk").first()
        framework.name = framework.name + "（修订）"
        framework.save()
    page(reviewer, district)
    assert len(computations) == 2
