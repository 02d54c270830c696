"""Every write path leaves a trace: who, when, which field, old → new (issue: audit trail).

Section saves are recorded by ``evaluations.services.evaluation_section_save``; transitions,
comments, acknowledgements and imports by their own services (tested with them).
"""

import pytest
from django.urls import reverse

from departments.models import AuditEvent

pytestmark = pytest.mark.django_db


def events(evaluation, **filters):
    return list(
        AuditEvent.objects.filter(department=evaluation.department, fiscal_year_id=evaluation.fiscal_year_id, **filters)
        .order_by("id")
        .values_list("action", "section", "object_label", "field", "old_value", "new_value", "user__username")
    )


def test_changed_figure_is_recorded_with_old_and_new_value(open_section, submit, seed_evaluation):
    page = open_section("budget-table")
    page.fill("部门决算数 项目支出", "148.25")
    assert submit("budget-table", page).status_code == 302
    assert events(seed_evaluation) == [("update", "budget-table", "", "决算·项目支出", "148.35", "148.25", "filler")]


def test_unchanged_save_records_nothing(open_section, submit, seed_evaluation):
    assert submit("three-public", open_section("three-public")).status_code == 302
    assert events(seed_evaluation) == []


def test_profile_head_count_and_lists(open_section, submit, seed_evaluation):
    page = open_section("profile")
    page.fill("实有在职人数", "9")
    assert submit("profile", page).status_code == 302
    assert events(seed_evaluation) == [("update", "profile", "", "实有在职人数", "10", "9", "filler")]


def test_project_line_added_edited_and_removed(open_section, submit, seed_evaluation):
    page = open_section("projects")
    page.fill("项目名称（第4行）", "政务大厅智能化改造").fill("决算（第4行）", "11.8")
    page.fill("决算（第2行）", "5.10")
    assert submit("projects", page).status_code == 302
    recorded = events(seed_evaluation)
    assert ("update", "projects", "项目支出「干部教育培训」", "决算", "5.01", "5.10", "filler") in recorded
    created = [e for e in recorded if e[0] == "create"]
    assert len(created) == 1 and created[0][2] == "项目支出「政务大厅智能化改造」" and "11.80" in created[0][5]


def test_three_public_and_narratives(open_section, submit, seed_evaluation):
    page = open_section("three-public")
    page.fill("公务接待 决算数", "0.5")
    assert submit("three-public", page).status_code == 302
    page = open_section("problems")
    page.fill("存在的主要问题及改进措施或有关建议", "无。")
    assert submit("problems", page).status_code == 302
    recorded = events(seed_evaluation)
    assert ("update", "three-public", "三公经费「公务接待」", "决算数", "0.00", "0.50", "filler") in recorded
    narrative = [e for e in recorded if e[1] == "problems"]
    assert narrative and narrative[0][3] == "存在的主要问题及改进措施或有关建议" and narrative[0][5] == "无。"


def test_history_page_shows_the_trail(open_section, submit, filler_client, seed_evaluation):
    page = open_section("budget-table")
    page.fill("部门决算数 项目支出", "148.25")
    submit("budget-table", page)
    history = filler_client.get(reverse("reports:history", args=[seed_evaluation.pk])).content.decode()
    assert "决算·项目支出" in history and "148.35" in history and "148.25" in history and "filler" in history


def test_starting_a_report_is_recorded(fresh_evaluation):
    assert [e[0] for e in events(fresh_evaluation)] == ["create"]
