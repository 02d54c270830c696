"""The reviewer's pages: dashboard, return with reason, approve with a stored PDF, reopen, history."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from budgets.models import FunctionalCategory
from evaluations.models import Evaluation, EvaluationStatus, ReviewComment
from evaluations.workflow import evaluation_submit
from reports.models import ApprovedSnapshot
from reports.stored import read

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client, demo):
    client.login(username="reviewer", password="tianxin2018")
    return client


def submitted(evaluation):
    return evaluation_submit(evaluation=evaluation, user=get_user_model().objects.get(username="filler2"))


def test_dashboard_lists_every_department_in_scope(reviewer_client, clean_evaluation):
    page = reviewer_client.get(reverse("reports:dashboard"), {"year": 2018}).content.decode()
    assert "长沙市天心区政务服务中心" in page and "长沙市天心区演示事务中心" in page
    assert "478.90" in page  # 支出合计 of the seed, derived from 基本 + 项目
    assert "未提交（2）" in page
    seed_row = page.split("长沙市天心区政务服务中心")[1].split("</tr>")[0]
    assert "错误 1 · 警告 2" in seed_row  # the seed's real findings (148.25 vs 148.35; 5.1 vs 5.01, 实有 > 编制)
    assert "11.00" in seed_row  # its 评分表 so far: computed indicators only, the manual ones await scores


def test_dashboard_pages_through_many_departments(reviewer_client, clean_evaluation):
    from tests.factories import DepartmentFactory

    for _ in range(55):
        DepartmentFactory(region=clean_evaluation.department.region)
    first = reviewer_client.get(reverse("reports:dashboard"), {"year": 2018}).content.decode()
    second = reviewer_client.get(reverse("reports:dashboard"), {"year": 2018, "page": 2}).content.decode()
    assert first.count("data-status=") == 50 and second.count("data-status=") == 7
    assert "第 1 / 2 页（共 57 个部门）" in first
    assert "未提交（57）" in second  # the list of who has not submitted covers every page


def test_dashboard_filters_by_status(reviewer_client, clean_evaluation):
    submitted(clean_evaluation)
    page = reviewer_client.get(reverse("reports:dashboard"), {"year": 2018, "status": "submitted"}).content.decode()
    table = page.split('id="dashboard"')[1].split("</table>")[0]
    assert "长沙市天心区演示事务中心" in table and "政务服务中心" not in table
    assert "未提交（1）" in page


def test_dashboard_query_count_does_not_grow_with_departments(
    reviewer_client, clean_evaluation, django_assert_max_num_queries
):
    from evaluations.summary_store import summaries_rebuild
    from tests.factories import DepartmentBudgetFactory, DepartmentFactory, EvaluationFactory

    url = reverse("reports:dashboard")
    with django_assert_max_num_queries(30) as few:  # stored summaries, counts in the database, the charts' counts
        reviewer_client.get(url, {"year": 2018})
    region = clean_evaluation.department.region
    for _ in range(15):
        department = DepartmentFactory(region=region)
        EvaluationFactory(department=department, fiscal_year_id=2018)
        DepartmentBudgetFactory(department=department, fiscal_year_id=2018)
    for _ in range(5):
        DepartmentFactory(region=region)  # no report: 未创建
    summaries_rebuild()  # the factories wrote around the services
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = reviewer_client.get(url, {"year": 2018}).content.decode()
    assert page.count('data-status="draft"') == 17 and page.count('data-status="not_started"') == 5
    assert page.count("未创建") >= 5 and page.count("错误 0 · 警告") >= 15  # every report row shows its stored findings


def test_filler_cannot_open_reviewer_pages(client, demo, clean_evaluation):
    client.login(username="filler2", password="tianxin2018")
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.post(reverse("reports:review_approve", args=[clean_evaluation.pk])).status_code == 403


def test_return_requires_a_reason_and_shows_it(reviewer_client, clean_evaluation):
    submitted(clean_evaluation)
    url = reverse("reports:review_return", args=[clean_evaluation.pk])
    page = reviewer_client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "请填写退回的理由" in page
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.SUBMITTED
    reviewer_client.post(url, {"reason": "项目支出明细合计148.25与项目支出148.35不一致"})
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.RETURNED
    history = reviewer_client.get(reverse("reports:history", args=[clean_evaluation.pk])).content.decode()
    assert "项目支出明细合计148.25与项目支出148.35不一致" in history and "已退回" in history


def test_approved_pdf_is_served_byte_for_byte_after_reference_data_changes(reviewer_client, clean_evaluation):
    submitted(clean_evaluation)
    reviewer_client.post(reverse("reports:review_approve", args=[clean_evaluation.pk]))
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.APPROVED
    snapshot = ApprovedSnapshot.objects.get(evaluation=clean_evaluation)
    stored = read(snapshot.pdf_name)
    assert stored.startswith(b"%PDF")
    assert any(o["model"] == "budgets.projectline" for o in snapshot.data["objects"])

    # Reference data changes after approval: catalogue names, the department's name.
    FunctionalCategory.objects.filter(fiscal_year_id=2018, code="2010306").update(name="改名后的科目")
    department = clean_evaluation.department
    department.full_name = "长沙市天心区政务服务中心（更名）"
    department.save()

    response = reviewer_client.get(reverse("reports:pdf", args=[clean_evaluation.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == stored


def test_reopen_is_logged_with_reason(reviewer_client, clean_evaluation):
    submitted(clean_evaluation)
    reviewer_client.post(reverse("reports:review_approve", args=[clean_evaluation.pk]))
    reviewer_client.post(reverse("reports:review_reopen", args=[clean_evaluation.pk]), {"reason": "决算数据经审计调整"})
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.RETURNED
    history = reviewer_client.get(reverse("reports:history", args=[clean_evaluation.pk])).content.decode()
    assert "决算数据经审计调整" in history


def test_reopen_goes_through_a_confirmation_page(reviewer_client, clean_evaluation):
    from evaluations.scoring.selectors import scoring_table

    submitted(clean_evaluation)
    reviewer_client.post(reverse("reports:review_approve", args=[clean_evaluation.pk]))
    assert scoring_table(clean_evaluation).frozen_at is not None
    url = reverse("reports:review_reopen", args=[clean_evaluation.pk])
    review_page = reviewer_client.get(reverse("reports:review", args=[clean_evaluation.pk])).content.decode()
    assert f'href="{url}"' in review_page  # a link to the confirmation, not a one-click POST

    page = reviewer_client.get(url).content.decode()
    assert "确认重新打开报告" in page and 'name="reason"' in page
    assert "评分表解除冻结" in page and "审核通过时存档的 PDF 与数据仍保留" in page
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.APPROVED

    response = reviewer_client.post(url, {"reason": "  "})
    assert response.status_code == 400 and "确认重新打开报告" in response.content.decode()
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.APPROVED

    reviewer_client.post(url, {"reason": "决算数据经审计调整"})
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.RETURNED
    assert scoring_table(clean_evaluation).frozen_at is None  # unfrozen, can be scored again
    assert ApprovedSnapshot.objects.filter(evaluation=clean_evaluation).exists()  # the archive stays


def test_reopen_of_a_report_not_approved_says_why(reviewer_client, clean_evaluation):
    submitted(clean_evaluation)
    response = reviewer_client.get(reverse("reports:review_reopen", args=[clean_evaluation.pk]), follow=True)
    assert "只有已审核通过的报告才能重新打开" in response.content.decode()
    clean_evaluation.refresh_from_db()
    assert clean_evaluation.status == EvaluationStatus.SUBMITTED


def test_comment_on_a_section_then_resolved(reviewer_client, client, clean_evaluation):
    reviewer_client.post(
        reverse("reports:review_comment", args=[clean_evaluation.pk]),
        {"section": "projects", "field": "项目支出明细", "text": "请核对干部教育培训金额"},
    )
    comment = ReviewComment.objects.get(evaluation=clean_evaluation)
    assert comment.section == "projects" and comment.resolved_at is None
    page = reviewer_client.get(reverse("reports:review", args=[clean_evaluation.pk])).content.decode()
    assert "请核对干部教育培训金额" in page and "二（四）" in page


def test_zip_contains_every_pdf_of_the_filter(reviewer_client, clean_evaluation):
    response = reviewer_client.get(reverse("reports:dashboard_zip"), {"year": 2018})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert names == sorted(
        f"{e.department.full_name}2018年度部门整体支出绩效自评报告.pdf" for e in Evaluation.objects.all()
    )
    assert all(archive.read(n).startswith(b"%PDF") for n in names)
    from urllib.parse import quote

    disposition = response["Content-Disposition"]
    assert 'filename="reports-2018.zip"' in disposition  # the ASCII fallback
    assert f"filename*=UTF-8''{quote('2018年度部门整体支出绩效自评报告.zip')}" in disposition


def test_zip_of_a_filter_is_named_after_it(reviewer_client, clean_evaluation):
    from urllib.parse import quote

    response = reviewer_client.get(reverse("reports:dashboard_zip"), {"year": 2018, "status": "not_submitted"})
    assert quote("2018年度部门整体支出绩效自评报告（未提交）.zip") in response["Content-Disposition"]


def test_navigation_offers_the_dashboard_to_reviewers_only(reviewer_client, client, clean_evaluation):
    assert "审核工作台" in reviewer_client.get("/").content.decode()
    client.login(username="filler2", password="tianxin2018")
    assert "审核工作台" not in client.get("/").content.decode()


def test_dashboard_shows_completeness_and_the_deadline(reviewer_client, clean_evaluation):
    import datetime

    from departments.models import FiscalYear

    page = reviewer_client.get(reverse("reports:dashboard"), {"year": 2018}).content.decode()
    assert "未设置提交截止日期" in page
    seed_row = page.split("长沙市天心区政务服务中心")[1].split("</tr>")[0]
    assert "9/10 部分" in seed_row  # the demo leaves 基础数据 empty
    clean_row = page.split("长沙市天心区演示事务中心")[1].split("</tr>")[0]
    assert "10/10 部分（已填完）" in clean_row

    FiscalYear.objects.filter(pk=2018).update(submission_deadline=datetime.date(2019, 4, 30))
    submitted(clean_evaluation)
    page = reviewer_client.get(reverse("reports:dashboard"), {"year": 2018}).content.decode()
    assert "提交截止日期 2019年4月30日，已逾期" in page and "1 个部门逾期未提交" in page
    assert "逾期</span>" in page.split("长沙市天心区政务服务中心")[1].split("</tr>")[0]
    assert "逾期</span>" not in page.split("长沙市天心区演示事务中心")[1].split("</tr>")[0]


def test_deadline_state_counts_the_days():
    import datetime

    from departments.models import FiscalYear

    year = FiscalYear(year=2018, submission_deadline=datetime.date(2019, 4, 30))
    assert year.deadline_state(datetime.date(2019, 4, 27)) == "提交截止日期 2019年4月30日，还有 3 天"
    assert year.deadline_state(datetime.date(2019, 4, 30)) == "提交截止日期 2019年4月30日，今天截止"
    assert year.deadline_state(datetime.date(2019, 5, 2)) == "提交截止日期 2019年4月30日，已逾期 2 天"
    assert not year.is_overdue(datetime.date(2019, 4, 30)) and year.is_overdue(datetime.date(2019, 5, 1))


@pytest.mark.parametrize(("username", "landing"), [("reviewer", "/reports/review/"), ("filler", "/")])
def test_login_lands_on_the_page_of_the_role(client, demo, username, landing):
    response = client.post(reverse("login"), {"username": username, "password": "tianxin2018"}, follow=True)
    assert response.redirect_chain[-1][0] == landing
