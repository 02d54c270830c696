import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker):
    """The rows ``load_demo`` writes, recorded once (tests/demo_rows.py)."""
    from django.db import transaction

    from tests.demo_rows import DemoRows, sequences_reset, table_rows

    with django_db_blocker.unblock(), transaction.atomic():
        sequences_reset()
        before = table_rows()
        call_command("load_demo", stdout=io.StringIO())
        rows = DemoRows.record(before, table_rows())
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def demo(db, _demo_rows):
    """The demo data as `make run` loads it: the seed report, a second department, the accounts."""
    from django.db import connection

    if connection.in_atomic_block and _demo_rows.applies():
        _demo_rows.replay()
    else:  # a transactional test, or one whose fixtures wrote to the demo's tables first
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


SKIPPED_IN_MIGRATED_ROWS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


MIGRATED_ROWS = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, and every row the migrations wrote, read before any test runs.
    Content types and permissions are left to the flush's post_migrate and referred to by natural key:
    the flush re-creates them under new ids, which is why Django's serialized rollback cannot restore
    this state."""
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        models = [model for model in apps.get_models() if model._meta.label_lower not in SKIPPED_IN_MIGRATED_ROWS]
        rows = [row for model in models for row in model._default_manager.order_by("pk")]
        MIGRATED_ROWS["json"] = serializers.serialize("json", rows, use_natural_foreign_keys=True)


@pytest.fixture
def migrated_rows(transactional_db):
    """The database as ``migrate`` leaves it (role groups, outlines, the default framework, known 科目
    renames), for a transactional test: an earlier transactional test's flush removed those rows."""
    from django.core import serializers
    from django.db import connection, transaction

    from tests.demo_rows import sequences_reset

    with transaction.atomic(), connection.constraint_checks_disabled():
        objects = list(serializers.deserialize("json", MIGRATED_ROWS["json"]))
        for obj in objects:
            obj.save()
        connection.check_constraints()
    sequences_reset({obj.object.__class__ for obj in objects})


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
