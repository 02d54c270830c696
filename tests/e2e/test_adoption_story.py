"""A district adopts the app, in Chromium, from a database with only the migrations: the finance
bureau's administrator opens 2019, copies the 2018 支出功能分类 (preview, then confirm), copies the
default indicator framework to the district for 2019 and activates it, onboards 50 departments with
their users from the Excel template, and checks the year-setup page; a new 填报人 signs in with the
initial password, must change it, starts the 2019 report and enters it — last year's figures only
as typed 上年数 (the department has no 2018 record): the 基础数据 page's 上年数 block for 项目支出,
公用经费, 政府采购 and 结转结余, and the 三公 page's 上年决算数 column for the 三公 kinds, which is where
that block's design (docs/adr/0010) puts them — and 附件2 of the preview has every figure and the
评分表 computes every indicator (none 「无法计算」). No page of the story logs a JavaScript error or a
Content-Security-Policy refusal.

Only the district itself (the region row) and the 2018 catalogue it copies from are made by the
fixture; every setup step a finance bureau takes goes through the browser.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.setup.conftest import REGION, onboarding_workbook

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "Adopt-2019-admin"
NEW_PASSWORD = "Xinxian-2019-fill!"


@pytest.fixture
def fresh_district(migrated_rows, live_server):
    """Migrations only, plus a superuser, the district and last year's (2018) catalogue."""
    from django.contrib.auth import get_user_model

    from departments.models import FiscalYear, Region
    from evaluations.demo.loader import load_catalogue

    get_user_model().objects.create_superuser("admin", "admin@example.org", ADMIN_PASSWORD)
    region = Region.objects.create(name=REGION, short_name="天心区")
    load_catalogue(FiscalYear.objects.create(year=2018, is_open=False))
    return live_server, region


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def admin_action(page, row_text, action_label):
    """Tick the changelist row containing ``row_text`` and run the action ``action_label``."""
    page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.locator("button[name=index]").click()


def open_section(page, title):
    page.get_by_role("navigation", name="报告目录").get_by_role("link", name=re.compile(title)).click()


def fill_grid(page, rows: dict, columns: tuple, label: str):
    """Type a table of amounts, each input found by its label (``label`` formats row and column)."""
    for row, amounts in rows.items():
        for column, amount in zip(columns, amounts, strict=True):
            page.get_by_label(label.format(row=row, column=column), exact=True).fill(amount)


def save(page, section_title):
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=f"已保存“{section_title}")).to_be_visible()


def watch(page, console: list[str]):
    """Collect the page's JavaScript errors and Content-Security-Policy refusals into ``console``."""
    page.on("pageerror", lambda error: console.append(f"JavaScript error: {error}"))
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def test_a_district_adopts_the_app_and_a_first_report_has_a_complete_attachment_2(browser, fresh_district, tmp_path):
    server, region = fresh_district
    base = server.url
    console: list[str] = []
    admin = watch(browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}).new_page(), console)
    admin.set_default_timeout(30_000)
    sign_in(admin, base, "admin", ADMIN_PASSWORD)

    # 1. Open 2019: add the year, then the 开放 action.
    admin.goto(f"{base}/admin/departments/fiscalyear/add/")
    admin.get_by_label("年度").fill("2019")
    admin.get_by_label("开放填报").uncheck()
    admin.get_by_role("button", name="保存", exact=True).click()
    admin_action(admin, "2019", "开放所选年度的填报")
    expect(admin.locator(".messagelist")).to_contain_text("已开放填报：2019年度；其他年度不变")

    # 2. Copy the catalogue from 2018: the preview lists the rename, nothing is saved until confirmed.
    admin.goto(f"{base}/admin/budgets/functionalcategory/")
    admin.get_by_role("link", name="复制上年度科目").click()
    admin.get_by_label("复制哪一年度的科目").select_option("2018")
    admin.get_by_label("复制到年度").select_option("2019")
    admin.get_by_role("button", name="预览").click()
    expect(admin.locator("h2", has_text="将新增")).to_contain_text("其中更名 1 个")
    expect(admin.locator("strong", has_text="卫生健康支出")).to_be_visible()
    admin.get_by_role("button", name="确认复制").click()
    admin.goto(f"{base}/admin/budgets/functionalcategory/copy-year/")
    admin.get_by_label("复制哪一年度的科目").select_option("2018")
    admin.get_by_label("复制到年度").select_option("2019")
    admin.get_by_role("button", name="预览").click()
    expect(admin.get_by_text("目标年度已有全部科目")).to_be_visible()

    # 3. Copy the default framework to the district for 2019 (inactive), then activate it.
    admin.goto(f"{base}/admin/evaluations/indicatorframework/")
    default_name = admin.locator("#result_list tbody tr th a").first.inner_text()
    admin_action(admin, default_name, "复制到地区/年度（复制出的版本未启用）")
    admin.get_by_label("复制到区域").select_option(label=str(region))
    admin.get_by_label("起用年度").fill("2019")
    admin.get_by_role("button", name="复制").click()
    expect(admin.locator(".messagelist")).to_contain_text("（未启用）")
    admin.goto(f"{base}/admin/evaluations/indicatorframework/?region__id__exact={region.pk}")
    admin_action(admin, REGION, "启用（各级权重合计须正确）")
    expect(admin.locator(".messagelist")).to_contain_text("已启用")

    # 4. Onboard 50 departments with a 填报人 each (and a reviewer) from the template.
    workbook = tmp_path / "onboarding.xlsx"
    onboarding_workbook(50).save(workbook)
    admin.goto(f"{base}/setup/onboarding/")
    admin.get_by_label("Excel 文件（.xlsx，不超过 5 MB）").set_input_files(str(workbook))
    admin.get_by_role("button", name="上传并预览").click()
    expect(admin.locator("#onboarding-counts")).to_contain_text("部门 50 个 · 用户 51 个")
    admin.get_by_role("button", name="确认导入").click()
    passwords = admin.locator("#initial-passwords").inner_text()
    initial_password = re.search(r"user002\s+张2\s+(\S+)", passwords).group(1)

    # 5. The year-setup page: everything done is ok; only the deadline (not set) is left — set through
    #    the item's own link, after which the year is ready.
    admin.goto(f"{base}/evaluations/setup/{region.pk}/2019/")
    for key in ("open", "catalogue", "outline", "framework", "fillers"):
        expect(admin.locator(f'.setup-item[data-key="{key}"]')).to_have_attribute("data-ok", "1")
    expect(admin.locator('.setup-item[data-key="fillers"]')).to_contain_text("50 个部门都已有填报人")
    expect(admin.locator('.setup-item[data-key="deadline"]')).to_have_attribute("data-ok", "0")
    expect(admin.locator("#setup-summary")).to_contain_text("还有 1 项未准备好")
    admin.locator('.setup-item[data-key="deadline"]').get_by_role("link", name=re.compile("^处理")).click()
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    admin.get_by_label("提交截止日期").fill(deadline.isoformat())
    admin.get_by_role("button", name="保存", exact=True).click()
    admin.goto(f"{base}/evaluations/setup/{region.pk}/2019/")
    expect(admin.locator("#setup-summary")).to_contain_text("各项均已准备就绪")
    admin.context.close()

    # 6. The new 填报人 signs in and must change the initial password first.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    context.on("page", lambda opened: watch(opened, console))
    page = context.new_page()
    sign_in(page, base, "user002", initial_password)
    assert "/accounts/password/" in page.url
    page.get_by_label("旧密码").fill(initial_password)
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("新密码确认")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="修改密码").click()
    page.goto(f"{base}/")

    # 7. Start the 2019 report (no 2018 record exists for the department); home shows the deadline.
    expect(page.locator('.deadline[data-year="2019"]')).to_contain_text(
        f"提交截止日期 {deadline.year}年{deadline.month}月{deadline.day}日，还有 30 天"
    )
    expect(page.get_by_text("测试县第2局 · 2019年度报告尚未开始")).to_be_visible()
    page.get_by_role("button", name="开始填报2019年度报告").click()
    page.wait_for_url(re.compile(r"/fill/|/sections/"))
    report = re.search(r"/evaluations/(\d+)/", page.url).group(1)

    open_section(page, "^一 1")
    page.get_by_label("编制数").fill("30")
    page.get_by_label("实有在职人数").fill("28")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("alert").filter(has_text="已保存")).to_be_visible()

    open_section(page, "^二（一）")
    table = {
        "年初部门预算": ("500", "200", "0"),
        "调整预算数": ("520", "230", "0"),
        "部门决算数": ("510", "215", "0"),
    }
    fill_grid(page, table, ("基本支出", "项目支出", "政府专项"), "{row} {column}")
    for column in ("基本支出", "项目支出", "政府专项"):
        page.get_by_label(f"其中：资产购置支出 {column}", exact=True).fill("0")
    save(page, "二（一）")

    open_section(page, "^二（二）")
    three_public = {  # 预算数, 决算数, 上年决算数 (the 三公 kinds' 上年数 live on this page)
        "因公出国（境）": ("3", "2.5", "2.8"),
        "公车购置": ("0", "0", "0"),
        "公车运行维护": ("6", "5.2", "5.6"),
        "公务接待": ("4", "3.1", "3.7"),
    }
    fill_grid(page, three_public, ("预算数", "决算数", "上年决算数"), "{row}{column}")
    save(page, "")

    open_section(page, "^附 基础数据")
    basic = {  # 本年预算, 本年决算
        "公用经费": ("60", "58.5"),
        "其中：办公经费": ("20", "19"),
        "其中：水电差旅": ("15", "14.5"),
        "其中：会议培训": ("5", "4.2"),
        "政府采购金额": ("40", "38"),
    }
    for row, amounts in basic.items():
        for column, amount in zip(("本年预算", "本年决算"), amounts, strict=True):
            page.get_by_label(f"{row} {column}", exact=True).fill(amount)
    page.get_by_label("结转结余总额", exact=True).fill("12.34")
    expect(page.get_by_role("heading", name="上年数（2018年决算）")).to_be_visible()
    prior = {
        "项目支出": "187.65",
        "公用经费": "55.43",
        "其中：办公经费": "18.21",
        "其中：水电差旅": "13.32",
        "其中：会议培训": "4.44",
        "政府采购金额": "36.66",
        "结转结余总额（即本年年初结余）": "9.87",
    }
    for label, amount in prior.items():
        page.get_by_label(f"上年决算 {label}", exact=True).fill(amount)
    save(page, "")

    # 8. 附件2 of the preview: every figure present, last year's as typed.
    page.goto(f"{base}/")
    page.get_by_role("link", name="预览报告").click()
    attachment = page.locator("#attachment-basic-data")
    expect(attachment).to_contain_text("上年决算数来源：填报的上年数")
    text = attachment.inner_text()
    assert "未填写" not in text, text
    rows = {
        row.locator("th, td").first.inner_text().strip(): [c.inner_text().strip() for c in row.locator("td").all()]
        for row in attachment.locator("table.basic-data tr").all()
        if row.locator("td").count()
    }
    assert rows["项目支出"][0] == "187.65", rows
    assert rows["公用经费"][0] == "55.43", rows
    assert rows["政府采购金额"][0] == "36.66", rows
    assert rows["结转结余总额"][0] == "9.87", rows
    assert rows["“三公”经费合计"][0] == "12.10", rows
    assert rows["2. 因公出国（境）费"][0] == "2.80", rows

    # 9. The 评分表 computes every indicator from this year's and the typed 上年数 (nothing 「无法计算」).
    page.goto(f"{base}/evaluations/{report}/scoring/")
    executions = page.locator(".scoring-table td.cell-execution").all_inner_texts()
    computed = [text for text in executions if "%" in text]
    assert len(computed) >= 8 and not [text for text in executions if "无法计算" in text], executions
    expect(page.locator(".scoring-table")).to_contain_text("“三公经费”变动率")
    context.close()
    assert console == [], console
