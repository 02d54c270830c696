"""The review page: the report section by section with its findings, comment threads and what
changed since the last submission — a reviewer handles a resubmission from one page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluations.checks.selectors import evaluation_findings
from evaluations.checks.services import finding_acknowledge
from evaluations.models import Evaluation, EvaluationStatus, ReviewComment
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def section_of(page: str, slug: str) -> str:
    """The HTML of one section of the review page (up to the next section)."""
    start = page.index(f'id="review-{slug}"')
    following = page.find('class="card mb-3 review-section"', start)
    return page[start : following if following != -1 else page.index('id="transitions"', start)]


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def save_section(client, evaluation, slug, **labels):
    url = reverse("evaluations:section", args=[evaluation.pk, slug])
    page = SectionPage(client.get(url))
    for label, value in labels.items():
        page.fill(label, value)
    response = client.post(url, page.data("save"))
    assert response.status_code == 302, SectionPage(response).text()[-2000:]


def test_a_resubmission_is_handled_from_one_page(client, clean_evaluation):
    evaluation = clean_evaluation
    filler, reviewer = user("filler2"), user("reviewer")
    review_url = reverse("reports:review", args=[evaluation.pk])

    client.force_login(filler)
    client.post(reverse("evaluations:submit", args=[evaluation.pk]))
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.SUBMITTED

    # The reviewer comments in place, under the section, and comes back to it.
    client.force_login(reviewer)
    response = client.post(
        reverse("reports:review_comment", args=[evaluation.pk]),
        {"section": "problems", "text": "整改措施请写得具体些"},
    )
    assert response.status_code == 302 and response["Location"] == f"{review_url}#review-problems"
    comment = ReviewComment.objects.get(evaluation=evaluation)
    client.post(reverse("reports:review_return", args=[evaluation.pk]), {"reason": "见审核意见"})

    # The 填报人 changes a figure and a text, and answers on the review page.
    client.force_login(filler)
    staff = SectionPage(client.get(reverse("evaluations:section", args=[evaluation.pk, "profile"]))).value("实有在职人数")
    fewer = str(int(staff) - 1)
    save_section(client, evaluation, "profile", 实有在职人数=fewer)
    problems = SectionPage(client.get(reverse("evaluations:section", args=[evaluation.pk, "problems"])))
    old_text = problems.value("存在的主要问题及改进措施或有关建议")
    save_section(client, evaluation, "problems", 存在的主要问题及改进措施或有关建议="下年度按季度开展预算执行分析。")
    filler_page = client.get(review_url).content.decode()
    reply_url = reverse("evaluations:comment_reply", args=[evaluation.pk, comment.pk])
    assert f'action="{reply_url}"' in filler_page and "标记为已解决" not in filler_page
    response = client.post(reply_url, {"text": "已改为按季度分析", "next": f"{review_url}#comment-{comment.pk}"})
    assert response["Location"] == f"{review_url}#comment-{comment.pk}"
    confirmation = client.get(reverse("evaluations:submit", args=[evaluation.pk])).content.decode()
    assert f'href="{review_url}#changes"' in confirmation  # the changes view, from the confirmation page
    client.post(reverse("evaluations:submit", args=[evaluation.pk]))
    assert Evaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.SUBMITTED

    client.force_login(reviewer)
    page = client.get(review_url).content.decode()
    assert "本次提交与上次提交之间修改的数字和文字，共 2 处" in plain(page)

    profile = plain(section_of(page, "profile"))
    assert f"修改“实有在职人数” {staff} → 改为 {fewer}" in profile
    name = filler.get_full_name() or filler.username
    assert name in profile

    problems_html = section_of(page, "problems")
    problems_text = plain(problems_html)
    assert "下年度按季度开展预算执行分析。" in problems_text  # the report as printed, new text
    assert old_text.strip()[:20] in problems_text  # the old text, in the change
    assert "整改措施请写得具体些" in problems_text and "说明：已改为按季度分析" in problems_text
    assert reverse("evaluations:comment_resolve", args=[evaluation.pk, comment.pk]) in problems_html
    # Nothing of it is placed under another section.
    assert "实有在职人数" not in plain(section_of(page, "goals"))
    assert "整改措施请写得具体些" not in plain(section_of(page, "profile"))

    # The same changes are listed together at #changes, each linking to its section.
    changes = page[page.index('id="changes"') : page.index('id="review-comment-threads"')]
    assert 'href="#review-profile"' in changes and 'href="#review-problems"' in changes
    for confirmation in ("review_approve", "review_return"):
        assert f'href="{review_url}#changes"' in client.get(reverse(f"reports:{confirmation}", args=[evaluation.pk])).content.decode()


def test_each_finding_and_kept_warning_is_shown_at_its_section(client, seed_evaluation):
    warning = next(view.finding for view in evaluation_findings(seed_evaluation) if view.finding.is_warning)
    finding_acknowledge(evaluation=seed_evaluation, finding_key=warning.key, reason="超编系临时借调人员", user=user("filler"))
    findings = evaluation_findings(seed_evaluation)
    assert len({view.finding.section for view in findings}) > 1 and any(view.acknowledgement for view in findings)
    client.force_login(user("reviewer"))
    page = client.get(reverse("reports:review", args=[seed_evaluation.pk])).content.decode()
    for view in findings:
        section = section_of(page, view.finding.section)
        assert f'id="{view.anchor}"' in section, view.finding.key
        if view.acknowledgement:
            assert plain(view.acknowledgement.reason)[:30] in plain(section)


def test_the_report_is_shown_as_the_preview_prints_it(client, seed_evaluation):
    client.force_login(user("reviewer"))
    html = client.get(reverse("reports:review", args=[seed_evaluation.pk])).content.decode()
    page = plain(html)
    preview = client.get(reverse("reports:preview", args=[seed_evaluation.pk])).content.decode()
    body = preview[preview.index('<article class="report">') : preview.index("</article>")]
    paragraphs = [plain(p).strip() for p in re.findall(r"<p>(.*?)</p>", body, flags=re.S)]
    assert len(paragraphs) > 10
    for paragraph in paragraphs:
        assert paragraph in page
    # the same tables, with the same figures in the same order
    cells = re.findall(r'<td class="amount">(.*?)</td>', body)
    assert body.count('<table class="amounts') == html.count('<table class="amounts') > 0
    assert cells == re.findall(r'<td class="amount">(.*?)</td>', html)


def test_a_first_submission_has_nothing_to_compare(client, clean_evaluation):
    client.force_login(user("filler2"))
    client.post(reverse("evaluations:submit", args=[clean_evaluation.pk]))
    client.force_login(user("reviewer"))
    page = client.get(reverse("reports:review", args=[clean_evaluation.pk])).content.decode()
    assert "报告此前没有提交过，没有可比较的修改" in page and "本部分自上次提交以来的修改" not in page


def test_a_failed_comment_comes_back_under_its_section(client, seed_evaluation):
    client.force_login(user("reviewer"))
    response = client.post(
        reverse("reports:review_comment", args=[seed_evaluation.pk]),
        {"section": "projects", "field": "项" * 65, "text": "请核对"},
    )
    assert response.status_code == 400
    section = section_of(response.content.decode(), "projects")
    assert "最多 64 字" in section and 'id="comment-projects-field"' in section and "请核对" in section


def test_downloads_are_not_changes(client, clean_evaluation):
    """The security log's downloads of the report are not changes of the report."""
    client.force_login(user("filler2"))
    client.post(reverse("evaluations:submit", args=[clean_evaluation.pk]))
    client.force_login(user("reviewer"))
    client.post(reverse("reports:review_return", args=[clean_evaluation.pk]), {"reason": "请核对"})
    client.get(reverse("excel:report", args=[clean_evaluation.pk]))
    page = plain(client.get(reverse("reports:review", args=[clean_evaluation.pk])).content.decode())
    assert "上次提交以来（尚未重新提交）修改的数字和文字，共 0 处" in page
