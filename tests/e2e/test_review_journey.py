"""The whole review journey in a real browser: the filler submits (through the confirmation page),
the reviewer comments and returns it, the filler answers the comment with a 说明, fixes and
resubmits, the reviewer resolves the comment and approves, and downloads the archived PDF."""

import re

import pytest
from playwright.sync_api import expect

from evaluations.models import Evaluation, EvaluationStatus
from reports import stored
from reports.models import ApprovedSnapshot

pytestmark = pytest.mark.browser

DEPARTMENT = "长沙市天心区演示事务中心"


def logout(page):
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def test_submit_comment_reply_resolve_approve_download(login, page, demo_server, tmp_path):
    base = demo_server.url
    evaluation = Evaluation.objects.get(department__full_name=DEPARTMENT, fiscal_year_id=2018)

    # The filler checks the report and submits it.
    login("filler2")
    page.goto(f"{base}/evaluations/{evaluation.pk}/checklist/")
    page.get_by_role("link", name="提交审核").click()
    expect(page.get_by_role("heading", name="确认提交审核")).to_be_visible()
    expect(page.locator("#confirm-score-line")).to_contain_text("等级：优")
    expect(page.locator("#confirm-changes")).to_be_visible()
    expect(page.get_by_text("首次提交。")).to_be_visible()
    page.get_by_role("button", name="确认提交审核").click()
    expect(page.get_by_role("alert").filter(has_text="报告已提交")).to_be_visible()
    expect(page.get_by_role("cell", name="已提交")).to_be_visible()
    logout(page)

    # The reviewer finds it on the dashboard, comments on section 四 and returns it.
    login("reviewer")
    page.goto(f"{base}/reports/review/?year=2018")
    row = page.locator("#dashboard tbody tr").filter(has_text=DEPARTMENT)
    expect(row).to_contain_text("已提交")
    row.get_by_role("link", name="审核").click()
    section = page.locator("#review-problems")  # the comment is written under the section itself
    section.get_by_label("对本部分的意见").fill("请具体说明存在的问题，不能只写“无”。")
    section.get_by_role("button", name="发送意见").click()
    expect(page.get_by_role("alert").filter(has_text="审核意见已发送")).to_be_visible()
    page.get_by_role("link", name="退回修改…").click()
    expect(page.get_by_role("heading", name="确认退回修改")).to_be_visible()
    expect(page.locator("#confirm-form")).to_contain_text("请具体说明存在的问题")
    page.get_by_label("退回理由（必填，填报人将在首页看到）").fill("第四部分过于简略，请补充后重新提交。")
    page.get_by_role("button", name="确认退回修改").click()
    expect(page.locator("#status")).to_have_text("已退回")
    logout(page)

    # The filler sees why, fixes section 四, answers the comment with a 说明 and resubmits.
    login("filler2")
    expect(page.get_by_text(re.compile("已退回，请修改后重新提交。退回理由：第四部分过于简略"))).to_be_visible()
    page.goto(f"{base}/evaluations/{evaluation.pk}/sections/problems/")
    comments = page.locator("#review-comments")
    expect(comments).to_contain_text("请具体说明存在的问题")
    page.get_by_label("存在的主要问题及改进措施或有关建议").fill("档案管理制度尚不健全，下一步将制定档案管理办法。")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()
    expect(comments.get_by_role("button", name=re.compile("标记为已解决"))).to_have_count(0)  # the reviewer's to do
    page.goto(f"{base}/evaluations/{evaluation.pk}/checklist/")
    expect(page.locator("#other-blockers-list")).to_contain_text("尚未答复")
    page.locator("#other-blockers-list").get_by_role("link", name="去说明").click()
    comments = page.locator("#review-comments")
    comments.get_by_label(re.compile("说明")).fill("已补充档案管理方面的问题及改进措施。")
    comments.get_by_role("button", name="提交说明").click()
    expect(page.get_by_role("alert").filter(has_text="说明已提交")).to_be_visible()
    expect(page.locator("#review-comments")).to_contain_text("已说明，待审核人确认")
    page.goto(f"{base}/evaluations/{evaluation.pk}/checklist/")
    page.get_by_role("link", name="提交审核").click()
    expect(page.locator("#confirm-changes-section")).to_contain_text("档案管理制度尚不健全")  # what changed since the last submission
    page.get_by_role("button", name="确认提交审核").click()
    expect(page.get_by_role("alert").filter(has_text="报告已提交")).to_be_visible()
    logout(page)

    # The reviewer reads the 说明, resolves the comment and approves (after the confirmation page);
    # the download is the archived PDF; the report is locked for the filler.
    login("reviewer")
    page.goto(f"{base}/reports/{evaluation.pk}/review/")
    threads = page.locator("#review-comment-threads")
    expect(threads).to_contain_text("说明：已补充档案管理方面的问题及改进措施。")
    threads.get_by_role("button", name="标记为已解决").click()
    expect(page.get_by_role("alert").filter(has_text="已标记为已解决")).to_be_visible()
    page.get_by_role("link", name="审核通过…").click()
    expect(page.get_by_role("heading", name="确认审核通过")).to_be_visible()
    expect(page.locator("#confirm-changes-section")).to_contain_text("档案管理制度尚不健全")
    page.get_by_role("button", name="确认审核通过").click()
    expect(page.locator("#status")).to_have_text("已审核")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF").first.click()
    download = download_info.value
    assert download.suggested_filename == f"{DEPARTMENT}2018年度部门整体支出绩效自评报告.pdf"
    saved = tmp_path / "report.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == stored.read(ApprovedSnapshot.objects.get(evaluation=evaluation).pdf_name)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.APPROVED
    assert evaluation.problems_and_measures == "档案管理制度尚不健全，下一步将制定档案管理办法。"
    logout(page)

    login("filler2")
    page.goto(f"{base}/evaluations/{evaluation.pk}/sections/problems/")
    expect(page.locator("#locked-reason")).to_contain_text("已审核通过并锁定")
    expect(page.get_by_label("存在的主要问题及改进措施或有关建议")).to_be_disabled()
    expect(page.locator("#review-comments")).to_contain_text("已解决")
    expect(page.get_by_role("button", name="提交说明")).to_have_count(0)
