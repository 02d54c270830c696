"""The demo replayed into a test (tests/demo_rows.py) is the demo ``load_demo`` writes."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.demo_rows import sequences_reset, table_rows

pytestmark = pytest.mark.django_db

# Written by the clock or a random salt at load time: the replay keeps the first load's values.
STAMPS = {"date_joined", "password", "at", "created_at", "updated_at", "last_change", "refreshed_at"}


def without_stamps(tables):
    result = {}
    for table, (columns, rows) in tables.items():
        keep = [i for i, column in enumerate(columns) if column not in STAMPS]
        result[table] = [tuple(row[i] for i in keep) for row in rows]
    return result


def test_a_replayed_demo_is_what_load_demo_writes(_demo_rows):
    sid = transaction.savepoint()
    sequences_reset()
    call_command("load_demo", stdout=io.StringIO())
    loaded = table_rows()
    transaction.savepoint_rollback(sid)

    assert _demo_rows.applies()
    _demo_rows.replay()
    replayed = table_rows()
    assert without_stamps(replayed) == without_stamps(loaded)
    assert any(table.startswith("evaluations_") and rows for table, (_columns, rows) in _demo_rows.after.items())


def test_the_replayed_demo_signs_in_and_takes_new_rows(seed_evaluation, client):
    from evaluations.demo.loader import DEMO_PASSWORD

    assert client.login(username="filler", password=DEMO_PASSWORD)
    goal = seed_evaluation.goals.create(order=99, text="新增一条目标")  # the id comes after the replayed ones
    assert goal.pk > max(seed_evaluation.goals.exclude(pk=goal.pk).values_list("pk", flat=True))
    page = client.get(f"/evaluations/{seed_evaluation.pk}/checklist/")
    assert page.status_code == 200 and "长沙市天心区政务服务中心" in page.content.decode()


def test_a_table_already_written_to_is_not_replaced(_demo_rows):
    from departments.models import Region

    Region.objects.create(name="测试地区", short_name="测试")
    assert not _demo_rows.applies()
