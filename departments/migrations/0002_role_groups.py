# The groups 填报人 and 审核人 never granted anything (a 填报人 is a user with a DepartmentMembership,
# a 审核人 one with a ReviewerScope): 0012_remove_working_role_groups removes them again.
from django.db import migrations

WORKING_ROLE_GROUPS = ("填报人", "审核人")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in WORKING_ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=WORKING_ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
