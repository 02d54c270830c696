"""Workbooks within every declared limit that still attack the reader: huge string tables, rows beyond
the declared dimension, too many cells or elements, broken XML, DOCTYPE and entities, lying zip
headers, numbers no spreadsheet writes. Each ends in a Chinese message and changes nothing."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.importing import FileRefused, budget_import_prepare

from . import badfiles
from .conftest import db_figures, save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def prepare(department, data):
    return budget_import_prepare(department=department, fiscal_year_id=2018, data=data)


@pytest.mark.parametrize(
    ("name", "builder", "message"), badfiles.HOSTILE_BAD_FILES, ids=[name for name, *_ in badfiles.HOSTILE_BAD_FILES]
)
def test_hostile_workbooks_are_refused_with_a_chinese_message(seed_department, template, name, builder, message):
    before = db_figures(seed_department, 2018)
    with pytest.raises(FileRefused) as refused:
        prepare(seed_department, builder(save(template)))
    assert message in str(refused.value)
    assert not re.search(r"Error|Traceback|line \d|column \d|[a-z]{8,}", str(refused.value)), str(refused.value)
    assert db_figures(seed_department, 2018) == before


def test_rows_are_read_whatever_the_declared_dimension(seed_department, template):
    preview = prepare(seed_department, badfiles.understated_dimension(save(template)))
    assert preview.problems == [] and preview.changes == []
    assert len(preview.state["project_lines"]) == 3


def test_values_no_spreadsheet_writes_are_reported_at_their_cells(seed_department, template):
    data, cells = badfiles.hostile_values(save(template))
    before = db_figures(seed_department, 2018)
    problems = prepare(seed_department, data).problems
    at = {(p.sheet, f"{p.column}{p.row}"): p.message for p in problems}
    for ref in cells:
        assert ("整体支出", ref) in at, (ref, problems)
        assert re.search(r"[\u4e00-\u9fff]", at[("整体支出", ref)])
        assert "Traceback" not in at[("整体支出", ref)] and "InvalidOperation" not in at[("整体支出", ref)]
    assert "9999999999" not in at[("整体支出", "E5")] or len(at[("整体支出", "E5")]) < 200
    assert db_figures(seed_department, 2018) == before


def test_an_unexpected_error_in_one_cell_is_a_message_at_that_cell(seed_department, template, monkeypatch):
    import budgets.importing.reader as reader

    def broken(value):
        if value == 330.55:
            raise ZeroDivisionError("boom")
        return reader.read_amount.__wrapped__(value)

    broken.__wrapped__ = reader.read_amount
    monkeypatch.setattr(reader, "read_amount", broken)
    problems = prepare(seed_department, save(template)).problems
    places = {(p.sheet, p.row, p.column) for p in problems}
    assert ("整体支出", 4, "C") in places  # 年初 基本支出 330.55
    message = next(p.message for p in problems if (p.sheet, p.row, p.column) == ("整体支出", 4, "C"))
    assert "无法读取" in message and "boom" not in message


@pytest.mark.parametrize("name", ["billion_laughs", "rows_beyond_dimension", "lying_declared_size"])
def test_the_upload_page_shows_the_message_and_logs_the_refusal(client, seed_evaluation, template, capsys, name):
    builder, message = next((b, m) for n, b, m in badfiles.HOSTILE_BAD_FILES if n == name)
    client.force_login(get_user_model().objects.get(username="filler"))
    before = db_figures(seed_evaluation.department, 2018)
    response = client.post(
        f"/evaluations/{seed_evaluation.pk}/import/",
        {"file": SimpleUploadedFile(f"{name}.xlsx", builder(save(template)), XLSX)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert db_figures(seed_evaluation.department, 2018) == before
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    refused = [line for line in lines if line["logger"] == "security" and line.get("event") == "import_refused"]
    assert len(refused) == 1
    assert refused[0]["request_id"] == response["X-Request-ID"] and refused[0]["upload_name"] == f"{name}.xlsx"
    assert message in refused[0]["reason"] and refused[0]["user"] == "filler"
