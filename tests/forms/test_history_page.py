"""The 修改记录 page reads as Chinese sentences (no rule codes or finding keys), filters by section,
person, kind, date and 「自上次提交以来」, pages, and exports to Excel with text kept as text."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.checks import run_checks
from evaluations.checks.registry import RULES_BY_CODE
from evaluations.checks.services import finding_acknowledge
from evaluations.models import EvaluationStatus, StatusTransition
from evaluations.snapshots import report_snapshot

pytestmark = pytest.mark.django_db

IDENTIFIER = re.compile(r"[a-z]+_[a-z_]+(:|\b)")  # e.g. one_value_per_figure:2050802:5.10/5.01


def history(client, evaluation, **params):
    response = client.get(reverse("reports:history", args=[evaluation.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(page: str) -> list[str]:
    body = page.split('<table class="table table-sm table-bordered align-top history-table" id="history">')[1]
    body = body.split("<tbody>")[1].split("</tbody>")[0]
    return [re.sub(r"<[^>]+>", " ", row) for row in body.split("<tr ")[1:]]


def acknowledge_every_warning(evaluation, user):
    for finding in run_checks(report_snapshot(evaluation)):
        if finding.is_warning:
            finding_acknowledge(evaluation=evaluation, finding_key=finding.key, reason="经核实无误。", user=user)


def test_events_read_as_sentences_without_identifiers(open_section, submit, filler_client, filler, seed_evaluation):
    acknowledge_every_warning(seed_evaluation, filler)
    page = open_section("projects")
    page.fill("决算（第2行）", "5.10")  # the warning's figures change: its finding key changes
    assert submit("projects", page).status_code == 302
    acknowledge_every_warning(seed_evaluation, filler)

    text = history(filler_client, seed_evaluation)
    assert "one_value_per_figure" not in text and "staff_over_quota" not in text
    assert "问题标识" not in text and "检查规则" not in text
    listed = rows(text)
    assert not [row for row in listed if IDENTIFIER.search(row)]
    assert any(f"说明理由后保留警告“{RULES_BY_CODE['staff_over_quota'].TITLE}”" in row for row in listed)
    assert any("修改项目支出「干部教育培训」的“决算”" in row and "5.01" in row and "5.10" in row for row in listed)


def test_filters_by_section_person_kind_date_and_since_submission(
    open_section, submit, filler_client, filler, seed_evaluation
):
    page = open_section("budget-table")
    page.fill("部门决算数 项目支出", "148.25")
    submit("budget-table", page)
    acknowledge_every_warning(seed_evaluation, filler)
    StatusTransition.objects.create(
        evaluation=seed_evaluation, from_status="draft", to_status=EvaluationStatus.SUBMITTED, user=filler
    )
    page = open_section("problems")
    page.fill("存在的主要问题及改进措施或有关建议", "档案管理制度尚不健全。")
    submit("problems", page)

    everything = rows(history(filler_client, seed_evaluation))
    section = rows(history(filler_client, seed_evaluation, section="budget-table"))
    assert len(section) == 1 and "决算·项目支出" in section[0] and len(everything) > 1
    kind = rows(history(filler_client, seed_evaluation, kind="acknowledgement"))
    assert kind and all("警告说明" in row for row in kind)
    since = rows(history(filler_client, seed_evaluation, since_submission="on"))
    assert len(since) == 1 and "档案管理制度尚不健全" in since[0]
    assert "上次提交：" in history(filler_client, seed_evaluation)
    mine = rows(history(filler_client, seed_evaluation, user=str(filler.pk)))
    assert len(mine) == len(everything)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    assert "没有符合筛选条件的记录" in history(filler_client, seed_evaluation, date_from=tomorrow.isoformat())
    wrong = history(filler_client, seed_evaluation, date_from="2019-05-01", date_to="2019-04-01")
    assert "起始日期不能晚于截止日期" in wrong


def test_pages_of_fifty(open_section, submit, filler_client, seed_evaluation):
    from departments.audit import audit_record
    from departments.models import AuditAction

    for n in range(60):
        audit_record(
            department_id=seed_evaluation.department_id,
            fiscal_year_id=2018,
            user=None,
            action=AuditAction.UPDATE,
            section="problems",
            field="存在的主要问题及改进措施或有关建议",
            old_value=str(n),
            new_value=str(n + 1),
        )
    first = history(filler_client, seed_evaluation)
    assert len(rows(first)) == 50 and "共 60 条" in first and "第 1 / 2 页" in first
    second = history(filler_client, seed_evaluation, page=2, section="problems")
    assert len(rows(second)) == 10


def test_excel_export_keeps_text_as_text(open_section, submit, filler_client, seed_evaluation):
    page = open_section("problems")
    page.fill("存在的主要问题及改进措施或有关建议", "=HYPERLINK(\"http://example.com\")")
    submit("problems", page)
    response = filler_client.get(reverse("reports:history_export", args=[seed_evaluation.pk]), {"section": "problems"})
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["修改记录"]
    assert [cell.value for cell in sheet[2]] == ["时间", "操作人", "章节", "类别", "内容", "原值", "新值", "说明"]
    row = sheet[3]
    assert row[2].value == "四 存在的主要问题及改进措施或有关建议" and row[3].value == "填报数据"
    assert row[6].value == '=HYPERLINK("http://example.com")' and row[6].data_type == "s"
    assert len(list(sheet.iter_rows(min_row=3))) == 1


def test_error_summary_links_each_error_to_its_field(open_section, submit):
    page = open_section("profile")
    page.fill("实有在职人数", "十")
    response = submit("profile", page)
    html = response.content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    links = re.findall(r'<a href="#([^"]+)">实有在职人数：', summary)
    assert len(links) == 1
    assert re.search(rf'<label[^>]*for="{links[0]}"', html)  # the link names the field's own id
    assert 'id="error-summary" tabindex="-1"' in html
