"""三员分立: what the 系统管理员, the 安全管理员 and the 审计管理员 can do in admin and in the app.
The groups come from the data migration (departments/migrations/0006_admin_roles.py).

Which URLs of the app each may open: tests/security/test_permission_matrix.py.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory

from budgets.models import CatalogueRename
from departments.models import FiscalYear, LoginFailureCounter
from departments.roles import AUDIT_ADMIN_GROUP, SECURITY_ADMIN_GROUP, SYSTEM_ADMIN_GROUP
from evaluations.models import ReportOutline
from tests.outlines.test_outline_admin import outline_data

pytestmark = pytest.mark.django_db
User = get_user_model()
ROLES = {"system": SYSTEM_ADMIN_GROUP, "security": SECURITY_ADMIN_GROUP, "audit": AUDIT_ADMIN_GROUP}

# model → role → what admin lets the role do: v(iew) a(dd) c(hange) d(elete); "" nothing at all.
MATRIX = {
    "auth.user": {"system": "vac", "security": "vc", "audit": "v"},
    "auth.group": {"system": "", "security": "vacd", "audit": "v"},
    "departments.fiscalyear": {"system": "vacd", "security": "", "audit": ""},
    "departments.region": {"system": "vacd", "security": "v", "audit": ""},
    "departments.department": {"system": "vacd", "security": "v", "audit": ""},
    # a department's yearly profile is report data (一 1): read-only in admin for everyone
    "departments.departmentprofile": {"system": "v", "security": "", "audit": ""},
    "budgets.functionalcategory": {"system": "vacd", "security": "", "audit": ""},
    "evaluations.indicatorframework": {"system": "vacd", "security": "", "audit": ""},
    # report outlines: copied with 保存为新的 (add), edited while no report records them, never deleted
    "evaluations.reportoutline": {"system": "vac", "security": "", "audit": ""},
    "budgets.cataloguerename": {"system": "vacd", "security": "", "audit": ""},
    "departments.departmentmembership": {"system": "", "security": "vacd", "audit": "v"},
    "departments.reviewerscope": {"system": "", "security": "vacd", "audit": "v"},
    "departments.loginfailurecounter": {"system": "", "security": "v", "audit": "v"},
    "otp_totp.totpdevice": {"system": "", "security": "vd", "audit": "v"},
    "departments.auditevent": {"system": "", "security": "", "audit": "v"},
    # report data is changed in the app by its 填报人, never by an administrator role
    "evaluations.evaluation": {"system": "", "security": "", "audit": ""},
    "budgets.departmentbudget": {"system": "", "security": "", "audit": ""},
}


@pytest.fixture
def staff(demo):
    people = {}
    for role, group in ROLES.items():
        user = User.objects.create_user(f"{role}_admin", password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        people[role] = User.objects.get(pk=user.pk)  # fresh: no permission cache
    return people


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def model_admin(label):
    from django.apps import apps

    model = apps.get_model(label)
    return model, admin.site._registry[model]


@pytest.mark.parametrize("label", sorted(MATRIX))
def test_admin_permissions_of_each_role(label, staff):
    model, model_admin_ = model_admin(label)
    for role, user in staff.items():
        request = RequestFactory().get("/admin/")
        request.user = user
        can = {
            "v": model_admin_.has_view_permission(request),
            "a": model_admin_.has_add_permission(request),
            "c": model_admin_.has_change_permission(request),
            "d": model_admin_.has_delete_permission(request),
        }
        assert "".join(k for k, v in can.items() if v) == MATRIX[label][role], (label, role)
        opts = model._meta
        status = client_for(user).get(f"/admin/{opts.app_label}/{opts.model_name}/").status_code
        assert status == (200 if can["v"] else 403), (label, role)


def test_the_audit_administrator_changes_nothing(demo):
    codenames = Group.objects.get(name=AUDIT_ADMIN_GROUP).permissions.values_list("codename", flat=True)
    assert codenames and all(code.startswith("view_") for code in codenames)


def test_only_the_system_administrator_manages_accounts_and_resets_passwords(staff, demo):
    filler = User.objects.get(username="filler")
    url = f"/admin/auth/user/{filler.pk}/password/"
    assert client_for(staff["system"]).get(url).status_code == 200
    assert client_for(staff["security"]).get(url).status_code == 403
    assert client_for(staff["audit"]).get(url).status_code == 403
    assert client_for(staff["security"]).get("/admin/auth/user/add/").status_code == 403


def test_account_fields_and_role_fields_are_split_between_the_two(staff, demo):
    filler = User.objects.get(username="filler")
    url = f"/admin/auth/user/{filler.pk}/change/"
    system_page = client_for(staff["system"]).get(url).content.decode()
    assert 'name="username"' in system_page and 'name="is_active"' in system_page
    assert 'name="groups"' not in system_page and 'name="is_staff"' not in system_page
    security_page = client_for(staff["security"]).get(url).content.decode()
    assert 'name="groups"' in security_page and 'name="is_staff"' in security_page
    assert 'name="username"' not in security_page and 'name="is_active"' not in security_page
    for page in (system_page, security_page):
        assert 'name="is_superuser"' not in page  # only a superuser makes a superuser


def test_only_the_security_administrator_unlocks(staff, demo):
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "filler", "password": "wrong"})
    counter = LoginFailureCounter.objects.get()
    for role in ("system", "audit"):
        client_for(staff[role]).post(
            "/admin/departments/loginfailurecounter/", {"action": "unlock", "_selected_action": [counter.pk]}
        )
        assert LoginFailureCounter.objects.exists(), role
    client_for(staff["security"]).post(
        "/admin/departments/loginfailurecounter/", {"action": "unlock", "_selected_action": [counter.pk]}
    )
    assert not LoginFailureCounter.objects.exists()


def test_only_the_audit_administrator_reads_and_exports_the_audit(staff):
    for role, expected in (("system", 403), ("security", 403), ("audit", 200)):
        client = client_for(staff[role])
        assert client.get("/audit/").status_code == expected, role
        assert client.get("/audit/export.xlsx").status_code == expected, role
    assert "安全审计" in client_for(staff["audit"]).get("/audit/").content.decode()


def test_administrator_roles_see_no_report(staff, seed_evaluation):
    for user in staff.values():
        client = client_for(user)
        assert client.get(f"/reports/{seed_evaluation.pk}/").status_code == 403
        assert client.get("/reports/review/").status_code == 403


def test_the_system_administrator_copies_an_outline_and_records_a_catalogue_rename(staff, seed_evaluation):
    """The 年度准备 checklist sends the 系统管理员 to copy an outline (保存为新的) and to the catalogue
    copy, which applies the known renames: both are that role's, not the others'."""
    outline = seed_evaluation.outline
    copy_url = f"/admin/evaluations/reportoutline/{outline.pk}/copy/"
    for role in ("security", "audit"):
        assert client_for(staff[role]).get(copy_url).status_code == 403, role
    system = client_for(staff["system"])
    assert system.get(copy_url).status_code == 200
    region = seed_evaluation.department.region
    data = outline_data(outline, name="天心区2030提纲", region=region.pk, from_year=2030, _saveasnew="保存为新的")
    assert system.post(copy_url, data).status_code == 302
    copy = ReportOutline.objects.get(name="天心区2030提纲")
    assert (copy.region, copy.from_year, copy.entries.count()) == (region, 2030, outline.entries.count())

    for role in ("security", "audit"):
        assert client_for(staff[role]).get("/admin/budgets/cataloguerename/add/").status_code == 403, role
    copy_page = system.get("/admin/budgets/functionalcategory/copy-year/").content.decode()
    assert 'href="/admin/budgets/cataloguerename/"' in copy_page  # the renames the copy applies
    rename = {"code": "208", "from_year": 2030, "name": "社会保障和就业服务支出", "note": "2030年科目"}
    assert system.post("/admin/budgets/cataloguerename/add/", rename).status_code == 302
    assert CatalogueRename.objects.filter(code="208", from_year=2030).exists()
    FiscalYear.objects.create(year=2030)
    preview = system.post(
        "/admin/budgets/functionalcategory/copy-year/", {"from_year": 2018, "to_year": 2030, "preview": "预览"}
    ).content.decode()
    assert "<strong>社会保障和就业服务支出</strong>" in preview


@pytest.mark.django_db(transaction=True)
def test_the_migration_granting_outlines_and_renames_reverses(migrated_rows):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def system_codenames():
        group = Group.objects.get(name=SYSTEM_ADMIN_GROUP)
        return set(group.permissions.values_list("codename", flat=True))

    granted = {
        "view_reportoutline",
        "add_reportoutline",
        "change_reportoutline",
        "view_outlineentry",
        "add_outlineentry",
        "change_outlineentry",
        "view_cataloguerename",
        "add_cataloguerename",
        "change_cataloguerename",
        "delete_cataloguerename",
    }
    assert granted <= system_codenames() and "delete_reportoutline" not in system_codenames()
    before = system_codenames() - granted
    MigrationExecutor(connection).migrate([("departments", "0012_remove_working_role_groups")])
    assert system_codenames() == before  # the group as it was, nothing else taken
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("departments", "0013_year_setup_permissions")])
    assert system_codenames() == before | granted
