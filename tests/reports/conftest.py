"""The demo report rendered ONCE for all report tests (PDF rendering is the slow part)."""

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.signals import template_rendered
from pypdf import PdfReader

DEMO_DEPARTMENT = "长沙市天心区政务服务中心"
PAGE_NUMBER = re.compile(r"\n?— \d+ —\s*$")


def normalize(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines wherever the layout does."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class RenderedDemo:
    pdf: bytes
    html: str
    reader: PdfReader
    pages_text: list[str]  # extracted text per page, as pypdf gives it
    templates: list[str]  # templates rendered while producing the PDF
    title: str
    department: str

    @property
    def text(self) -> str:
        return "\n".join(self.pages_text)

    @property
    def body_text(self) -> str:
        """The running text without the page numbers, so a paragraph split by a page break reads whole."""
        return "\n".join(PAGE_NUMBER.sub("", page) for page in self.pages_text)


def pytest_collection_modifyitems(items):
    # pytest-django creates the test database only when a collected test needs it: make sure a
    # test using the shared rendering does, or the fixture would talk to the development database.
    for item in items:
        if "rendered_demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def rendered_demo(django_db_setup, django_db_blocker) -> RenderedDemo:
    """Load the demo, render its PDF and HTML once, and roll the data back."""
    from django.db import connection

    from evaluations.models import Evaluation

    name = str(connection.settings_dict["NAME"])
    if "test" not in name and "memory" not in name:
        raise RuntimeError(f"refusing to load the demo into a non-test database: {name}")
    from reports.rendering import render_report_html, render_report_pdf

    used = []

    def record(sender, template, context, **kwargs):
        used.append(template.name)

    template_rendered.connect(record)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            evaluation = Evaluation.objects.get(department__full_name=DEMO_DEPARTMENT, fiscal_year_id=2018)
            # The layout as an approval archives it (``official``): without the draft marks and the
            # system's notes, which tests/reports/test_draft_marks.py checks on its own.
            pdf = render_report_pdf(evaluation=evaluation, official=True)
            html = render_report_html(evaluation=evaluation, official=True)
            title = f"{evaluation.department.region.short_name}部门整体支出（2018年度）绩效自评报告"
            transaction.set_rollback(True)
    finally:
        template_rendered.disconnect(record)
    reader = PdfReader(io.BytesIO(pdf))
    return RenderedDemo(
        pdf=pdf,
        html=html,
        reader=reader,
        pages_text=[page.extract_text() for page in reader.pages],
        templates=used,
        title=title,
        department=DEMO_DEPARTMENT,
    )
