"""三员分立: the groups 系统管理员, 安全管理员 and 审计管理员 with their permissions (departments.roles)."""

from django.db import migrations

from departments.roles import ADMIN_GROUPS, admin_roles_create


def create_roles(apps, schema_editor):
    admin_roles_create(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ADMIN_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("departments", "0005_security_audit_and_accounts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("budgets", "0001_initial"),
        ("evaluations", "0004_default_framework"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
