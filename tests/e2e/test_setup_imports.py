"""The set-up imports in Chromium on a 390 px phone: an administrator uploads the onboarding workbook
with a mistake (problems listed), then a good one (preview), confirms (initial passwords shown once),
and the new 填报人 must change the password at first login; the 科目 import previews a rename. Each
page is checked like the crawl (tests/e2e/test_every_page.py): no sideways scroll, axe-core, CSP."""

import re

import pytest

from tests.e2e.test_every_page import PHONE, check_page
from tests.setup.conftest import onboarding_workbook

pytestmark = pytest.mark.browser


def test_onboarding_and_catalogue_import_pages(browser, demo_server, tmp_path):
    from evaluations.demo.loader import DEMO_PASSWORD
    from reports.excel.setup_workbooks import build_catalogue_template

    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    problems: list[str] = []
    base = demo_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    book = onboarding_workbook(3)
    book["部门"].cell(row=3, column=6, value="国企")
    book.save(bad)
    onboarding_workbook(3).save(good)

    page.goto(f"{base}/setup/onboarding/")
    check_page(page, "/setup/onboarding/", console, problems)
    page.get_by_label("Excel 文件（.xlsx，不超过 5 MB）").set_input_files(str(bad))
    page.get_by_role("button", name="上传并预览").click()
    assert "“国企”不是可选的值" in page.locator("#import-problems").inner_text()
    check_page(page, "onboarding problems", console, problems)

    page.get_by_label("Excel 文件（.xlsx，不超过 5 MB）").set_input_files(str(good))
    page.get_by_role("button", name="上传并预览").click()
    assert "部门 3 个 · 用户 4 个" in page.locator("#onboarding-counts").inner_text()
    check_page(page, "onboarding preview", console, problems)
    page.get_by_role("button", name="确认导入").click()
    table = page.locator("#initial-passwords").inner_text()
    check_page(page, "onboarding done", console, problems)
    password = re.search(r"user002\s+张2\s+(\S+)", table).group(1)

    page.goto(f"{base}/setup/catalogue/")
    check_page(page, "/setup/catalogue/", console, problems)
    workbook = build_catalogue_template(2018)
    workbook["科目"].append(["999", "测试类"])
    catalogue = tmp_path / "catalogue.xlsx"
    workbook.save(catalogue)
    page.get_by_label("Excel 文件（.xlsx，不超过 5 MB）").set_input_files(str(catalogue))
    page.get_by_role("button", name="上传并预览").click()
    assert "新增 1 · 更名 0" in page.locator("#catalogue-counts").inner_text()
    check_page(page, "catalogue preview", console, problems)
    context.close()

    newcomer = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    newcomer.goto(f"{base}/accounts/login/")
    newcomer.get_by_label("用户名").fill("user002")
    newcomer.get_by_label("密码").fill(password)
    newcomer.get_by_role("button", name="登录").click()
    newcomer.wait_for_url(lambda url: "/accounts/password/" in url)
    assert problems == [], "\n".join(problems)
