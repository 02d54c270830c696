"""The review page in a real browser on a 390-px phone: a reviewer handles a resubmission from it —
what changed (old → new, who, when) at #changes and under each section, the thread with the
填报人's 说明, resolving in place and coming back to the same place; the 填报人 reaches the same
changes from the submit confirmation page."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from evaluations.completeness import section_fingerprint
from evaluations.models import Evaluation, ReviewComment
from evaluations.sections import section_for
from evaluations.selectors import report_bundle
from evaluations.services import evaluation_section_save
from evaluations.workflow import comment_add, comment_reply, evaluation_return, evaluation_submit

pytestmark = pytest.mark.browser

DEPARTMENT = "长沙市天心区演示事务中心"
NEW_TEXT = "档案管理制度尚不健全，下一步将制定档案管理办法。"
OVERFLOW = "() => document.scrollingElement.scrollWidth <= window.innerWidth"


def test_a_resubmission_on_the_review_page_at_phone_width(login, page, demo_server):
    base = demo_server.url
    User = get_user_model()
    filler, reviewer = User.objects.get(username="filler2"), User.objects.get(username="reviewer")
    evaluation = Evaluation.objects.get(department__full_name=DEPARTMENT, fiscal_year_id=2018)
    evaluation = evaluation_submit(evaluation=evaluation, user=filler)
    comment = comment_add(evaluation=evaluation, user=reviewer, section="problems", text="请具体说明存在的问题。")
    evaluation = evaluation_return(evaluation=evaluation, user=reviewer, reason="第四部分过于简略")
    fingerprint = section_fingerprint(report_bundle(evaluation), section_for("problems"))
    evaluation_section_save(
        evaluation=evaluation,
        slug="problems",
        data={"narratives": {"problems_and_measures": NEW_TEXT}},
        fingerprint=fingerprint,
        user=filler,
    )
    comment_reply(comment=comment, user=filler, text="已补充档案管理方面的问题。")
    page.set_viewport_size({"width": 390, "height": 844})

    # The 填报人 sees the changes from the confirmation page, then submits.
    login("filler2")
    page.goto(f"{base}/evaluations/{evaluation.pk}/submit/")
    page.locator("#confirm-changes-link").click()
    expect(page.locator("#changes")).to_contain_text(NEW_TEXT)
    assert page.evaluate(OVERFLOW)
    expect(page.get_by_role("button", name="标记为已解决")).to_have_count(0)
    page.goto(f"{base}/evaluations/{evaluation.pk}/submit/")
    page.get_by_role("button", name="确认提交审核").click()
    expect(page.get_by_role("alert").filter(has_text="报告已提交")).to_be_visible()
    page.context.clear_cookies()  # signed out (on a phone the button is in the folded menu)

    login("reviewer")
    page.goto(f"{base}/reports/{evaluation.pk}/review/")
    assert page.evaluate(OVERFLOW)  # stacked on a phone: nothing scrolls sideways
    changes = page.locator("#changes")
    expect(changes).to_contain_text("本次提交与上次提交之间修改的数字和文字，共 1 处")
    expect(changes.locator("ins")).to_contain_text(NEW_TEXT)
    changes.get_by_role("link", name="四 存在的主要问题及改进措施或有关建议").click()
    section = page.locator("#review-problems")
    expect(section).to_be_in_viewport()
    expect(section.locator(".review-report")).to_contain_text(NEW_TEXT)  # the report as printed
    expect(section.locator(".review-changes ins")).to_contain_text(NEW_TEXT)
    expect(section.locator(".review-changes")).to_contain_text(filler.get_full_name() or filler.username)
    expect(section).to_contain_text("说明：已补充档案管理方面的问题。")
    section.get_by_role("button", name="标记为已解决").click()
    expect(page.get_by_role("alert").filter(has_text="已标记为已解决")).to_be_visible()
    assert page.url.endswith(f"/reports/{evaluation.pk}/review/#comment-{comment.pk}")  # back where it was
    expect(page.locator("#review-problems")).to_contain_text("已解决")
    assert ReviewComment.objects.get(pk=comment.pk).resolved_at is not None
