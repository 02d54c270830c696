"""Bulk onboarding: departments and users with their grants from Excel, preview → confirm, all or
nothing, initial passwords changed at first login; every refusal leaves the database as it was."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from budgets.importing import FileRefused
from budgets.importing.onboarding import onboarding_prepare
from departments.models import (
    AccountSecurity,
    AuditAction,
    AuditEvent,
    Department,
    DepartmentMembership,
    ReviewerScope,
    UserProfile,
)
from departments.onboarding import initial_password
from departments.password_validation import ComplexityValidator
from tests.excel import badfiles

from .conftest import client_for, onboarding_workbook, read_back, save

pytestmark = pytest.mark.django_db
User = get_user_model()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def snapshot():
    return (
        sorted(Department.objects.values_list("code", "full_name", "parent_id", "region_id")),
        sorted(User.objects.values_list("username", flat=True)),
        DepartmentMembership.objects.count(),
        ReviewerScope.objects.count(),
        sorted(UserProfile.objects.values_list("user__username", "phone")),
        AuditEvent.objects.filter(action=AuditAction.IMPORT).count(),
    )


def upload(client, data: bytes, name="部门和用户.xlsx"):
    return client.post("/setup/onboarding/", {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


def test_fifty_departments_with_users_previewed_confirmed_and_forced_to_change_password(onboarding_book):
    admin = client_for("admin")
    before_departments = Department.objects.count()
    page = upload(admin, save(onboarding_book))
    assert page.status_code == 200
    text = page.content.decode()
    assert "部门 50 个 · 用户 51 个 · 填报人授权 50 项 · 审核人授权 1 项" in text
    assert Department.objects.count() == before_departments  # the preview saves nothing

    token = re.search(r'name="token" value="(\w+)"', text).group(1)
    done = admin.post("/setup/onboarding/confirm/", {"token": token})
    assert done.status_code == 200
    passwords = dict(
        re.findall(r"<tr><td>(user\d+|bureau1)</td><td>[^<]+</td><td><code>([^<]+)</code>", done.content.decode())
    )
    assert len(passwords) == 51 and len(set(passwords.values())) == 51

    assert Department.objects.count() == before_departments + 50
    head = Department.objects.get(code="900001")
    assert head.parent is None and head.subordinates.count() == 49
    third = Department.objects.get(code="900003")
    assert (third.get_unit_nature_display(), third.region.name, third.affiliation) == (
        "事业单位",
        "长沙市天心区",
        "测试县人民政府",
    )
    assert DepartmentMembership.objects.filter(user__username="user007", department__code="900007").exists()
    assert ReviewerScope.objects.filter(user__username="bureau1", region__name="长沙市天心区").exists()
    assert User.objects.get(username="user007").first_name == "张7"
    assert AccountSecurity.objects.filter(user__username__startswith="user", must_change_password=True).count() == 50
    imports = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert imports.count() == 1 and "900050 测试县第50局" in imports.get().new_value
    assert not any(password in imports.get().new_value for password in passwords.values())  # never logged

    # the passwords as a workbook, once
    download = admin.get("/setup/onboarding/passwords.xlsx")
    assert download.status_code == 200
    rows = list(read_back(download.content)["初始密码"].iter_rows(min_row=2, values_only=True))
    assert {row[0]: row[2] for row in rows} == passwords
    assert admin.get("/setup/onboarding/passwords.xlsx").status_code == 404

    # a new 填报人 signs in with the initial password and must change it before anything else
    filler = Client()
    response = filler.post("/accounts/login/", {"username": "user007", "password": passwords["user007"]})
    assert response.status_code == 302
    home = filler.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/password/")
    new = "Xin-mima-2019#"
    response = filler.post(
        "/accounts/password/",
        {"old_password": passwords["user007"], "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert filler.get("/").status_code == 200


def test_the_same_file_twice_is_refused_the_second_time(onboarding_book):
    admin = client_for("admin")
    text = upload(admin, save(onboarding_book)).content.decode()
    admin.post("/setup/onboarding/confirm/", {"token": re.search(r'name="token" value="(\w+)"', text).group(1)})
    before = snapshot()
    page = upload(admin, save(onboarding_book))
    assert page.status_code == 400
    assert "已被系统中的“测试县第1局”使用" in page.content.decode()
    assert snapshot() == before


def test_a_confirm_replayed_or_forged_saves_nothing(onboarding_book):
    admin = client_for("admin")
    text = upload(admin, save(onboarding_book)).content.decode()
    before = snapshot()
    response = admin.post("/setup/onboarding/confirm/", {"token": "forged"})
    assert response.status_code == 302 and snapshot() == before
    token = re.search(r'name="token" value="(\w+)"', text).group(1)
    assert admin.post("/setup/onboarding/confirm/", {"token": token}).status_code == 200
    after = snapshot()
    assert admin.post("/setup/onboarding/confirm/", {"token": token}).status_code == 302
    assert snapshot() == after


def test_a_conflict_between_preview_and_confirm_saves_nothing(onboarding_book):
    admin = client_for("admin")
    text = upload(admin, save(onboarding_book)).content.decode()
    User.objects.create_user("USER050", password="x")  # the same name, other case, created meanwhile
    before = snapshot()
    response = admin.post(
        "/setup/onboarding/confirm/", {"token": re.search(r'name="token" value="(\w+)"', text).group(1)}, follow=True
    )
    assert "未导入，没有保存任何数据" in response.content.decode() and "user050" in response.content.decode()
    assert snapshot() == before


def _refusal(book_edit, sheet, cell_column, message):
    book = onboarding_workbook(5)
    book_edit(book)
    before = snapshot()
    response = upload(client_for("admin"), save(book))
    assert response.status_code == 400
    page = response.content.decode()
    assert "未导入" in page and message in page, page[page.find("import-problems") :][:3000]
    assert snapshot() == before
    preview = onboarding_prepare(save(book))
    assert any(p.sheet == sheet and p.column == cell_column and message in p.message for p in preview.problems), [
        str(p) for p in preview.problems
    ]


def test_duplicate_department_code_in_the_file(demo):
    _refusal(lambda b: b["部门"].cell(row=4, column=1, value="900001"), "部门", "A", "与第 2 行重复")


def test_department_code_already_in_the_system(demo):
    existing = Department.objects.first()
    _refusal(lambda b: b["部门"].cell(row=3, column=1, value=existing.code), "部门", "A", "已被系统中的")


def test_unknown_parent_department(demo):
    _refusal(lambda b: b["部门"].cell(row=3, column=4, value="123456"), "部门", "D", "主管部门编码“123456”既不在本表中")


def test_parents_in_a_loop(demo):
    def edit(book):
        book["部门"].cell(row=2, column=4, value="900002")  # 900001 under 900002, 900002 under 900001

    _refusal(edit, "部门", "D", "循环")


def test_unknown_region(demo):
    _refusal(lambda b: b["部门"].cell(row=3, column=5, value="岳麓区"), "部门", "E", "系统中没有区域“岳麓区”")


def test_bad_nature(demo):
    _refusal(lambda b: b["部门"].cell(row=3, column=6, value="国企"), "部门", "F", "“国企”不是可选的值")


def test_bad_funding(demo):
    _refusal(lambda b: b["部门"].cell(row=3, column=7, value="财政拨款"), "部门", "G", "“财政拨款”不是可选的值")


def test_missing_full_name(demo):
    _refusal(lambda b: setattr(b["部门"].cell(row=3, column=2), "value", None), "部门", "B", "必填")


def test_duplicate_username_in_the_file(demo):
    _refusal(lambda b: b["用户"].cell(row=4, column=1, value="USER001"), "用户", "A", "与第 2 行重复")


def test_username_already_in_the_system(demo):
    _refusal(lambda b: b["用户"].cell(row=3, column=1, value="filler"), "用户", "A", "系统中已有用户名“filler”")


def test_invalid_username(demo):
    _refusal(lambda b: b["用户"].cell(row=3, column=1, value="张 三"), "用户", "A", "用户名“张 三”无效")


def test_grant_of_an_unknown_department(demo):
    _refusal(lambda b: b["用户"].cell(row=3, column=3, value="900002、777777"), "用户", "C", "“777777”既不在")


def test_grant_of_an_unknown_region(demo):
    _refusal(lambda b: b["用户"].cell(row=7, column=4, value="雨花区"), "用户", "D", "系统中没有区域“雨花区”")


def test_user_without_any_grant(demo):
    _refusal(
        lambda b: setattr(b["用户"].cell(row=3, column=3), "value", None), "用户", "A", "既没有填报部门，也没有审核区域"
    )


def test_a_bad_phone_is_refused_at_its_cell(demo):
    _refusal(
        lambda b: b["用户"].cell(row=3, column=5, value="电话 0731-85899999"),
        "用户",
        "E",
        "联系电话“电话 0731-85899999”无效：联系电话只能包含数字、空格、+、- 和括号。",
    )


def test_a_phone_too_long_is_refused_at_its_cell(demo):
    _refusal(lambda b: b["用户"].cell(row=4, column=5, value="0731-" + "8" * 30), "用户", "E", "最多 30 字")


def test_phones_are_previewed_saved_with_the_users_and_shown_on_their_admin_page(demo):
    book = onboarding_workbook(3)
    users = book["用户"]
    assert users.cell(row=1, column=5).value == "联系电话"
    users.cell(row=2, column=5, value="0731-85899999")
    users.cell(row=3, column=5, value=13800000000)  # typed as a number
    admin = client_for("admin")
    page = upload(admin, save(book)).content.decode()
    preview = page[page.index('id="preview-users"') :]
    assert "<td>user001</td><td>张1</td><td>900001</td><td>—</td><td>0731-85899999</td>" in preview
    assert "<td>user002</td><td>张2</td><td>900002</td><td>—</td><td>13800000000</td>" in preview
    assert "<td>user003</td><td>张3</td><td>900003</td><td>—</td><td>—</td>" in preview
    assert not UserProfile.objects.filter(user__username__startswith="user").exists()  # the preview saves nothing

    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    assert admin.post("/setup/onboarding/confirm/", {"token": token}).status_code == 200
    assert dict(
        UserProfile.objects.filter(user__username__startswith="user").values_list("user__username", "phone")
    ) == {
        "user001": "0731-85899999",
        "user002": "13800000000",
    }
    user = User.objects.get(username="user001")
    user_page = admin.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert re.search(r'name="profile-0-phone" value="0731-85899999"', user_page)


def test_formula_without_a_stored_result(demo):
    _refusal(lambda b: b["部门"].cell(row=3, column=2, value='=A3&"局"'), "部门", "B", "单元格是公式")


def test_existing_departments_serve_as_parent_and_grant(demo):
    existing = Department.objects.get(full_name="长沙市天心区政务服务中心")
    book = onboarding_workbook(2, reviewer=False)
    book["部门"].cell(row=2, column=4, value=existing.code)
    book["用户"].cell(row=2, column=3, value=f"900001、{existing.code}")
    preview = onboarding_prepare(save(book))
    assert preview.ok, [str(p) for p in preview.problems]
    assert preview.plan["users"][0]["departments"] == ["900001", existing.code]


@pytest.mark.parametrize(
    ("name", "builder", "message"),
    badfiles.SIMPLE_BAD_FILES + [(n, b, m) for n, b, m in badfiles.DERIVED_BAD_FILES if n != "oversized"],
    ids=[n for n, *_ in badfiles.SIMPLE_BAD_FILES] + [n for n, *_ in badfiles.DERIVED_BAD_FILES if n != "oversized"],
)
def test_bad_files_are_refused_with_a_chinese_message(demo, name, builder, message):
    valid = save(onboarding_workbook(3))
    data = builder(valid) if name in {n for n, *_ in badfiles.DERIVED_BAD_FILES} else builder()
    before = snapshot()
    with pytest.raises(FileRefused) as refused:
        onboarding_prepare(data)
    assert message in str(refused.value)
    response = upload(client_for("admin"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert snapshot() == before


def test_an_oversized_upload_is_cut_off(demo):
    response = upload(client_for("admin"), badfiles.oversized(save(onboarding_workbook(3))))
    assert response.status_code == 413 and "文件过大" in response.content.decode()


@pytest.mark.parametrize("name", ["shared_strings_bomb", "shared_strings_count_bomb"])
def test_hostile_string_tables_are_refused(demo, name):
    builder = dict((n, b) for n, b, _ in badfiles.HOSTILE_BAD_FILES)[name]
    with pytest.raises(FileRefused) as refused:
        onboarding_prepare(builder(save(onboarding_workbook(3))))
    assert "文字数据过多" in str(refused.value)


def test_a_workbook_without_the_sheets_or_rows(demo):
    import openpyxl

    preview = onboarding_prepare(save(openpyxl.Workbook()))
    assert next(p.message for p in preview.problems).startswith("文件中没有名为「部门」的工作表")
    empty = onboarding_workbook(0, reviewer=False)
    assert "没有任何部门或用户" in str(onboarding_prepare(save(empty)).problems[0])


def test_template_lists_the_regions_and_choices(demo):
    response = client_for("admin").get("/setup/onboarding/template.xlsx")
    assert response.status_code == 200
    book = read_back(response.content)
    assert book.sheetnames == ["填写说明", "部门", "用户", "可选值"]
    options = [row for row in book["可选值"].iter_rows(min_row=2, values_only=True)]
    assert "长沙市天心区" in [row[0] for row in options] and "行政单位" in [row[1] for row in options]
    assert [c.value for c in book["部门"][1]][:3] == ["部门编码", "单位全称", "单位简称"]
    assert [c.value for c in book["用户"][1]] == ["用户名", "姓名", "填报部门编码", "审核区域", "联系电话"]
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, field="部门和用户导入模板").exists()


def test_initial_passwords_meet_the_rules_and_differ():
    passwords = {initial_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        ComplexityValidator(min_length=10, min_classes=4).validate(password)


def test_the_department_list_in_admin_links_to_the_import(demo):
    page = client_for("admin").get("/admin/departments/department/").content.decode()
    assert 'href="/setup/onboarding/"' in page


def test_one_mistake_is_one_problem(demo):
    """A department row refused for its nature is still known by code: its 填报人 and subordinates
    are not reported again."""
    book = onboarding_workbook(5)
    book["部门"].cell(row=2, column=6, value="国企")  # 900001, the 主管部门 of the others
    problems = onboarding_prepare(save(book)).problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [("部门", 2, "F")]


def test_a_workbook_from_an_older_template_without_the_optional_columns_imports(demo):
    # Filled in before 联系电话 (and without 审核区域): the accounts come in with no phone and no region.
    book = onboarding_workbook(2, reviewer=False)
    book["用户"].delete_cols(4, 2)
    assert [c.value for c in book["用户"][1]] == ["用户名", "姓名", "填报部门编码"]
    admin = client_for("admin")
    page = upload(admin, save(book)).content.decode()
    preview = page[page.index('id="preview-users"') :]
    assert "<td>user001</td><td>张1</td><td>900001</td><td>—</td><td>—</td>" in preview
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    assert admin.post("/setup/onboarding/confirm/", {"token": token}).status_code == 200
    assert User.objects.filter(username__in=["user001", "user002"]).count() == 2
    assert not UserProfile.objects.filter(user__username__startswith="user").exists()
