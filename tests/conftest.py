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
def _report_storage(settings, tmp_path_factory):
    """Each test stores report files in its own directory (``STORAGES["reports"]``). The ``pdf``
    cache is in the database (rolled back with each test) and keyed by content, so it needs nothing."""
    settings.STORAGES = {
        **settings.STORAGES,
        "reports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("reports")), "allow_overwrite": True},
        },
    }
