import io

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo data as `make run` loads it: the seed report, a second department, the accounts."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def seed_evaluation(demo):
    from evaluations.models import Evaluation

    return Evaluation.objects.get(department__full_name="长沙市天心区政务服务中心", fiscal_year_id=2018)


@pytest.fixture
def clean_evaluation(demo):
    """The demo's second (invented) department: a report the checks find nothing wrong with."""
    from evaluations.models import Evaluation

    return Evaluation.objects.get(department__code="999001", fiscal_year_id=2018)


@pytest.fixture(autouse=True)
def _empty_pdf_cache():
    """Each test renders its own PDFs (the cache is per process and would outlive a test's data)."""
    from django.core.cache import caches

    caches["pdf"].clear()
