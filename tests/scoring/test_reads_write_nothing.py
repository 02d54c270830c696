"""Showing a score writes nothing: the framework is fixed on a report only by writes (submission,
manual score, freeze), never by a page that displays the 评分表."""

import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Evaluation, IndicatorFramework
from evaluations.workflow import evaluation_submit
from tests.factories import score_remaining_by_hand
from tests.scoring.test_approval_freeze import make_submittable

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

PAGES = [
    ("filler", "evaluations:scoring", True, {}),
    ("reviewer", "evaluations:scoring", True, {}),
    ("filler", "evaluations:checklist", True, {}),
    ("reviewer", "evaluations:checklist", True, {}),
    ("filler", "reports:preview", True, {}),
    ("reviewer", "reports:review", True, {}),
    ("filler", "excel:report", True, {}),
    ("reviewer", "reports:dashboard", False, {"year": 2018}),
    ("reviewer", "excel:summary", False, {"year": 2018}),
]


def evaluation_rows() -> list[dict]:
    return list(Evaluation.objects.order_by("pk").values())


def writes(queries) -> list[str]:
    """Writes other than the security audit's record of a download (等保: downloads are audited) and
    the shared cache's table (a cache, not data: ``settings.CACHES``)."""
    cache_tables = {f'"{cache["LOCATION"]}"' for cache in settings.CACHES.values() if "LOCATION" in cache}
    return [
        query["sql"]
        for query in queries.captured_queries
        if WRITE.match(query["sql"])
        and not query["sql"].startswith('INSERT INTO "departments_auditevent"')
        and not any(table in query["sql"] for table in cache_tables)
    ]


@pytest.mark.parametrize(("username", "name", "per_report", "params"), PAGES)
def test_get_of_a_page_showing_the_score_writes_nothing(client, seed_evaluation, username, name, per_report, params):
    assert seed_evaluation.framework_id is None  # not yet fixed: a read must not fix it
    client.force_login(get_user_model().objects.get(username=username))
    url = reverse(name, args=[seed_evaluation.pk] if per_report else [])
    before = evaluation_rows()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    assert writes(queries) == []
    assert evaluation_rows() == before


def test_check_report_command_writes_nothing(seed_evaluation):
    before = evaluation_rows()
    with CaptureQueriesContext(connection) as queries, pytest.raises(CommandError):
        call_command("check_report", "103001", "2018", stdout=io.StringIO(), stderr=io.StringIO())
    assert writes(queries) == [] and evaluation_rows() == before


def test_submission_fixes_the_framework_and_a_newer_version_does_not_change_the_submitted_score(seed_evaluation):
    from evaluations.scoring.selectors import scoring_table
    from evaluations.scoring.services import framework_activate, framework_copy

    make_submittable(seed_evaluation)
    score_remaining_by_hand(seed_evaluation, get_user_model().objects.get(username="filler"))
    default = IndicatorFramework.objects.get(region__isnull=True)
    submitted = evaluation_submit(evaluation=seed_evaluation, user=get_user_model().objects.get(username="filler"))
    assert submitted.framework_id == default.pk and default.is_locked()
    before = scoring_table(submitted)

    newer = framework_activate(framework=framework_copy(framework=default, from_year=2018, region=submitted.department.region))
    newer.indicators.filter(name="预算完成率").update(weight=0)
    after = scoring_table(Evaluation.objects.get(pk=submitted.pk))
    assert after.framework_id == default.pk and after.to_json() == before.to_json()


def test_a_draft_follows_the_applicable_version_until_a_write_fixes_it(seed_evaluation):
    from evaluations.scoring.selectors import scoring_table
    from evaluations.scoring.services import framework_activate, framework_copy

    default = IndicatorFramework.objects.get(region__isnull=True)
    assert scoring_table(seed_evaluation).framework_id == default.pk
    newer = framework_copy(framework=default, from_year=2018, region=seed_evaluation.department.region)
    assert scoring_table(seed_evaluation).framework_id == default.pk  # a copy applies once activated
    framework_activate(framework=newer)
    assert scoring_table(seed_evaluation).framework_id == newer.pk
    assert Evaluation.objects.get(pk=seed_evaluation.pk).framework_id is None
