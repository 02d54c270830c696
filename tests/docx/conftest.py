"""The demo report exported to .docx ONCE for the export tests (beside its PDF, for comparison)."""

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from docx import Document
from pypdf import PdfReader

from tests.reports.conftest import DEMO_DEPARTMENT, PAGE_NUMBER


def normalize(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class ExportedDemo:
    docx: bytes
    pdf: bytes
    pdf_pages: list[str]
    status: str

    @property
    def document(self):
        return Document(io.BytesIO(self.docx))

    @property
    def pdf_body_text(self) -> str:
        return "\n".join(PAGE_NUMBER.sub("", page) for page in self.pdf_pages)


def pytest_collection_modifyitems(items):
    for item in items:
        if "exported_demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def exported_demo(django_db_setup, django_db_blocker) -> ExportedDemo:
    """Load the demo, export the seed report to .docx and PDF, and roll the data back."""
    from django.db import connection

    from evaluations.models import Evaluation
    from reports.docx.export import render_report_docx
    from reports.rendering import render_report_pdf

    name = str(connection.settings_dict["NAME"])
    if "test" not in name and "memory" not in name:
        raise RuntimeError(f"refusing to load the demo into a non-test database: {name}")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        evaluation = Evaluation.objects.get(department__full_name=DEMO_DEPARTMENT, fiscal_year_id=2018)
        docx = render_report_docx(evaluation=evaluation)
        pdf = render_report_pdf(evaluation=evaluation)
        status = evaluation.status
        transaction.set_rollback(True)
    reader = PdfReader(io.BytesIO(pdf))
    return ExportedDemo(docx=docx, pdf=pdf, pdf_pages=[page.extract_text() for page in reader.pages], status=status)


@pytest.fixture
def empty_report(seed_evaluation):
    """A new department like the seed's (same nature, so drafted sentences read alike) with an empty
    report; the demo's 填报人 ``filler`` fills in for it too."""
    from django.contrib.auth import get_user_model

    from departments.models import Department, DepartmentMembership
    from evaluations.models import Evaluation

    twin = Department.objects.get(pk=seed_evaluation.department_id)
    twin.pk, twin.full_name, twin.short_name, twin.code = None, "长沙市天心区孪生服务中心", "孪生服务中心", "777001"
    twin.save()
    DepartmentMembership.objects.create(user=get_user_model().objects.get(username="filler"), department=twin)
    return Evaluation.objects.create(department=twin, fiscal_year_id=2018, outline=seed_evaluation.outline)


@pytest.fixture
def filler(client, empty_report):
    """The client logged in as the demo's 填报人, who fills in ``empty_report``."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="filler"))
    return client
