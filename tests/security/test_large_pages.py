"""The 项目支出 page saves 1,000 project lines with its other fields intact, and opens and saves again;
past the field limit the answer is a Chinese page, not Django's English 400."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from budgets.models import DepartmentBudget
from evaluations.models import Evaluation
from tests.forms.page import SectionPage

pytestmark = pytest.mark.django_db
LINES = 1_000


def lines_data(page: SectionPage, count: int) -> dict:
    """The page as the browser posts it after the filler added rows up to ``count`` project lines."""
    data = {name: value for name, value in page.data("save").items() if not name.startswith("projects-")}
    for index in range(count):
        data.update(
            {
                f"projects-{index}-name": f"第{index + 1}号专项项目",
                f"projects-{index}-category": "2010306" if index % 2 else "",
                f"projects-{index}-initial": "1.00",
                f"projects-{index}-adjusted": "1.00",
                f"projects-{index}-actual": "1.10",
                f"projects-{index}-purpose": "保障政务大厅日常运行",
                f"projects-{index}-management": "按内部控制制度监督",
                f"projects-{index}-ORDER": str(index + 1),
            }
        )
        if index % 10 == 0:
            data[f"projects-{index}-is_key"] = "on"
    data.update({"projects-TOTAL_FORMS": str(count), "projects-INITIAL_FORMS": "0"})
    return data


def test_a_thousand_project_lines_are_saved_with_the_rest_of_the_page(client, seed_evaluation):
    client.login(username="filler", password="tianxin2018")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "projects"])
    page = SectionPage(client.get(url))
    page.fill("项目资金管理情况", "资金管理情况：严格执行预算。")
    data = lines_data(page, LINES)
    assert len(data) > 8 * LINES  # far beyond Django's default 1,000 fields

    response = client.post(url, data)
    assert response.status_code == 302, SectionPage(response).text()[:500] if response.status_code == 200 else ""
    budget = DepartmentBudget.objects.get(department=seed_evaluation.department, fiscal_year_id=2018)
    lines = list(budget.project_lines.order_by("order"))
    assert len(lines) == LINES
    assert lines[0].name == "第1号专项项目" and lines[-1].name == f"第{LINES}号专项项目"
    assert sum(line.is_key for line in lines) == LINES // 10
    evaluation = Evaluation.objects.get(pk=seed_evaluation.pk)
    assert evaluation.project_fund_management == "资金管理情况：严格执行预算。"

    # The page opens with every line and saves again unchanged.
    reopened = SectionPage(client.get(url))
    assert reopened.total_forms("projects") >= LINES
    again = client.post(url, reopened.data("save"))
    assert again.status_code == 302
    assert budget.project_lines.count() == LINES


def test_past_the_field_limit_a_chinese_page_says_nothing_was_saved(seed_evaluation):
    client = Client(raise_request_exception=False)
    client.login(username="filler", password="tianxin2018")
    url = reverse("evaluations:section", args=[seed_evaluation.pk, "projects"])
    page = SectionPage(client.get(url))
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=500):
        response = client.post(url, lines_data(page, 100))
    assert response.status_code == 400
    text = response.content.decode()
    assert "提交的内容项数过多" in text and "没有保存任何数据" in text and "后退" in text
    assert "Bad Request" not in text


def test_the_limits_match_the_largest_page_and_the_proxy():
    # 项目支出: 11 inputs a line; the import accepts 10,000 lines, so the page must post them.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 11 * 10_000
    nginx = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert "client_max_body_size 6m;" in nginx
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 6 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 6 * 1024 * 1024
