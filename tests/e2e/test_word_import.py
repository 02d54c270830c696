"""Browser journey: a 填报人 uploads last year's Word report into an empty report, reviews the preview
field by field, confirms, and finds the texts on the section pages; on a phone, the preview (reached
only by the upload's POST) passes the crawl's check."""

import pytest

from tests.e2e.page_checks import PHONE, assert_fits_a_phone_and_passes_axe

pytestmark = pytest.mark.browser


def test_filler_imports_last_years_word_report(page, console, login, demo_server, tmp_path):
    from django.contrib.auth import get_user_model

    from budgets.models import FiscalYear
    from departments.models import AuditAction, AuditEvent, Department, DepartmentMembership
    from evaluations.services import evaluation_start
    from tests.docx.corpus import seed_docx

    seed_department = Department.objects.get(code="103001")
    twin = Department.objects.get(pk=seed_department.pk)
    twin.pk, twin.full_name, twin.short_name, twin.code = None, "长沙市天心区孪生服务中心", "孪生服务中心", "777001"
    twin.save()
    filler = get_user_model().objects.get(username="filler")
    DepartmentMembership.objects.create(user=filler, department=twin)
    evaluation = evaluation_start(
        department=twin, fiscal_year=FiscalYear.objects.get(pk=2018), copy_previous=False, user=filler
    )
    document = tmp_path / "2018年部门整体支出绩效自评报告.docx"
    document.write_bytes(seed_docx(styled=True))

    login("filler")
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_server.url}/evaluations/{evaluation.pk}/sections/profile/")
    page.get_by_role("link", name="从 Word 导入上年报告").click()
    picker = page.locator(".file-picker")
    assert picker.get_by_text("选择文件…").is_visible()  # our button, not the browser's 「Choose File」
    assert picker.locator("#id_file_name").inner_text() == "未选择文件"
    assert page.locator("#id_file").bounding_box()["width"] <= 1  # the native control stays out of sight
    page.get_by_label("Word 文件（.docx，不超过 10 MB）").set_input_files(str(document))
    assert picker.locator("#id_file_name").inner_text() == "2018年部门整体支出绩效自评报告.docx"
    page.get_by_role("button", name="上传并预览").click()

    fields = page.locator("#import-fields")
    quota = fields.locator("tr", has=page.get_by_role("rowheader", name="编制数", exact=True))
    assert [cell.strip() for cell in quota.locator("td").all_inner_texts()][:2] == ["一 1 部门基本情况", "8"]
    assert "（空）" in quota.inner_text()
    assert "第4行第3列" in fields.inner_text()  # 部门决算数 基本支出, from the table's cell
    assert not AuditEvent.objects.filter(department=twin, action=AuditAction.IMPORT).exists()  # nothing saved yet
    assert_fits_a_phone_and_passes_axe(page, console, "Word import preview")
    page.get_by_label("“干部教育培训支出 5.1万元”").select_option("2050802")
    page.get_by_label("“科技成果转化于扩散 50.1万元”").select_option("2060404")
    page.get_by_role("button", name="确认导入").click()

    assert "已从“2018年部门整体支出绩效自评报告.docx”导入" in page.get_by_role("alert").first.inner_text()
    assert AuditEvent.objects.filter(department=twin, action=AuditAction.IMPORT).count() == 1
    page.goto(f"{demo_server.url}/evaluations/{evaluation.pk}/sections/problems/")
    assert page.locator("textarea").first.input_value().startswith("资金安排、使用遵循了")
    page.goto(f"{demo_server.url}/evaluations/{evaluation.pk}/sections/profile/")
    assert page.get_by_label("编制数").input_value() == "8"
    assert page.locator("textarea[name='profile-duties']").input_value().startswith("我单位主要职责是贯彻落实")
