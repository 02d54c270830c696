import io

import openpyxl
import pytest
from django.forms.models import model_to_dict

from budgets.models import DepartmentBudget
from departments.models import Department
from reports.excel.template import build_import_template

SEED_DEPARTMENT = "长沙市天心区政务服务中心"


def db_figures(department: Department, year: int) -> dict:
    """Every stored figure and text of the department-year's budget data, read straight from the models."""
    budget = DepartmentBudget.objects.filter(department=department, fiscal_year_id=year).first()
    if budget is None:
        return {}
    skip = {"id", "budget"}

    return {
        "budget": {k: v for k, v in model_to_dict(budget).items() if k not in skip},
        "functional": [
            {k: v for k, v in model_to_dict(line).items() if k not in skip | {"category"}}
            | {"code": line.category.code}
            for line in budget.functional_lines.order_by("order", "id")
        ],
        "projects": [
            {k: v for k, v in model_to_dict(line).items() if k not in skip | {"category"}}
            | {"code": line.category.code if line.category else None}
            for line in budget.project_lines.order_by("order", "id")
        ],
        "three_public": [
            {k: v for k, v in model_to_dict(line).items() if k not in skip}
            for line in budget.three_public_lines.order_by("kind")
        ],
    }


def save(workbook) -> bytes:
    """The workbook as a person's spreadsheet program would save it after editing: formulas typed into
    cells stay formulas (``workbook_bytes``, the app's own export, would turn them into text)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def reopen(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def seed_department(demo):
    return Department.objects.get(full_name=SEED_DEPARTMENT)


@pytest.fixture
def template(seed_department):
    """The import template of the seed report (filled with its figures) as an editable workbook."""
    return build_import_template(seed_department, 2018)
