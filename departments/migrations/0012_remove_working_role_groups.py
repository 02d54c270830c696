"""Remove the groups 填报人 and 审核人 (made by 0002): they never granted anything.

Who fills and who reviews follows from ``DepartmentMembership`` and ``ReviewerScope``
(``departments.access``); the groups held no permission and nothing read them. A group of either name
that an administrator has since given permissions is theirs and stays. Reversing creates the two
empty groups again (their former members are not restored: membership granted nothing).
"""

from django.db import migrations

WORKING_ROLE_GROUPS = ("填报人", "审核人")


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=WORKING_ROLE_GROUPS, permissions__isnull=True).delete()


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in WORKING_ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0011_user_profile_permissions"),
        ("departments", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(remove_groups, create_groups)]
