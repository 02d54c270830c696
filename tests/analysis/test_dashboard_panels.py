"""The reviewer dashboard's analysis panels come from counts and the stored summaries, and agree
with the full district analysis (which the dashboard no longer runs)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.analysis.selectors import dashboard_analysis_figures, district_analysis
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
    assert len(more.captured_queries) == len(few.captured_queries) == 4
    assert panel.expected == 82
