"""The administrator roles as auth groups created by data migrations.

The two working roles, 填报人 and 审核人, are no groups: they follow from ``DepartmentMembership`` and
``ReviewerScope`` (``departments.access``).

三员分立 (等保 2.0 访问控制): three administrator roles, none of which can do another's job.
* 系统管理员 manages user accounts (create, edit, deactivate, reset passwords) and reference data
  (years, regions, departments and profiles, the functional-classification catalogue and its known
  renames, report outlines, indicator frameworks): what the 年度准备 checklist links to. It cannot
  grant roles or rights, unlock accounts or read the audit.
* 安全管理员 manages roles and rights (groups and their permissions, the staff flag, 填报人 and 审核人
  assignments), lockouts (解除锁定) and second-factor devices. It cannot create accounts, set
  passwords, change reference data or read the audit.
* 审计管理员 reads the audit trail and exports it (/audit/), and sees who holds which role; it
  changes nothing.
Members of these groups need 可登录管理后台 (is_staff), granted by the 安全管理员. A superuser exists
only to install the system and is not used day to day (docs/security.md).

Each role's permissions are "app_label.codename" strings. Editing this list does not change an
existing database: the data migration that created the groups used the list as it was then; a later
change needs a new data migration (or the 安全管理员 adjusts the group in admin).
"""

SYSTEM_ADMIN_GROUP = "系统管理员"
SECURITY_ADMIN_GROUP = "安全管理员"
AUDIT_ADMIN_GROUP = "审计管理员"
ADMIN_GROUPS = (SYSTEM_ADMIN_GROUP, SECURITY_ADMIN_GROUP, AUDIT_ADMIN_GROUP)


def _crud(label: str, *actions: str) -> list[str]:
    app_label, model = label.split(".")
    return [f"{app_label}.{action}_{model}" for action in (actions or ("add", "change", "delete", "view"))]


REFERENCE_DATA = [
    "departments.fiscalyear",
    "departments.region",
    "departments.department",
    "departments.departmentprofile",
    "departments.leadershippost",
    "departments.internaldivision",
    "budgets.functionalcategory",
    "evaluations.indicatorframework",
    "evaluations.indicator",
]

ROLE_PERMISSIONS = {
    SYSTEM_ADMIN_GROUP: [
        "departments.manage_accounts",
        *_crud("auth.user", "add", "change", "view"),
        *_crud("departments.accountsecurity", "add", "change", "view"),
        *[perm for label in REFERENCE_DATA for perm in _crud(label)],
    ],
    SECURITY_ADMIN_GROUP: [
        "departments.manage_roles",
        *_crud("auth.user", "change", "view"),
        *_crud("auth.group"),
        "auth.view_permission",
        *_crud("departments.departmentmembership"),
        *_crud("departments.reviewerscope"),
        *_crud("departments.loginfailurecounter", "view", "delete"),
        "departments.view_accountsecurity",
        "departments.view_department",
        "departments.view_region",
        *_crud("otp_totp.totpdevice", "view", "delete"),
    ],
    AUDIT_ADMIN_GROUP: [
        "departments.view_auditevent",
        "departments.view_loginfailurecounter",
        "departments.view_departmentmembership",
        "departments.view_reviewerscope",
        "departments.view_accountsecurity",
        "auth.view_user",
        "auth.view_group",
        "auth.view_permission",
        "admin.view_logentry",
        "otp_totp.view_totpdevice",
    ],
}


# Added by a later data migration (0011_user_profile_permissions), for a model 0006 did not know:
# the 联系方式 (phone) of a user is an account detail like the 姓名.
PROFILE_PERMISSIONS = {
    SYSTEM_ADMIN_GROUP: _crud("departments.userprofile", "add", "change", "view"),
    SECURITY_ADMIN_GROUP: ["departments.view_userprofile"],
    AUDIT_ADMIN_GROUP: ["departments.view_userprofile"],
}


# Added by a later data migration (0013_year_setup_permissions): the reference data the 年度准备
# checklist sends the 系统管理员 to fix that 0006 left out. Report outlines are viewed, added
# ("保存为新的" copies one with its entries) and changed, not deleted (an outline a report records is
# read-only in admin anyway); the catalogue's known renames are reference data like the catalogue.
SETUP_PERMISSIONS = {
    SYSTEM_ADMIN_GROUP: [
        *_crud("evaluations.reportoutline", "add", "change", "view"),
        *_crud("evaluations.outlineentry", "add", "change", "view"),
        *_crud("budgets.cataloguerename"),
    ],
}


def admin_roles_create(apps) -> None:
    """Create the three administrator groups with their permissions (``apps``: a migration's or the
    global registry). Existing groups get the listed permissions added; none are removed."""
    role_permissions_add(apps, ROLE_PERMISSIONS)


def profile_permissions_add(apps) -> None:
    """The 联系方式 permissions of the three groups (``PROFILE_PERMISSIONS``), by migration 0011."""
    role_permissions_add(apps, PROFILE_PERMISSIONS)


def setup_permissions_add(apps) -> None:
    """The outline and catalogue-rename permissions of the 系统管理员 (``SETUP_PERMISSIONS``), by 0013."""
    role_permissions_add(apps, SETUP_PERMISSIONS)


def setup_permissions_remove(apps) -> None:
    """Reverse of ``setup_permissions_add``: take those permissions from the groups again."""
    role_permissions_remove(apps, SETUP_PERMISSIONS)


def role_permissions_add(apps, role_permissions: dict) -> None:
    """Add ``role_permissions`` (group name → permissions) to the groups; none are removed."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Permissions are normally created after all migrations ran; a data migration needs them now.
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*wanted)


def role_permissions_remove(apps, role_permissions: dict) -> None:
    """Take ``role_permissions`` (group name → permissions) from the groups that exist; permissions
    not in the database (their app not migrated that far) are skipped."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in role_permissions.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for permission in permissions:
            app_label, codename = permission.split(".")
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))
