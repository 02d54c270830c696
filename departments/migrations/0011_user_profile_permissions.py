"""三员分立 for the new 联系方式 (departments.roles.PROFILE_PERMISSIONS)."""

from django.db import migrations

from departments.roles import profile_permissions_add


def add_permissions(apps, schema_editor):
    profile_permissions_add(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0010_user_profile"),
        ("departments", "0006_admin_roles"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
