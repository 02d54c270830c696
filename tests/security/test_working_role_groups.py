"""填报人 and 审核人 are no auth groups: who fills and who reviews follows from DepartmentMembership
and ReviewerScope (departments.access). Migration departments 0012 removed the two empty groups
0002 had made; the groups of 三员分立 stay."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from departments.roles import ADMIN_GROUPS

WORKING_ROLE_GROUPS = ["填报人", "审核人"]
BEFORE = [("departments", "0011_user_profile_permissions")]
AFTER = [("departments", "0012_remove_working_role_groups")]


def client_for(username) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_filling_and_reviewing_need_no_group(seed_evaluation):
    assert list(Group.objects.order_by("name").values_list("name", flat=True)) == sorted(ADMIN_GROUPS)
    assert not get_user_model().objects.filter(groups__isnull=False).exists()  # the demo's people too
    section = reverse("evaluations:section", args=[seed_evaluation.pk, "profile"])
    assert client_for("filler").get(section).status_code == 200
    dashboard = client_for("reviewer").get(reverse("reports:dashboard")).content.decode()
    assert seed_evaluation.department.full_name in dashboard


@pytest.mark.django_db(transaction=True)
def test_the_migration_removes_only_the_two_empty_groups_and_reverses(migrated_rows):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # reversed: the two groups as 0002 made them
    assert set(Group.objects.values_list("name", flat=True)) == {*ADMIN_GROUPS, *WORKING_ROLE_GROUPS}
    user = get_user_model().objects.create_user("zhangsan")
    user.groups.add(*Group.objects.filter(name__in=WORKING_ROLE_GROUPS))
    # an administrator gave 审核人 a permission since: it is theirs now and stays
    Group.objects.get(name="审核人").permissions.add(Permission.objects.get(codename="view_region"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    assert set(Group.objects.values_list("name", flat=True)) == {*ADMIN_GROUPS, "审核人"}
    assert list(user.groups.values_list("name", flat=True)) == ["审核人"]
    assert all(Group.objects.get(name=name).permissions.exists() for name in ADMIN_GROUPS)
