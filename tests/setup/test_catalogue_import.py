"""The MoF 科目 list of a year from Excel: new / renamed / unchanged rows previewed, saved all or
nothing; refusals at the cell leave the catalogue as it was."""

import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.importing import FileRefused
from budgets.importing.catalogue import catalogue_import_prepare
from budgets.models import FunctionalCategory
from departments.models import AuditAction, AuditEvent, FiscalYear
from tests.excel import badfiles

from .conftest import client_for, read_back, save

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def catalogue(year: int) -> list[tuple]:
    return list(
        FunctionalCategory.objects.filter(fiscal_year_id=year)
        .order_by("code")
        .values_list("code", "name", "level", "parent__code", "parent__fiscal_year_id")
    )


def upload(client, year: int, data: bytes):
    return client.post(
        "/setup/catalogue/", {"year": year, "file": SimpleUploadedFile("科目.xlsx", data, content_type=XLSX)}
    )


def row_of(sheet, code: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == code)


def test_rename_and_new_codes_previewed_then_saved(catalogue_book):
    sheet = catalogue_book["科目"]
    assert sheet.max_row > 3  # the template holds the year's catalogue
    first = sheet.cell(row=2, column=1).value
    sheet.cell(row=2, column=2).value = "改过的名称"
    sheet.append(["999", "测试类"])
    sheet.append(["99901", "测试款"])
    sheet.append([9990101, "测试项"])  # typed as a number
    before = catalogue(2018)
    admin = client_for("admin")
    page = upload(admin, 2018, save(catalogue_book))
    assert page.status_code == 200
    text = page.content.decode()
    unchanged = len(before) - 1
    assert f"新增 3 · 更名 1 · 不变 {unchanged}" in text
    assert catalogue(2018) == before

    token = re.search(r'name="token" value="(\w+)"', text).group(1)
    response = admin.post("/setup/catalogue/confirm/", {"token": token})
    assert response.status_code == 302 and "fiscal_year__year__exact=2018" in response["Location"]
    after = {row[0]: row for row in catalogue(2018)}
    assert after[first][1] == "改过的名称"
    assert after["999"][2:] == ("class", None, None)
    assert after["99901"][2:] == ("section", "999", 2018)
    assert after["9990101"][2:] == ("item", "99901", 2018)
    assert len(after) == len(before) + 3
    event = AuditEvent.objects.get(action=AuditAction.IMPORT, field="支出功能分类科目")
    assert "999：（新增） → 测试类" in event.new_value


def test_a_new_year_from_the_template_of_another(demo):
    FiscalYear.objects.create(year=2019)
    book = read_back(client_for("admin").get("/setup/catalogue/template.xlsx?year=2018").content)
    sheet = book["科目"]
    sheet.cell(row=row_of(sheet, "210"), column=2).value = "卫生健康支出"
    preview = catalogue_import_prepare(year=2019, data=save(book))
    assert preview.ok and len(preview.rows) == len(catalogue(2018)) and not preview.of_kind("renamed")
    admin = client_for("admin")
    text = upload(admin, 2019, save(book)).content.decode()
    admin.post("/setup/catalogue/confirm/", {"token": re.search(r'name="token" value="(\w+)"', text).group(1)})
    new = catalogue(2019)
    assert len(new) == len(catalogue(2018))
    assert all(parent_year in (None, 2019) for *_, parent_year in new)
    assert dict((code, name) for code, name, *_ in new)["210"] == "卫生健康支出"
    assert dict((code, name) for code, name, *_ in catalogue(2018))["210"] != "卫生健康支出"


def test_same_file_again_is_unchanged(catalogue_book):
    page = upload(client_for("admin"), 2018, save(catalogue_book))
    assert page.status_code == 200 and "完全一致，没有需要导入的修改" in page.content.decode()


@pytest.mark.parametrize(
    ("edit", "column", "message"),
    [
        (lambda s: s.append(["2101", "四位编码"]), "A", "科目编码“2101”无效"),
        (lambda s: s.append(["abc", "字母"]), "A", "科目编码“abc”无效"),
        (lambda s: s.append(["99901", "无上级"]), "A", "上级科目“999”既不在本文件中"),
        (lambda s: s.append(["9990101", "无上级的项"]), "A", "上级科目“99901”既不在本文件中"),
        (lambda s: s.append(["998", None]), "B", "科目名称不能为空"),
        (lambda s: s.append([None, "无编码"]), "A", "科目编码不能为空"),
        (lambda s: s.append([s.cell(row=2, column=1).value, "重复"]), "A", "与第 2 行重复"),
        (lambda s: s.append(["998", "长" * 101]), "B", "内容过长"),
    ],
    ids=[
        "four_digits",
        "letters",
        "missing_section_parent",
        "missing_item_parent",
        "no_name",
        "no_code",
        "duplicate",
        "too_long",
    ],
)
def test_refusals_at_the_cell_change_nothing(catalogue_book, edit, column, message):
    sheet = catalogue_book["科目"]
    edit(sheet)
    before = catalogue(2018)
    preview = catalogue_import_prepare(year=2018, data=save(catalogue_book))
    assert any(p.column == column and message in p.message and p.sheet == "科目" for p in preview.problems), [
        str(p) for p in preview.problems
    ]
    response = upload(client_for("admin"), 2018, save(catalogue_book))
    assert response.status_code == 400 and message in response.content.decode()
    assert catalogue(2018) == before


def test_a_change_between_preview_and_confirm_saves_nothing(catalogue_book):
    catalogue_book["科目"].cell(row=2, column=2).value = "改过的名称"
    catalogue_book["科目"].append(["999", "测试类"])
    admin = client_for("admin")
    text = upload(admin, 2018, save(catalogue_book)).content.decode()
    category = FunctionalCategory.objects.filter(fiscal_year_id=2018).order_by("code").first()
    category.name = "同时被他人修改"
    category.save()
    before = catalogue(2018)
    response = admin.post(
        "/setup/catalogue/confirm/", {"token": re.search(r'name="token" value="(\w+)"', text).group(1)}, follow=True
    )
    assert "未导入，没有保存任何数据" in response.content.decode()
    assert catalogue(2018) == before


def test_no_sheet_or_header(demo):
    preview = catalogue_import_prepare(year=2018, data=save(openpyxl.Workbook()))
    assert "没有名为「科目」的工作表" in str(preview.problems[0])
    book = openpyxl.Workbook()
    book.active.title = "科目"
    book.active.append(["编码", "名称"])
    assert "没有找到表头" in str(catalogue_import_prepare(year=2018, data=save(book)).problems[0])


@pytest.mark.parametrize(
    ("name", "builder", "message"), badfiles.SIMPLE_BAD_FILES, ids=[n for n, *_ in badfiles.SIMPLE_BAD_FILES]
)
def test_bad_files(catalogue_book, name, builder, message):
    before = catalogue(2018)
    with pytest.raises(FileRefused) as refused:
        catalogue_import_prepare(year=2018, data=builder())
    assert message in str(refused.value)
    assert upload(client_for("admin"), 2018, builder()).status_code == 400
    assert catalogue(2018) == before


@pytest.mark.parametrize("name", ["macro_enabled", "zip_bomb", "truncated"])
def test_derived_bad_files(catalogue_book, name):
    builder, message = {n: (b, m) for n, b, m in badfiles.DERIVED_BAD_FILES}[name]
    with pytest.raises(FileRefused) as refused:
        catalogue_import_prepare(year=2018, data=builder(save(catalogue_book)))
    assert message in str(refused.value)


def test_a_year_must_be_chosen(catalogue_book):
    response = upload(client_for("admin"), 1999, save(catalogue_book))
    assert response.status_code == 400 and "请选择要导入科目的年度" in response.content.decode()


def test_the_catalogue_list_in_admin_links_to_the_import(demo):
    page = client_for("admin").get("/admin/budgets/functionalcategory/").content.decode()
    assert 'href="/setup/catalogue/"' in page
