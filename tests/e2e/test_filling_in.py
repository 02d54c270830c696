"""A 填报人 fills in the report in a real browser, with the page's JavaScript running."""

import re

import pytest
from playwright.sync_api import expect

from budgets.models import ProjectLine
from departments.models import DepartmentProfile
from tests.e2e.page_checks import PHONE, assert_fits_a_phone_and_passes_axe

pytestmark = pytest.mark.browser


def test_filler_changes_staff_adds_a_project_and_sees_it_in_the_preview(login, page, console, browser_context):
    login("filler")
    expect(page.get_by_role("cell", name="长沙市天心区政务服务中心")).to_be_visible()
    page.get_by_role("link", name="填报").click()

    # 一 1: change 实有在职人数 and save.
    page.get_by_role("navigation", name="报告目录").get_by_role("link", name=re.compile("部门基本情况")).click()
    expect(page.get_by_label("实有在职人数")).to_have_value("10")
    page.get_by_label("实有在职人数").fill("12")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已保存“一 1 部门基本情况”")).to_be_visible()
    expect(page.get_by_label("实有在职人数")).to_have_value("12")

    # 二（四）: add a project line with the page's "添加" button; the sum updates as one types.
    page.get_by_role("navigation", name="报告目录").get_by_role(
        "link", name=re.compile("项目资金使用管理情况分析")
    ).click()
    total = page.locator("#sum-projects-actual")
    expect(total).to_have_text("148.25")
    rows_before = page.locator("[data-formset-table] > [data-formset-row]").count()
    page.get_by_role("button", name="添加一个项目").click()
    new_row = rows_before + 1
    expect(page.locator("[data-formset-table] > [data-formset-row]")).to_have_count(new_row)
    page.get_by_label(f"项目名称（第{new_row}行）").fill("政务大厅智能化改造")
    page.get_by_label(f"功能分类科目（第{new_row}行）").fill("2010306")
    page.get_by_label(f"决算（第{new_row}行）").fill("１２．５")
    expect(total).to_have_text("160.75")
    page.get_by_label(f"主要用途（第{new_row}行）").fill("购置智能自助终端")
    page.get_by_label(f"年初预算（第{new_row}行）").fill("12.345")  # one decimal too many
    page.set_viewport_size(PHONE)  # the failed save's page, reached only by POST, on a phone
    page.get_by_role("button", name="保存", exact=True).click()

    # Refused at the field, with everything typed still there and nothing saved.
    expect(page.locator("#error-summary")).to_contain_text("未保存")
    expect(page.locator("#error-summary")).to_be_focused()  # GOV.UK pattern: the summary takes the focus
    assert_fits_a_phone_and_passes_axe(page, console, "failed save of 二（四）")
    summary_link = page.locator("#error-summary a").filter(has_text=f"第{new_row}行 年初预算")
    expect(summary_link).to_contain_text("金额最多保留两位小数")
    summary_link.click()
    expect(page.get_by_label(f"年初预算（第{new_row}行）")).to_be_focused()
    expect(page.get_by_text("金额最多保留两位小数").last).to_be_visible()
    expect(page.get_by_label(f"项目名称（第{new_row}行）")).to_have_value("政务大厅智能化改造")
    expect(page.get_by_label(f"决算（第{new_row}行）")).to_have_value("１２．５")
    expect(page.get_by_label(f"年初预算（第{new_row}行）")).to_have_value("12.345")
    assert not ProjectLine.objects.filter(name="政务大厅智能化改造").exists()

    page.get_by_label(f"年初预算（第{new_row}行）").fill("12.35")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()
    expect(page.locator("#sum-projects-actual")).to_have_text("160.75")
    line = ProjectLine.objects.get(name="政务大厅智能化改造")
    assert str(line.actual) == "12.50" and str(line.initial) == "12.35"
    assert DepartmentProfile.objects.get(department__full_name="长沙市天心区政务服务中心").staff_actual == 12

    # The preview opens at this section and shows the new values.
    with browser_context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("预览报告")).click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.url.endswith("#section-projects")
    expect(preview.locator("#section-projects")).to_be_visible()
    body = preview.locator("body")
    expect(body).to_contain_text("实有在职干部12人")
    expect(body).to_contain_text("政务大厅智能化改造12.5万元")
    preview.close()


def test_rows_can_be_removed_and_reordered_with_the_buttons(login, page):
    login("filler")
    page.get_by_role("link", name="填报").click()
    page.get_by_role("navigation", name="报告目录").get_by_role("link", name=re.compile("绩效目标情况")).click()
    first = page.get_by_label("绩效目标（第1行）")
    expect(first).to_have_value(re.compile("^组织政务中心"))
    # move the first goal down once, delete the (new) first one
    page.locator("[data-formset-row]").nth(0).get_by_role("button", name="下移").click()
    expect(page.get_by_label("绩效目标（第2行）")).to_have_value(re.compile("^组织政务中心"))
    page.get_by_label("删除（绩效目标第1行）").check()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()
    expect(page.get_by_label("绩效目标（第1行）")).to_have_value(re.compile("^组织政务中心"))
    expect(page.get_by_label("绩效目标（第3行）")).to_have_value(re.compile("^推进主动公开"))
    expect(page.get_by_label("绩效目标（第4行）")).to_have_value("")
