"""The live character counter under long texts (static/js/textcount.js), in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_counter_follows_typing_and_warns_past_the_limit(login, page, demo_server):
    from evaluations.models import Evaluation

    evaluation = Evaluation.objects.get(department__code="103001", fiscal_year_id=2018)
    login("filler")
    page.goto(f"{demo_server.url}/evaluations/{evaluation.pk}/sections/problems/")
    box = page.get_by_label("存在的主要问题及改进措施或有关建议")
    counter = page.locator("#id_text-problems_and_measures-count")
    expect(counter).to_have_text(re.compile(r"^已输入 \d+ / 20,000 字$"))
    box.fill("一二三\n四五😀")
    expect(counter).to_have_text("已输入 7 / 20,000 字")  # a line break and an emoji count as one each
    box.fill("长" * 20_001)
    expect(counter).to_have_text("已输入 20,001 字，超出 1 字（最多 20,000 字），请精简后再保存")
    expect(counter).to_have_class(re.compile("text-danger"))
    expect(box).to_have_value("长" * 20_001)  # nothing cut off by the browser
    page.get_by_role("button", name="保存", exact=True).click()
    refused = "内容过长：最多 20,000 字，现有 20,001 字。请精简后再保存。"
    expect(page.locator("#error-summary")).to_contain_text(refused)  # in the summary and at the field
    expect(page.locator(".invalid-feedback", has_text=refused)).to_be_visible()


def test_rows_added_by_the_page_get_a_counter(login, page, demo_server):
    from evaluations.models import Evaluation

    evaluation = Evaluation.objects.get(department__code="103001", fiscal_year_id=2018)
    login("filler")
    page.goto(f"{demo_server.url}/evaluations/{evaluation.pk}/sections/projects/")
    rows = page.locator("[data-formset-table] > [data-formset-row]").count()
    page.get_by_role("button", name="添加一个项目").click()
    purpose = page.get_by_label(f"主要用途（第{rows + 1}行）")
    purpose.fill("日常运行")
    expect(page.locator(f"#{purpose.get_attribute('id')}-count")).to_have_text("已输入 4 / 2,000 字")
