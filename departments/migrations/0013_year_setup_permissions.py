"""三员分立: the 系统管理员 may fix what the 年度准备 checklist links to — report outlines (view, add,
change: "保存为新的" copies one) and the catalogue's known renames (departments.roles.SETUP_PERMISSIONS).
Reversing takes these permissions from the group again."""

from django.db import migrations

from departments.roles import setup_permissions_add, setup_permissions_remove


def add_permissions(apps, schema_editor):
    setup_permissions_add(apps)


def remove_permissions(apps, schema_editor):
    setup_permissions_remove(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0012_remove_working_role_groups"),
        ("evaluations", "0005_outlines"),
        ("budgets", "0005_catalogue_renames"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
