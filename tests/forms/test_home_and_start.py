"""The home list (reports by year, status, completion) and "开始填报本年度报告"."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgets.models import DepartmentBudget, FunctionalCategory
from departments.models import DepartmentProfile
from evaluations.models import Evaluation
from evaluations.outlines.selectors import outline_for
from tests.factories import FiscalYearFactory

pytestmark = pytest.mark.django_db


def test_home_lists_reports_with_status_and_completion(filler_client, seed_evaluation):
    page = filler_client.get("/").content.decode()
    assert "2018年度" in page and "草稿" in page
    # the demo leaves 基础数据 empty: 9 of the 10 sections are complete
    assert f"已完成 9/{len(outline_for(seed_evaluation))} 部分" in page
    assert reverse("evaluations:fill", args=[seed_evaluation.pk]) in page
    assert "开始填报" not in page  # 2018 is the open year and its report exists


def test_fill_opens_the_first_incomplete_section(filler_client, seed_evaluation):
    response = filler_client.get(reverse("evaluations:fill", args=[seed_evaluation.pk]))
    assert response["Location"] == reverse("evaluations:section", args=[seed_evaluation.pk, "basic-data"])


def side_nav(page: str) -> str:
    """The side nav's list as the wide-screen sidebar shows it (the phone dropdown repeats it)."""
    start = page.index('<div class="card d-none d-lg-block section-sidebar">')
    return page[start : page.index("</ol>", start)]


def test_section_navigation_marks_complete_sections(filler_client, seed_evaluation):
    page = filler_client.get(reverse("evaluations:section", args=[seed_evaluation.pk, "profile"])).content.decode()
    nav = side_nav(page)
    assert nav.count("（已完成）") + nav.count("（已填完，待处理：") == 9 and nav.count("（未完成：") == 1
    assert 'aria-current="page"' in nav
    assert page.count('class="list-group list-group-flush section-list"') == 2  # sidebar and phone dropdown


def test_side_nav_flags_errors_warnings_and_open_comments_instead_of_a_tick(filler_client, seed_evaluation):
    from evaluations.checks.selectors import evaluation_findings
    from evaluations.completeness import sections_status
    from evaluations.models import ReviewComment
    from evaluations.navigation import section_nav
    from evaluations.selectors import report_bundle

    reviewer = get_user_model().objects.create_user("nav-reviewer")
    ReviewComment.objects.create(evaluation=seed_evaluation, author=reviewer, section="problems", text="请补充。")
    page = filler_client.get(reverse("evaluations:section", args=[seed_evaluation.pk, "profile"])).content.decode()
    nav = side_nav(page)
    problems = nav[nav.index("/sections/problems/") :]
    problems = problems[: problems.index("</li>")]
    assert "✓" not in problems and "意见 1" in problems and "1 条审核意见待处理" in problems

    bundle = report_bundle(seed_evaluation)
    entries = section_nav(sections_status(bundle), evaluation_findings(seed_evaluation, bundle=bundle), {})
    for entry in entries:
        if entry.errors or entry.warnings:
            assert not entry.clean and entry.summary.startswith(("已填完，待处理：", "未完成："))
            row = nav[nav.index(f"/sections/{entry.section.slug}/") :]
            row = row[: row.index("</li>")]
            assert "✓" not in row
            assert (f"错误 {entry.errors}" in row) == bool(entry.errors)
            assert (f"警告 {entry.warnings}" in row) == bool(entry.warnings)


def test_fill_opens_the_first_section_with_an_open_comment(filler_client, seed_evaluation):
    from evaluations.models import ReviewComment

    reviewer = get_user_model().objects.create_user("fill-reviewer")
    ReviewComment.objects.create(evaluation=seed_evaluation, author=reviewer, section="problems", text="请补充。")
    ReviewComment.objects.create(evaluation=seed_evaluation, author=reviewer, section="goals", text="请核对。")
    response = filler_client.get(reverse("evaluations:fill", args=[seed_evaluation.pk]))
    assert response["Location"] == reverse("evaluations:section", args=[seed_evaluation.pk, "goals"])


def test_home_notice_names_and_links_the_sections_with_open_comments(filler_client, seed_evaluation):
    from evaluations.models import ReviewComment

    reviewer = get_user_model().objects.create_user("notice-reviewer")
    ReviewComment.objects.create(evaluation=seed_evaluation, author=reviewer, section="problems", text="请补充。")
    page = filler_client.get("/").content.decode()
    assert "见相应章节页面" not in page
    link = reverse("evaluations:section", args=[seed_evaluation.pk, "problems"])
    assert f'<a href="{link}">四 存在的主要问题及改进措施或有关建议</a>' in page


def test_start_this_year_copies_last_years_texts_and_lists_but_no_figures(filler_client, seed_evaluation):
    year = FiscalYearFactory(year=2019, is_open=True)
    for category in FunctionalCategory.objects.filter(fiscal_year_id=2018).exclude(code="2060404"):
        FunctionalCategory.objects.create(
            fiscal_year=year, code=category.code, name=category.name + "（2019）", level=category.level
        )
    home = filler_client.get("/").content.decode()
    assert "开始填报2019年度报告" in home and "复制上年度" in home

    response = filler_client.post(
        reverse("evaluations:start"), {"department": seed_evaluation.department_id, "copy_previous": "on"}
    )
    new = Evaluation.objects.get(department=seed_evaluation.department, fiscal_year_id=2019)
    assert response["Location"] == reverse("evaluations:section", args=[new.pk, "profile"])
    assert new.status == "draft"

    profile = DepartmentProfile.objects.get(department=seed_evaluation.department, fiscal_year_id=2019)
    assert profile.staffing_type == "institutional" and profile.duties.startswith("我单位主要职责")
    assert profile.staff_quota is None and profile.staff_actual is None  # head counts are figures of the year
    assert [d.name for d in profile.divisions.all()] == ["办公室", "业务科", "督查科", "热线综合科", "优化综合科"]
    assert [(p.title, p.count) for p in profile.leadership_posts.all()] == [("主任", 1), ("副主任", 3)]
    assert new.key_work_items.count() == 5 and new.goals.count() == 4
    assert new.project_fund_management.startswith("项目资金全部是财政资金")
    assert new.problems_and_measures == seed_evaluation.problems_and_measures
    assert new.variance_analysis_override == "" and new.spending_summary_override == ""

    budget = DepartmentBudget.objects.get(department=seed_evaluation.department, fiscal_year_id=2019)
    assert budget.basic_actual is None and budget.project_initial is None
    lines = list(budget.functional_lines.select_related("category"))
    # categories are matched by code in the 2019 catalogue; 2060404 no longer exists there
    assert [line.category.code for line in lines] == ["2010306", "2050802", "208", "210", "221"]
    assert all(line.category.fiscal_year_id == 2019 and line.amount is None for line in lines)
    projects = list(budget.project_lines.select_related("category"))
    assert [p.name for p in projects] == ["政务公开审批", "干部教育培训", "科技成果转化于扩散"]
    assert all(p.actual is None and p.initial is None for p in projects)
    assert projects[2].category is None and projects[0].category.fiscal_year_id == 2019
    assert projects[0].purpose == "保障区政务大厅、区热线办日常运行开支"
    assert not budget.three_public_lines.exists()

    # the 2018 report is untouched
    assert DepartmentBudget.objects.get(department=seed_evaluation.department, fiscal_year_id=2018).basic_actual == (
        Decimal("330.55")
    )
    home = filler_client.get("/").content.decode()
    assert "开始填报2019年度报告" not in home and "2019年度" in home


def test_start_without_copy_is_empty(filler_client, seed_evaluation):
    FiscalYearFactory(year=2019, is_open=True)
    filler_client.post(reverse("evaluations:start"), {"department": seed_evaluation.department_id})
    new = Evaluation.objects.get(department=seed_evaluation.department, fiscal_year_id=2019)
    assert new.key_work_items.count() == 0 and new.project_fund_management == ""
    assert DepartmentProfile.objects.get(department=seed_evaluation.department, fiscal_year_id=2019).duties == ""
    page = filler_client.get(reverse("evaluations:section", args=[new.pk, "spending"]))
    assert page.status_code == 200


def test_start_twice_does_not_create_a_second_report(filler_client, seed_evaluation):
    FiscalYearFactory(year=2019, is_open=True)
    url = reverse("evaluations:start")
    filler_client.post(url, {"department": seed_evaluation.department_id})
    response = filler_client.post(url, {"department": seed_evaluation.department_id}, follow=True)
    assert "已存在" in response.content.decode()
    assert Evaluation.objects.filter(department=seed_evaluation.department, fiscal_year_id=2019).count() == 1


def test_preview_link_points_at_the_section(filler_client, seed_evaluation):
    preview = reverse("reports:preview", args=[seed_evaluation.pk])
    for item in outline_for(seed_evaluation):
        page = filler_client.get(reverse("evaluations:section", args=[seed_evaluation.pk, item.slug]))
        assert f'href="{preview}#{item.anchor}"' in page.content.decode()


def test_missing_catalogue_of_the_year_is_explained(filler_client, seed_evaluation):
    FiscalYearFactory(year=2019, is_open=True)  # no 2019 catalogue loaded
    filler_client.post(reverse("evaluations:start"), {"department": seed_evaluation.department_id})
    new = Evaluation.objects.get(department=seed_evaluation.department, fiscal_year_id=2019)
    page = filler_client.get(reverse("evaluations:section", args=[new.pk, "spending"])).content.decode()
    assert "2019年度的支出功能分类科目尚未导入系统" in page
    page = filler_client.get(reverse("evaluations:section", args=[seed_evaluation.pk, "spending"])).content.decode()
    assert "尚未导入系统" not in page


def test_any_open_year_can_be_started_while_others_stay_open(filler_client, seed_evaluation):
    FiscalYearFactory(year=2019, is_open=True)
    FiscalYearFactory(year=2017, is_open=True)  # a unit new to the system enters last year's report too
    home = filler_client.get("/").content.decode()
    assert "开始填报2019年度报告" in home and "开始填报2017年度报告" in home
    assert "开始填报2018年度报告" not in home  # already started

    response = filler_client.post(
        reverse("evaluations:start"), {"department": seed_evaluation.department_id, "year": "2017"}
    )
    older = Evaluation.objects.get(department=seed_evaluation.department, fiscal_year_id=2017)
    assert response["Location"] == reverse("evaluations:section", args=[older.pk, "profile"])
    home = filler_client.get("/").content.decode()
    assert "开始填报2017年度报告" not in home and "开始填报2019年度报告" in home
    assert not Evaluation.objects.filter(fiscal_year_id=2019).exists()


def test_a_closed_year_cannot_be_started_even_when_named(filler_client, seed_evaluation):
    FiscalYearFactory(year=2019, is_open=True)
    FiscalYearFactory(year=2017, is_open=False)
    assert "开始填报2017年度报告" not in filler_client.get("/").content.decode()
    response = filler_client.post(
        reverse("evaluations:start"), {"department": seed_evaluation.department_id, "year": "2017"}, follow=True
    )
    assert "2017年度未开放填报" in response.content.decode()
    assert not Evaluation.objects.filter(fiscal_year_id=2017).exists()
