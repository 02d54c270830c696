"""The reviewer dashboard's analysis panels come from counts and the stored summaries, and agree
with the full district analysis (which the dashboard no longer runs)."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.analysis.selectors import dashboard_analysis_figures, district_analysis
from evaluations.models import Evaluation, StatusTransition
from evaluations.summary_store import summaries_rebuild

from .generate import generate_departments

YEAR = 2018
pytestmark = pytest.mark.django_db


def test_dashboard_panel_figures_equal_the_district_analysis(district):
    summaries_rebuild()  # the generated reports were written in bulk, around the services
    [panel] = dashboard_analysis_figures(regions=[district], year=YEAR)
    analysis = district_analysis(region=district, year=YEAR)
    assert (panel.expected, panel.submitted, panel.approved) == (analysis.expected, analysis.submitted, analysis.approved)
    assert panel.scored == analysis.scored > 0
    assert panel.grades == analysis.grades
    assert panel.progress == analysis.progress and panel.progress


def test_dashboard_panel_queries_do_not_grow_with_departments(district):
    summaries_rebuild()
    with CaptureQueriesContext(connection) as few:
        dashboard_analysis_figures(regions=[district], year=YEAR)
    generate_departments(30, region=district, start=50)
    summaries_rebuild()
    with CaptureQueriesContext(connection) as more:
        [panel] = dashboard_analysis_figures(regions=[district], year=YEAR)
    assert len(more.captured_queries) == len(few.captured_queries) == 3
    assert panel.expected == 82


def test_progress_counts_a_change_on_its_day_in_china_not_in_utc(district):
    """00:30 on 6 May in Shanghai is 5 May in UTC: the change belongs to 6 May."""
    evaluation = Evaluation.objects.filter(department__region=district, fiscal_year_id=YEAR, status="draft").first()
    transition = StatusTransition.objects.create(
        evaluation=evaluation, from_status="draft", to_status="submitted", user=User.objects.get(username="filler")
    )
    StatusTransition.objects.filter(pk=transition.pk).update(at=timezone.make_aware(datetime(2019, 5, 6, 0, 30)))
    Evaluation.objects.filter(pk=evaluation.pk).update(status="submitted")
    [panel] = dashboard_analysis_figures(regions=[district], year=YEAR)
    days = [point.day for point in panel.progress]
    assert date(2019, 5, 6) in days and date(2019, 5, 5) not in days
    assert panel.progress[-1].submitted == panel.submitted
