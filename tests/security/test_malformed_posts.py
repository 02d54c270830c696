"""Whatever a POST holds, the answer is a page with a message (at the field where there is one),
never a 500: absurd amounts, over-long texts and names, tampered formset management data,
control characters, repeated fields, bodies too large or with too many fields."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from evaluations.models import EvaluationStatus, ReviewComment
from evaluations.outlines.selectors import DEFAULT_OUTLINE
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "9" * 30,  # a 30-digit amount
    "1" + "0" * 40 + ".5",
    "-0",
    "1e400",
    "NaN",
    "\x00",
    "a\x01b\x1bc",
    "１２３abc",
    "<script>",
    "ÿ" * 3,
    " " * 50,
]


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def no_server_error(response, context=""):
    assert response.status_code < 500, (context, response.status_code)
    return response


def field_errors(response) -> list[str]:
    return re.findall(r"invalid-feedback[^>]*>([^<]+)", response.content.decode())


def test_a_30_digit_amount_is_a_message_at_the_field(client, seed_evaluation):
    login(client, "filler")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "budget-table"])
    page = SectionPage(client.get(url))
    page.fill("年初部门预算 基本支出", "9" * 30)
    response = no_server_error(client.post(url, page.data()))
    assert response.status_code == 200
    assert any("金额过大" in error for error in field_errors(response)), field_errors(response)


@pytest.mark.parametrize("section", DEFAULT_OUTLINE.slugs)
def test_hostile_values_in_every_field_of_every_section(client, seed_evaluation, section):
    login(client, "filler")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, section])
    page = SectionPage(client.get(url))
    for value in HOSTILE_VALUES:
        data = page.data("save_draft")
        for name in data:
            if not name.endswith(("_FORMS", "-id", "fingerprint", "save_draft")):
                data[name] = value
        no_server_error(client.post(url, data), (section, value))


FORMSET_SECTIONS = ["profile", "spending", "goals", "projects"]
MANAGEMENT = [
    {"TOTAL_FORMS": "abc"},
    {"TOTAL_FORMS": "-1"},
    {"TOTAL_FORMS": "99999999999999999999"},
    {"TOTAL_FORMS": "5000", "INITIAL_FORMS": "5000"},
    {"INITIAL_FORMS": "999"},
    {"MIN_NUM_FORMS": "x", "MAX_NUM_FORMS": "-5"},
]


@pytest.mark.parametrize("section", FORMSET_SECTIONS)
def test_tampered_formset_management_data(client, seed_evaluation, section):
    login(client, "filler")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, section])
    page = SectionPage(client.get(url))
    prefixes = {name.rsplit("-", 1)[0] for name in page.values if name.endswith("-TOTAL_FORMS")}
    for change in MANAGEMENT:
        data = page.data("save_draft")
        for prefix in prefixes:
            for key, value in change.items():
                data[f"{prefix}-{key}"] = value
        response = no_server_error(client.post(url, data), (section, change))
        assert response.status_code in (200, 302)
    for tamper in ("abc", "-1", "999999999", "1.5"):  # row ids and ORDER values
        data = page.data("save_draft")
        for name in data:
            if name.endswith(("-id", "-ORDER")) and data[name]:
                data[name] = tamper
        no_server_error(client.post(url, data), (section, tamper))


def test_rows_of_another_department_cannot_be_targeted(client, seed_evaluation, clean_evaluation):
    from budgets.models import ProjectLine

    foreign = ProjectLine.objects.filter(budget__department=clean_evaluation.department).first()
    login(client, "filler")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "projects"])
    page = SectionPage(client.get(url))
    data = page.data("save_draft")
    data["projects-0-id"] = str(foreign.pk)
    no_server_error(client.post(url, data))
    foreign.refresh_from_db()
    assert foreign.budget.department_id == clean_evaluation.department_id


def test_a_field_sent_twice_or_as_an_empty_list(client, seed_evaluation):
    login(client, "filler")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "problems"])
    page = SectionPage(client.get(url))
    data = page.data("save_draft")
    data["text-problems_and_measures"] = ["第一份", "第二份"]
    no_server_error(client.post(url, data))
    data["text-problems_and_measures"] = []
    no_server_error(client.post(url, data))


# Review comments and reasons -------------------------------------------------------------------
def review_page(client, evaluation):
    return reverse("reports:review", args=[evaluation.pk])


def test_a_comment_with_an_over_long_field_name_is_a_message_at_the_field(client, seed_evaluation):
    login(client, "reviewer")
    url = reverse("reports:review_comment", args=[seed_evaluation.pk])
    response = no_server_error(client.post(url, {"section": "projects", "field": "项" * 65, "text": "请核对"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "最多 64 字" in page and 'id="comment-projects-field"' in page and "is-invalid" in page
    assert "请核对" in page  # what the reviewer typed is still there
    assert not ReviewComment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"section": "nope", "text": "意见"}, "请选择意见所针对的章节"),
        ({"section": "projects", "text": ""}, "请填写审核意见"),
        ({"section": "projects", "text": "长" * 5_001}, "最多 5,000 字"),
        ({"section": ["projects", "goals"], "field": ["a", "b"], "text": "意见"}, None),
        ({}, "请选择意见所针对的章节"),
    ],
)
def test_malformed_comments(client, seed_evaluation, data, message):
    login(client, "reviewer")
    response = no_server_error(client.post(reverse("reports:review_comment", args=[seed_evaluation.pk]), data))
    if message:
        assert response.status_code == 400 and message in response.content.decode()


@pytest.mark.parametrize("action", ["review_return", "review_reopen"])
def test_an_over_long_reason_is_refused_at_the_field(client, seed_evaluation, action):
    status = EvaluationStatus.SUBMITTED if action == "review_return" else EvaluationStatus.APPROVED
    type(seed_evaluation).objects.filter(pk=seed_evaluation.pk).update(status=status)
    login(client, "reviewer")
    url = reverse(f"reports:{action}", args=[seed_evaluation.pk])
    response = no_server_error(client.post(url, {"reason": "理" * 2_001}))
    assert response.status_code == 400 and "最多 2,000 字" in response.content.decode()
    seed_evaluation.refresh_from_db()
    assert seed_evaluation.status == status


def test_other_actions_with_garbage(client, seed_evaluation):
    login(client, "filler")
    pk = seed_evaluation.pk
    for url, data in [
        (reverse("evaluations:acknowledge", args=[pk]), {"finding_key": "x" * 300, "reason": "\x00"}),
        (reverse("evaluations:manual_score", args=[pk]), {"indicator": "1e5", "score": "9" * 30, "reason": "x"}),
        (reverse("evaluations:manual_score", args=[pk]), {"indicator": "-1"}),
        (reverse("evaluations:start"), {"department": "9" * 30, "copy_previous": "maybe"}),
        (reverse("evaluations:comment_resolve", args=[pk, 999999]), {"next": "//evil.example/"}),
        (reverse("excel:import_confirm", args=[pk]), {"token": ["a", "b"]}),
        (reverse("excel:import", args=[pk]), {"file": "not a file"}),
    ]:
        no_server_error(client.post(url, data), url)


# Malformed bodies -------------------------------------------------------------------------------
def test_a_malformed_multipart_body_is_a_chinese_400(client, seed_evaluation):
    login(client, "filler")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "problems"])
    response = client.generic(
        "POST", url, b"--xx\r\nContent-Disposition: form-data\r\n\r\n", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()


def test_a_body_over_the_limit_is_a_chinese_page(seed_evaluation, settings):
    client = Client(raise_request_exception=False)
    login(client, "filler")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "problems"])
    response = client.post(url, {"text-problems_and_measures": "长" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 10)})
    assert response.status_code in (400, 413)
    page = response.content.decode()
    assert "提交的内容过大" in page and "没有保存" in page and response["X-Request-ID"] in page
