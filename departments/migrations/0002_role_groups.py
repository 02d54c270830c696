from django.db import migrations

from departments.roles import FILLER_GROUP, REVIEWER_GROUP


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (FILLER_GROUP, REVIEWER_GROUP):
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[FILLER_GROUP, REVIEWER_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
