import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.forms.page import SectionPage


def section_url(evaluation, slug: str) -> str:
    return reverse("evaluations:section", args=[evaluation.pk, slug])


@pytest.fixture
def filler(demo):
    return get_user_model().objects.get(username="filler")


@pytest.fixture
def filler_client(client, filler):
    client.force_login(filler)
    return client


@pytest.fixture
def open_section(filler_client, seed_evaluation):
    """GET a section page of the seed report as `filler` and read its form."""

    def open_(slug: str, evaluation=None, client=None) -> SectionPage:
        response = (client or filler_client).get(section_url(evaluation or seed_evaluation, slug))
        assert response.status_code == 200
        return SectionPage(response)

    return open_


@pytest.fixture
def submit(filler_client, seed_evaluation):
    """POST a page's form as the browser would; returns the response (a redirect after a save)."""

    def submit_(slug: str, page: SectionPage, button: str = "save", evaluation=None, client=None):
        return (client or filler_client).post(section_url(evaluation or seed_evaluation, slug), page.data(button))

    return submit_


@pytest.fixture
def fresh_evaluation(filler, seed_evaluation):
    """A 2019 report of the seed department, started empty (no copy)."""
    from evaluations.services import evaluation_start
    from tests.factories import FiscalYearFactory

    year = FiscalYearFactory(year=2019, is_open=True)
    return evaluation_start(department=seed_evaluation.department, fiscal_year=year, copy_previous=False)
