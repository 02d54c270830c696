"""The checks read the texts of the report's own outline and name sections as that outline numbers them."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from departments.models import FiscalYear
from evaluations.models import Evaluation
from evaluations.services import evaluation_start

from .test_outlines import hunan_outline_for

pytestmark = pytest.mark.django_db

SCORE_TEXT = "经自评，本单位综合评分为XX分，评价等级为“优”。"
INCOME_TEXT = "本年度收入合计【请填写】万元，支出合计1,000万元。"


@pytest.fixture
def later_report(demo, client):
    """A 2021 report in a region whose outline is the later Hunan one, with its two texts typed on their pages."""
    department = Evaluation.objects.get(department__code="999001").department
    hunan_outline_for(department.region)
    year = FiscalYear.objects.create(year=2021, is_open=True)
    user = get_user_model().objects.get(username="filler2")
    report = evaluation_start(department=department, fiscal_year=year, copy_previous=True, user=user)
    client.force_login(user)
    save_draft(client, report, "score-summary", {"text-score_summary_override": SCORE_TEXT})
    save_draft(client, report, "income-spending", {"text-income_spending_override": INCOME_TEXT})
    return report


def save_draft(client, report, slug, data):
    url = reverse("evaluations:section", args=[report.pk, slug])
    fingerprint = client.get(url).content.decode().split('name="fingerprint" value="')[1].split('"')[0]
    assert client.post(url, {"fingerprint": fingerprint, "save_draft": "1", **data}).status_code == 302


def group(page: str, slug: str) -> str:
    """The checklist's group of findings of one section (its heading and its list)."""
    start = page.index(f'<section class="mb-4" aria-labelledby="group-{slug}">')
    return page[start : page.index("</section>", start)]


def test_the_later_outlines_own_texts_are_checked_and_found_under_their_sections(later_report, client):
    page = client.get(reverse("evaluations:checklist", args=[later_report.pk])).content.decode()
    score = group(page, "score-summary")
    assert "一 自评得分情况" in score
    assert "“自评得分情况”中还留有模板占位文字“XX”" in score
    income = group(page, "income-spending")
    assert "二（二） 部门整体支出概况" in income
    assert "“部门整体支出概况”中还留有模板占位文字“【请填写】”" in income


def check_report(*args) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError):  # the report has errors: exit status 1
        call_command("check_report", *args, stdout=out)
    return out.getvalue()


def test_check_report_numbers_the_sections_as_the_reports_outline_does(later_report):
    text = check_report("999001", "2021")
    assert "[错误] 一 自评得分情况 · score_summary_override" in text
    assert "[错误] 二（二） 部门整体支出概况 · income_spending_override" in text
    assert "[错误] 三（四） 项目资金使用管理情况 · " in text  # 未完成: the copied project lines have no 2021 amounts
    assert "二（四） 项目资金使用管理情况分析" not in text  # the 2018 outline's numbering is nowhere

    findings = json.loads(check_report("999001", "2021", "--json"))["findings"]
    labels = {finding["section"]: finding["section_label"] for finding in findings}
    assert labels["score-summary"] == "一 自评得分情况"
    assert labels["income-spending"] == "二（二） 部门整体支出概况"


def test_messages_and_indicator_reasons_name_sections_by_the_reports_outline(later_report, client):
    """The 2021 report has no figures yet: the 评分表 says where to type them, in its own numbering."""
    page = client.get(reverse("evaluations:scoring", args=[later_report.pk])).content.decode()
    assert "三（一）表中" in page  # 整体支出预决算情况 is 三（一） in the later outline
    assert "二（一）表中" not in page
