"""Browser journey: a 填报人 downloads the import template, fills it in Excel, previews and imports it,
on a phone: the pages reached only by the upload's POST (refusal, preview) pass the crawl's check."""

from decimal import Decimal

import openpyxl
import pytest

from tests.e2e.page_checks import PHONE, assert_fits_a_phone_and_passes_axe

pytestmark = pytest.mark.browser


def test_filler_imports_the_template_after_a_preview(page, console, login, demo_server, tmp_path):
    from budgets.models import DepartmentBudget
    from evaluations.models import Evaluation

    evaluation = Evaluation.objects.get(department__full_name="长沙市天心区政务服务中心", fiscal_year_id=2018)
    login("filler")
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_server.url}/evaluations/{evaluation.pk}/import/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载导入模板（.xlsx）").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)
    assert download_info.value.suggested_filename == "长沙市天心区政务服务中心2018年度预算数据导入模板.xlsx"

    # In "Excel": a bad amount first.
    workbook = openpyxl.load_workbook(template)
    workbook["整体支出"]["C6"] = "三百三十一"
    bad = tmp_path / "bad.xlsx"
    workbook.save(bad)
    page.get_by_label("Excel 文件（.xlsx，不超过 5 MB）").set_input_files(str(bad))
    page.get_by_role("button", name="上传并预览修改").click()
    problems = page.locator("#import-problems")
    assert "“三百三十一”不是金额" in problems.inner_text()
    assert "没有保存任何数据" in page.locator("#import-problems-summary").inner_text()
    assert_fits_a_phone_and_passes_axe(page, console, "budget import refused")

    # Corrected: the preview shows old → new and nothing is saved yet.
    workbook["整体支出"]["C6"] = "331"
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    page.get_by_label("Excel 文件（.xlsx，不超过 5 MB）").set_input_files(str(good))
    page.get_by_role("button", name="上传并预览修改").click()
    row = page.locator("#import-changes tbody tr")
    assert row.count() == 1
    assert [cell.strip() for cell in row.first.locator("td").all_inner_texts()] == [
        "整体支出",
        "决算基本支出",
        "金额",
        "330.55",
        "→",
        "331.00",
    ]
    budget = DepartmentBudget.objects.get(department=evaluation.department, fiscal_year_id=2018)
    assert budget.basic_actual == Decimal("330.55")
    assert_fits_a_phone_and_passes_axe(page, console, "budget import preview")

    page.get_by_role("button", name="确认导入").click()
    assert "1 处修改已保存" in page.get_by_role("alert").first.inner_text()
    budget.refresh_from_db()
    assert budget.basic_actual == Decimal("331.00")
