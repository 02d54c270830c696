"""The 填写说明 sheets of every template (budget import, onboarding, catalogue) open with each
instruction fully visible: Excel and WPS do not grow a row when a file is opened, so the row heights
written must hold each text wrapped in its column (one rule for all: reports/excel/styles.py)."""

import pytest

from departments.models import Department
from reports.excel.setup_workbooks import build_catalogue_template, build_onboarding_template
from reports.excel.template import INSTRUCTIONS_SHEET, build_import_template

pytestmark = pytest.mark.django_db

POINTS_PER_LINE = 14  # an 11-pt line needs at least this much


def chars_per_line(ws) -> int:
    return int(ws.column_dimensions["B"].width) - 4


def needed_lines(text: str, per_line: int) -> int:
    width = sum(2 if ord(char) > 0x2E7F else 1 for char in text)
    return -(-width // per_line)


@pytest.mark.parametrize("template", ["import", "onboarding", "catalogue"])
def test_every_instruction_row_is_tall_enough_for_its_text(demo, template):
    if template == "import":
        workbook = build_import_template(Department.objects.get(code="103001"), 2018)
    elif template == "onboarding":
        workbook = build_onboarding_template()
    else:
        workbook = build_catalogue_template(2019)
    ws = workbook[INSTRUCTIONS_SHEET]
    per_line = chars_per_line(ws)
    header = next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value == "事项")
    rows = [
        (row, ws.cell(row, 2).value)
        for row in range(header + 1, ws.max_row + 1)
        if ws.cell(row, 1).value and isinstance(ws.cell(row, 2).value, str)
    ]
    assert len(rows) >= 4
    long_rows = [text for _, text in rows if needed_lines(text, per_line) >= 2]
    assert long_rows, "some instruction wraps onto a second line"
    for row, text in rows:
        height = ws.row_dimensions[row].height
        assert height is not None and height >= POINTS_PER_LINE * needed_lines(text, per_line), (row, text)
