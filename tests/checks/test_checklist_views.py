"""The checklist page and the acknowledgement flow; the 评分表 page and manual scoring."""

from decimal import Decimal as D

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from departments.models import DepartmentProfile
from evaluations.checks.selectors import evaluation_findings
from evaluations.models import Evaluation, EvaluationStatus, FindingAcknowledgement, Indicator, ManualScore

pytestmark = pytest.mark.django_db

STAFF_KEY = "staff_over_quota:10>8"


def blocking(evaluation) -> list[str]:
    """Codes of the findings that block 提交审核 (``gates.submission_gate`` lists each as a blocker)."""
    return [view.finding.code for view in evaluation_findings(evaluation) if view.blocks_submission]


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def checklist_url(evaluation):
    return reverse("evaluations:checklist", args=[evaluation.pk])


def acknowledge(client, evaluation, key, reason):
    return client.post(reverse("evaluations:acknowledge", args=[evaluation.pk]), {"finding_key": key, "reason": reason})


def test_filler_sees_the_seed_findings_grouped_by_section(client, seed_evaluation):
    page = login(client, "filler").get(checklist_url(seed_evaluation)).content.decode()
    assert "错误 <strong>2</strong> 项，警告 <strong>2</strong> 项（已说明理由 0 项），提示 1 项" in page
    # 4 findings + 20 indicators of the 评分表 without a score, each listed with a link to score it
    assert "提交前还需处理 <strong>24</strong> 项" in page
    assert "评分表「预算执行 · 支付进度率」尚未评分" in page
    assert page.count(reverse("evaluations:scoring", args=[seed_evaluation.pk]) + "#indicator-") == 20
    for text in ("148.25", "148.35", "5.10", "5.01", "尾数差异", "超编说明", "二（四） 项目资金使用管理情况分析"):
        assert text in page, text
    assert page.count("保存理由") == 2  # one form per warning
    section_url = reverse("evaluations:section", args=[seed_evaluation.pk, "projects"])
    assert f'href="{section_url}"' in page
    assert "暂计得分" in page and "11.00" in page


def test_other_departments_filler_gets_404(client, seed_evaluation):
    login(client, "filler2")
    assert client.get(checklist_url(seed_evaluation)).status_code == 404
    assert acknowledge(client, seed_evaluation, STAFF_KEY, "理由").status_code == 404
    assert client.get(reverse("evaluations:scoring", args=[seed_evaluation.pk])).status_code == 404
    assert FindingAcknowledgement.objects.count() == 0


def test_reviewer_sees_findings_but_cannot_acknowledge(client, seed_evaluation):
    page = login(client, "reviewer").get(checklist_url(seed_evaluation)).content.decode()
    assert "148.25" in page and "保存理由" not in page
    assert acknowledge(client, seed_evaluation, STAFF_KEY, "理由").status_code == 403


def test_anonymous_is_sent_to_login(client, seed_evaluation):
    response = client.get(checklist_url(seed_evaluation))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_acknowledgement_needs_a_reason_and_is_kept_and_shown_to_reviewers(client, seed_evaluation):
    login(client, "filler")
    assert len(blocking(seed_evaluation)) == 4

    response = acknowledge(client, seed_evaluation, STAFF_KEY, "   ")
    assert response.status_code == 400 and "请填写理由" in response.content.decode()
    assert FindingAcknowledgement.objects.count() == 0

    response = acknowledge(client, seed_evaluation, STAFF_KEY, "2人为区委组织部借调人员，已报批")
    assert response.status_code == 302
    ack = FindingAcknowledgement.objects.get()
    assert (ack.rule_code, ack.user.username, ack.reason) == (
        "staff_over_quota",
        "filler",
        "2人为区委组织部借调人员，已报批",
    )
    assert "超编说明" in ack.message
    assert blocking(seed_evaluation) == ["project_lines_sum", "one_value_per_figure", "incomplete_section"]

    page = login(client, "reviewer").get(checklist_url(seed_evaluation)).content.decode()
    assert "已说明理由" in page and "2人为区委组织部借调人员，已报批" in page and "（已说明理由 1 项）" in page


def test_an_error_cannot_be_acknowledged(client, seed_evaluation):
    response = acknowledge(login(client, "filler"), seed_evaluation, "project_lines_sum:actual:148.25/148.35", "就这样")
    assert response.status_code == 400 and "“错误”必须修正" in response.content.decode()
    assert FindingAcknowledgement.objects.count() == 0


def test_failed_acknowledgement_keeps_what_was_typed(client, seed_evaluation):
    too_long = "借调人员" * 501  # 2,004 characters
    response = acknowledge(login(client, "filler"), seed_evaluation, STAFF_KEY, too_long)
    assert response.status_code == 400 and too_long in response.content.decode()
    assert FindingAcknowledgement.objects.count() == 0


def test_acknowledgement_no_longer_applies_when_the_figures_change(client, seed_evaluation):
    acknowledge(login(client, "filler"), seed_evaluation, STAFF_KEY, "借调")
    DepartmentProfile.objects.filter(department=seed_evaluation.department, fiscal_year_id=2018).update(staff_actual=11)
    assert "staff_over_quota" in blocking(seed_evaluation)


def test_no_acknowledgement_once_the_report_is_submitted(client, seed_evaluation):
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    login(client, "filler")
    assert "保存理由" not in client.get(checklist_url(seed_evaluation)).content.decode()
    response = acknowledge(client, seed_evaluation, STAFF_KEY, "借调")
    assert response.status_code == 302 and FindingAcknowledgement.objects.count() == 0
    assert "已提交" in client.get(checklist_url(seed_evaluation)).content.decode()


def test_scoring_page_and_manual_score(client, seed_evaluation):
    url = reverse("evaluations:scoring", args=[seed_evaluation.pk])
    page = login(client, "filler").get(url).content.decode()
    assert "在职人员控制率" in page and "125.00%" in page and "实有在职人数：10人" in page
    assert page.count('name="indicator"') == 20  # 16 manual + 4 that cannot be computed
    assert "基础数据表" in page and "财政供养人员情况" in page

    indicator = Indicator.objects.get(name="社会效益")
    post = reverse("evaluations:manual_score", args=[seed_evaluation.pk])
    bad = client.post(post, {"indicator": indicator.pk, "score": "3.5", "reason": "群众满意"})
    assert (
        bad.status_code == 400
        and "不能超过该指标的权重3分" in bad.content.decode()
        and "群众满意" in bad.content.decode()
    )
    assert client.post(post, {"indicator": indicator.pk, "score": "3", "reason": ""}).status_code == 400
    assert ManualScore.objects.filter(evaluation=seed_evaluation).count() == 0

    response = client.post(post, {"indicator": indicator.pk, "score": "2.5", "reason": "“最多跑一次”改革便民成效明显"})
    assert response.status_code == 302
    assert ManualScore.objects.get(evaluation=seed_evaluation).score == D("2.50")
    page = client.get(url).content.decode()
    assert "“最多跑一次”改革便民成效明显" in page and "13.50" in page

    computed = Indicator.objects.get(name="预算完成率")
    assert client.post(post, {"indicator": computed.pk, "score": "1", "reason": "x"}).status_code == 400


def test_reviewer_sees_the_scoring_table_without_forms(client, seed_evaluation):
    page = login(client, "reviewer").get(reverse("evaluations:scoring", args=[seed_evaluation.pk])).content.decode()
    assert "在职人员控制率" in page and 'name="indicator"' not in page
    post = reverse("evaluations:manual_score", args=[seed_evaluation.pk])
    assert client.post(post, {"indicator": 1, "score": "1", "reason": "x"}).status_code == 403


def test_checklist_query_count_is_bounded(client, seed_evaluation, django_assert_max_num_queries):
    login(client, "filler")
    client.get(checklist_url(seed_evaluation))  # first scoring records the framework
    with django_assert_max_num_queries(30):
        assert client.get(checklist_url(seed_evaluation)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("evaluations:scoring", args=[seed_evaluation.pk])).status_code == 200


def test_a_note_offers_a_look_not_a_change_and_every_link_sits_below_its_message(client, seed_evaluation):
    page = login(client, "filler").get(checklist_url(seed_evaluation)).content.decode()
    items = [item.split("</li>")[0] for item in page.split('<li class="list-group-item finding ')[1:]]
    notes = [item for item in items if item.startswith("finding-note")]
    assert notes and all("去修改" not in item and "查看" in item for item in notes)
    errors = [item for item in items if item.startswith("finding-error") and "finding-link" in item]
    assert errors and all("去修改" in item for item in errors)
    for item in items:
        if "finding-link" in item:  # after the message, never inside its line
            assert item.index('class="flex-grow-1"') < item.index("finding-link")


def test_read_only_section_pages_do_not_promise_a_recheck_on_save(client, seed_evaluation):
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "projects"])
    assert "（保存后重新检查）" in login(client, "filler").get(url).content.decode()
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    page = client.get(url).content.decode()
    assert "检查发现本部分有" in page and "（保存后重新检查）" not in page
