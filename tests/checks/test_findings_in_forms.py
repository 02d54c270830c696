"""Findings appear at the field in the section forms (issue 4's pages), in a panel above the form too."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.checks.services import finding_acknowledge
from evaluations.models import Evaluation

pytestmark = pytest.mark.django_db


def page(client, evaluation, slug, username="filler"):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("evaluations:section", args=[evaluation.pk, slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_warning_is_shown_under_the_explanation_field(client, seed_evaluation):
    html = page(client, seed_evaluation, "profile")
    assert 'id="section-findings"' in html and "检查发现本部分有 1 个问题" in html
    field = html.index('name="profile-staff_excess_reason"')
    message = html.index("实有在职人数10人超过编制数8名", field)
    assert message < html.index('name="posts-TOTAL_FORMS"')  # right after the field, before the next list


def test_project_findings_are_shown_above_the_project_table(client, seed_evaluation):
    html = page(client, seed_evaluation, "projects")
    assert "检查发现本部分有 2 个问题" in html
    table = html.index('name="projects-TOTAL_FORMS"')
    at_table = html[table : html.index("<table", table)]
    assert "148.25" in at_table and "5.01" in at_table


def test_the_functional_lines_show_the_rounding_note_and_the_5_1_figure(client, seed_evaluation):
    html = page(client, seed_evaluation, "spending")
    table = html.index('name="lines-TOTAL_FORMS"')
    at_table = html[table : html.index("<table", table)]
    assert "尾数差异" in at_table and "5.10" in at_table


def test_acknowledged_warning_says_so_in_the_form(client, seed_evaluation):
    user = get_user_model().objects.get(username="filler")
    finding_acknowledge(evaluation=seed_evaluation, finding_key="staff_over_quota:10>8", reason="借调2人", user=user)
    html = page(client, seed_evaluation, "profile")
    assert "已说明理由：借调2人" in html


def test_sections_without_findings_show_no_panel(client, seed_evaluation):
    assert 'id="section-findings"' not in page(client, seed_evaluation, "goals")
    second = Evaluation.objects.get(department__code="999001")
    assert 'id="section-findings"' not in page(client, second, "projects", username="filler2")
