"""Downloads and the browser import: access, preview before saving, confirm, refusals, locks."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.models import DepartmentBudget
from evaluations.models import Evaluation, EvaluationStatus

from . import badfiles
from .conftest import db_figures, save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def upload(client, evaluation, data: bytes, name="预算数据.xlsx"):
    return client.post(f"/evaluations/{evaluation.pk}/import/", {"file": SimpleUploadedFile(name, data, XLSX)})


@pytest.fixture
def other_evaluation(demo):
    return Evaluation.objects.exclude(department__full_name="长沙市天心区政务服务中心").get()


def test_report_workbook_for_its_filler_and_the_reviewer_only(client, seed_evaluation):
    url = f"/reports/{seed_evaluation.pk}/excel/"
    assert client.get(url).status_code == 302  # anonymous → login
    response = login(client, "filler").get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert "%E9%95%BF%E6%B2%99" in response["Content-Disposition"]  # 长沙… encoded (RFC 5987)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["整体支出", "三公经费", "支出功能分类", "项目支出", "评分表", "基础数据表"]
    assert login(client, "reviewer").get(url).status_code == 200
    assert login(client, "filler2").get(url).status_code == 404


def test_district_summary_is_for_reviewers(client, demo):
    assert login(client, "filler").get("/reports/summary.xlsx?year=2018").status_code == 403
    response = login(client, "reviewer").get("/reports/summary.xlsx?year=2018")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert login(client, "reviewer").get("/reports/summary.xlsx?year=1999").status_code == 404


def test_template_and_import_page_only_for_the_departments_filler(client, seed_evaluation):
    template_url = f"/evaluations/{seed_evaluation.pk}/import/template.xlsx"
    page_url = f"/evaluations/{seed_evaluation.pk}/import/"
    response = login(client, "filler").get(template_url)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "填写说明" and "科目表" in workbook.sheetnames
    page = client.get(page_url)
    assert page.status_code == 200 and "上传并预览修改" in page.content.decode()
    assert login(client, "filler2").get(template_url).status_code == 404
    assert client.get(page_url).status_code == 404
    assert login(client, "reviewer").get(page_url).status_code == 403


def test_upload_shows_the_preview_and_saves_nothing_until_confirmed(client, seed_evaluation, template):
    department = seed_evaluation.department
    template["整体支出"]["C6"] = 331
    template["项目支出"]["F4"] = 93.2
    before = db_figures(department, 2018)
    login(client, "filler")

    response = upload(client, seed_evaluation, save(template))
    page = response.content.decode()
    assert response.status_code == 200
    assert "将要修改 2 处" in page and "尚未保存" in page
    assert "决算基本支出" in page and "330.55" in page and "331.00" in page
    assert "政务公开审批" in page and "93.14" in page and "93.20" in page
    assert db_figures(department, 2018) == before

    token = response.context["token"]
    confirmed = client.post(f"/evaluations/{seed_evaluation.pk}/import/confirm/", {"token": token}, follow=True)
    assert "2 处修改已保存" in confirmed.content.decode()
    budget = DepartmentBudget.objects.get(department=department, fiscal_year_id=2018)
    assert budget.basic_actual == Decimal("331.00")
    assert budget.project_lines.get(name="政务公开审批").actual == Decimal("93.20")
    from departments.models import AuditAction, AuditEvent

    event = AuditEvent.objects.get(action=AuditAction.IMPORT, department=department)
    assert event.user.username == "filler" and event.object_label == "从 Excel 导入“预算数据.xlsx”"
    assert event.new_value.splitlines() == [
        "整体支出｜决算基本支出｜金额：330.55 → 331.00",
        "项目支出｜政务公开审批｜决算：93.14 → 93.20",
    ]
    # and, like a form save, one event per changed figure in its section
    events = AuditEvent.objects.filter(department=department, action=AuditAction.UPDATE)
    assert {(e.section, e.field, e.old_value, e.new_value, e.user.username) for e in events} == {
        ("budget-table", "决算·基本支出", "330.55", "331.00", "filler"),
        ("projects", "决算", "93.14", "93.20", "filler"),
    }

    # The same confirmation cannot be replayed.
    replay = client.post(f"/evaluations/{seed_evaluation.pk}/import/confirm/", {"token": token}, follow=True)
    assert "预览已失效" in replay.content.decode()


def test_problems_are_listed_and_nothing_is_saved(client, seed_evaluation, template):
    template["整体支出"]["C6"] = "abc"
    template["支出功能分类"]["E4"] = -1
    before = db_figures(seed_evaluation.department, 2018)
    response = upload(login(client, "filler"), seed_evaluation, save(template))
    page = response.content.decode()
    assert response.status_code == 400
    assert "文件中有 2 处问题" in page and "没有保存任何数据" in page
    assert "“abc”不是金额" in page and "负数" in page
    assert db_figures(seed_evaluation.department, 2018) == before


@pytest.mark.parametrize(("name", "builder", "message"), badfiles.SIMPLE_BAD_FILES[:4])
def test_bad_files_get_their_message_in_the_browser(client, seed_evaluation, name, builder, message):
    before = db_figures(seed_evaluation.department, 2018)
    response = upload(login(client, "filler"), seed_evaluation, builder(), name=f"{name}.xlsx")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert db_figures(seed_evaluation.department, 2018) == before


def test_oversized_upload_is_refused_before_parsing(client, seed_evaluation, template, monkeypatch):
    import budgets.importing.service as service

    def fail(**kwargs):
        raise AssertionError("an oversized file must not be parsed")

    monkeypatch.setattr(service, "check_file", fail)
    response = upload(login(client, "filler"), seed_evaluation, badfiles.oversized(save(template)))
    assert response.status_code == 413
    assert "文件过大" in response.content.decode()


def test_the_upload_stream_is_cut_at_the_limit(client, seed_evaluation, template, monkeypatch):
    """A body whose Content-Length looks acceptable is still cut off by the upload handler."""
    import departments.uploads as uploads
    import reports.excel_views as views

    handlers = []

    class Recording(uploads.SizeLimitedUpload):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            handlers.append(self)

    monkeypatch.setattr(views, "MAX_UPLOAD_BYTES", 5_000)
    monkeypatch.setattr(uploads, "SizeLimitedUpload", Recording)
    data = save(template)
    assert 5_000 < len(data) < 5_000 + 64 * 1024
    response = upload(login(client, "filler"), seed_evaluation, data)
    assert response.status_code == 413 and "文件过大" in response.content.decode()
    assert [handler.exceeded for handler in handlers] == [True]


def test_locked_report_refuses_the_import(client, seed_evaluation, template):
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.APPROVED)
    template["整体支出"]["C6"] = 331
    before = db_figures(seed_evaluation.department, 2018)
    login(client, "filler")
    page = client.get(f"/evaluations/{seed_evaluation.pk}/import/").content.decode()
    assert "不能导入" in page and "已审核通过并锁定" in page and "上传并预览修改" not in page
    response = upload(client, seed_evaluation, save(template))
    assert response.status_code == 403
    assert db_figures(seed_evaluation.department, 2018) == before


def test_report_locked_between_preview_and_confirm(client, seed_evaluation, template):
    template["整体支出"]["C6"] = 331
    login(client, "filler")
    token = upload(client, seed_evaluation, save(template)).context["token"]
    Evaluation.objects.filter(pk=seed_evaluation.pk).update(status=EvaluationStatus.SUBMITTED)
    before = db_figures(seed_evaluation.department, 2018)
    response = client.post(f"/evaluations/{seed_evaluation.pk}/import/confirm/", {"token": token}, follow=True)
    assert "报告已提交" in response.content.decode()
    assert db_figures(seed_evaluation.department, 2018) == before


def test_confirm_of_another_departments_report_is_404(client, seed_evaluation, other_evaluation):
    login(client, "filler")
    assert client.post(f"/evaluations/{other_evaluation.pk}/import/confirm/", {"token": "x"}).status_code == 404


def test_upload_and_confirm_require_the_csrf_token(seed_evaluation, template):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login(client, "filler")
    data = save(template)
    assert upload(client, seed_evaluation, data).status_code == 403
    client.get(f"/evaluations/{seed_evaluation.pk}/import/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/evaluations/{seed_evaluation.pk}/import/",
        {"file": SimpleUploadedFile("a.xlsx", data, XLSX), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200 and "没有需要导入的修改" in response.content.decode()
    assert client.post(f"/evaluations/{seed_evaluation.pk}/import/confirm/", {"token": "x"}).status_code == 403


def test_a_save_refused_halfway_leaves_everything_unchanged(client, seed_evaluation, template, monkeypatch):
    """The 整体支出 save succeeds, then the project lines are refused: the whole import is rolled back."""
    from django.core.exceptions import ValidationError

    import budgets.importing.service as service

    def refuse(**kwargs):
        raise ValidationError("项目名称不能为空。")

    monkeypatch.setattr(service, "project_lines_save", refuse)
    template["整体支出"]["C6"] = 331
    template["项目支出"]["F4"] = 93.2
    before = db_figures(seed_evaluation.department, 2018)
    login(client, "filler")
    token = upload(client, seed_evaluation, save(template)).context["token"]
    response = client.post(f"/evaluations/{seed_evaluation.pk}/import/confirm/", {"token": token}, follow=True)
    assert "未导入，没有保存任何数据：项目名称不能为空。" in response.content.decode()
    assert db_figures(seed_evaluation.department, 2018) == before


def test_a_long_bad_value_is_quoted_short(client, seed_evaluation, template):
    template["整体支出"]["C6"] = "很长的说明" * 200
    page = upload(login(client, "filler"), seed_evaluation, save(template)).content.decode()
    assert "“很长的说明很长的说明很长的说明很长的说明很长的说明很长的说明…”不是金额" in page
