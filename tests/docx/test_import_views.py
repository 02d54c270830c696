"""The Word import pages: upload → preview field by field → confirm, all or nothing, for the 填报人."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from departments.models import AuditAction, AuditEvent
from evaluations.models import EvaluationStatus
from reports.docx.export import render_report_docx

from .corpus import EXTRA_PARAGRAPH, seed_docx, seed_docx_miscounted_divisions, seed_docx_with_extras
from .helpers import upload

pytestmark = pytest.mark.django_db


def test_links_on_home_and_section_pages(filler, empty_report):
    url = reverse("reports:word_import", args=[empty_report.pk])
    assert url in filler.get(reverse("home")).content.decode()
    section = filler.get(reverse("evaluations:section", args=[empty_report.pk, "profile"])).content.decode()
    assert url in section and "从 Word 导入上年报告" in section


def test_other_departments_filler_gets_404(client, empty_report):
    client.force_login(get_user_model().objects.get(username="filler2"))
    assert client.get(reverse("reports:word_import", args=[empty_report.pk])).status_code == 404
    assert upload(client, empty_report, seed_docx()).status_code == 404


def test_a_doc_file_is_refused_at_the_upload_field(filler, empty_report):
    response = upload(filler, empty_report, bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, name="旧.doc")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="import-refused"' in page and "请在 Word/WPS 中另存为 .docx 后上传" in page
    assert 'aria-describedby="import-refused file-help id_file_name" aria-invalid="true"' in page
    assert not AuditEvent.objects.filter(department=empty_report.department).exists()


def test_the_upload_control_is_the_chinese_picker(filler, empty_report):
    """Not the browser's own control (「Choose File」 / 「No file chosen」 in an English browser): our
    「选择文件…」 button and the chosen file's name beside it (static/js/upload.js), as on the Excel pages."""
    page = filler.get(reverse("reports:word_import", args=[empty_report.pk])).content.decode()
    assert '<div class="file-picker">' in page
    assert 'type="file" class="file-picker-input" id="id_file"' in page  # the native control, hidden
    assert (
        '<label for="id_file" class="btn btn-outline-primary btn-sm mb-0" aria-hidden="true">选择文件…</label>' in page
    )
    assert 'data-file-name-for="id_file"' in page and "/static/js/upload.js" in page
    assert '<label for="id_file" class="form-label" id="id_file_label">Word 文件（.docx，不超过 10 MB）</label>' in page
    assert 'aria-labelledby="id_file_label"' in page and 'aria-describedby="file-help id_file_name"' in page
    assert 'accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"' in page


def test_preview_shows_value_source_and_current_then_confirm_saves_once(filler, empty_report, seed_evaluation):
    response = upload(filler, empty_report, render_report_docx(evaluation=seed_evaluation))
    page = response.content.decode()
    assert response.status_code == 200
    assert "尚未保存" in page and 'id="import-fields"' in page
    assert "表1 第4行第3列" in page and "330.55" in page  # a figure with its cell
    assert "（空）" in page  # what the empty report holds now
    assert 'name="choice-' in page and "2050802 干部教育" in page  # offered, not guessed
    assert not AuditEvent.objects.filter(department=empty_report.department).exists()
    token = response.context["token"]
    choices = {f"choice-{c.key}": c.candidates[0][0] for c in response.context["preview"].choices}
    done = filler.post(reverse("reports:word_import_confirm", args=[empty_report.pk]), {"token": token, **choices})
    assert done.status_code == 302
    events = AuditEvent.objects.filter(department=empty_report.department, action=AuditAction.IMPORT)
    assert [e.object_label for e in events] == ["2018年自评报告.docx"]
    budget = empty_report.department.budgets.get(fiscal_year_id=2018)
    assert budget.functional_lines.count() == 6 and budget.project_lines.count() == 3
    again = filler.post(reverse("reports:word_import_confirm", args=[empty_report.pk]), {"token": token}, follow=True)
    assert "预览已失效" in again.content.decode()


def test_conflict_after_the_preview_saves_nothing(filler, empty_report):
    first = upload(filler, empty_report, seed_docx())
    token = first.context["token"]
    from reports.docx.importing import word_import_apply, word_import_prepare

    other = word_import_prepare(evaluation=empty_report, data=seed_docx())  # someone else imports meanwhile
    word_import_apply(evaluation=empty_report, found=other.found, fingerprints=other.fingerprints)
    count = AuditEvent.objects.count()
    response = filler.post(
        reverse("reports:word_import_confirm", args=[empty_report.pk]), {"token": token}, follow=True
    )
    assert "未导入，没有保存任何数据" in response.content.decode() and "已被修改" in response.content.decode()
    assert AuditEvent.objects.count() == count


def test_a_submitted_report_cannot_be_imported_into(filler, empty_report):
    type(empty_report).objects.filter(pk=empty_report.pk).update(status=EvaluationStatus.SUBMITTED)
    page = filler.get(reverse("reports:word_import", args=[empty_report.pk])).content.decode()
    assert 'id="locked-reason"' in page and 'type="file"' not in page
    assert upload(filler, empty_report, seed_docx()).status_code == 403


def _part(page: str, start: str, end: str) -> str:
    """The page from the element with ``start`` up to the first ``end`` after it."""
    part = page[page.index(start) :]
    return part[: part.index(end)]


def test_the_preview_lists_what_it_did_not_take(filler, empty_report):
    page = upload(filler, empty_report, seed_docx_with_extras()).content.decode()
    assert "未导入的段落和表格（2 处）" in page
    unmatched = _part(page, 'id="import-unmatched"', "</ul>")
    assert "<li>表1（3行，首行：序号、姓名、职务）：未识别的表格</li>" in unmatched
    assert "<li>第39段「本单位2018年度无其他需要说明的事项，特此说明…」：不在可识别的标题之下</li>" in unmatched
    fields = _part(page, 'id="import-fields"', "</table>")
    assert "张三" not in fields and EXTRA_PARAGRAPH[:10] not in fields
    assert not AuditEvent.objects.filter(department=empty_report.department).exists()


def test_the_preview_offers_divisions_whose_count_disagrees(filler, empty_report):
    page = upload(filler, empty_report, seed_docx_miscounted_divisions()).content.decode()
    unmatched = _part(page, 'id="import-unmatched"', "</ul>")
    assert (
        "写明内设四个科室，但列出5个名称（办公室、业务科、督查科、热线综合科、优化综合科），内设机构未导入" in unmatched
    )
    fields = _part(page, 'id="import-fields"', "</table>")
    assert "编制数" in fields and "内设机构" not in fields and "热线综合科" not in fields
