"""等保 2.0 安全审计: logins, logouts, failed logins, downloads, admin changes and changes of rights are
recorded with who, when and from where; nobody can change or delete the record; it is kept at least
180 days; the 审计管理员 exports it to Excel with every text cell written as text."""

import io
from datetime import timedelta
from unittest import mock

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import ProtectedError
from django.test import Client
from django.utils import timezone

from departments.models import (
    AuditAction,
    AuditDeletionRefused,
    AuditEvent,
    Department,
    DepartmentMembership,
    Region,
)
from departments.roles import AUDIT_ADMIN_GROUP
from evaluations.workflow import evaluation_submit

pytestmark = pytest.mark.django_db
User = get_user_model()


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


def as_user(username, **extra) -> Client:
    client = Client(**extra)
    client.force_login(User.objects.get(username=username))
    return client


def at(moment):
    """Create audit rows as if written at ``moment`` (``at`` is set by the database layer on insert)."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- what is recorded ------------------------------------------------------------------------


def test_login_logout_and_failed_login_are_recorded_with_address(client, demo):
    client.post("/accounts/login/", {"username": "filler", "password": "nope"}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": "no-such-user", "password": "x"}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": "filler", "password": "tianxin2018"}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.3")
    filler = User.objects.get(username="filler")
    failed = events(AuditAction.LOGIN_FAILED)
    assert sorted(failed.values_list("username", flat=True)) == ["filler", "no-such-user"]
    assert set(failed.values_list("ip_address", flat=True)) == {"10.1.2.3"}
    assert failed.get(username="no-such-user").user is None
    login = events(AuditAction.LOGIN).get()
    assert (login.user, login.username, login.ip_address) == (filler, "filler", "10.1.2.3")
    assert events(AuditAction.LOGOUT).get().user == filler


@pytest.mark.parametrize(
    ("url", "username", "kind"),
    [
        ("/reports/{pk}/pdf/", "reviewer", "PDF"),
        ("/reports/{pk}/excel/", "filler", "Excel"),
        ("/evaluations/{pk}/import/template.xlsx", "filler", "Excel 导入模板"),
        ("/reports/summary.xlsx?year=2018", "reviewer", "Excel 汇总表"),
        ("/reports/review/pdfs.zip?year=2018", "reviewer", "PDF 压缩包"),
    ],
)
def test_every_download_is_recorded(url, username, kind, seed_evaluation, monkeypatch):
    from reports import rendering

    def render(evaluation, **options):
        return b"%PDF-1.7 test"

    monkeypatch.setattr(rendering, "render_report_pdf", render)
    monkeypatch.setattr("reports.archive.render_report_pdf", render)  # the zip renders drafts
    monkeypatch.setattr("reports.views.render_report_pdf", render)
    response = as_user(username, REMOTE_ADDR="10.9.8.7").get(url.format(pk=seed_evaluation.pk))
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content
    event = events(AuditAction.DOWNLOAD).get()
    assert event.field == kind and event.username == username and event.ip_address == "10.9.8.7"
    if "{pk}" in url:
        assert (event.department_id, event.fiscal_year_id) == (seed_evaluation.department_id, 2018)


def test_refused_download_is_not_recorded_as_a_download(seed_evaluation):
    response = as_user("filler2").get(f"/reports/{seed_evaluation.pk}/excel/")
    assert response.status_code == 404
    assert not events(AuditAction.DOWNLOAD).exists()


def test_admin_changes_are_mirrored_from_the_admin_log(demo):
    admin = as_user("admin")
    region = Region.objects.get()
    response = admin.post(
        f"/admin/departments/region/{region.pk}/change/",
        {"name": region.name, "short_name": "天心", "code": "430103"},
    )
    assert response.status_code == 302
    event = events(AuditAction.ADMIN).get()
    assert event.username == "admin" and region.name in event.object_label
    assert event.field == "修改" and "区域简称" in event.new_value


def test_changes_of_rights_are_recorded(demo):
    admin = as_user("admin")
    user = User.objects.get(username="filler2")
    group = Group.objects.create(name="财务股")
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()] + [group.pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2019-01-01",
        "date_joined_1": "00:00:00",
        "account_security-TOTAL_FORMS": "0",
        "account_security-INITIAL_FORMS": "0",
        "account_security-MIN_NUM_FORMS": "0",
        "account_security-MAX_NUM_FORMS": "1",
    }
    for prefix in ("profile", "department_memberships", "reviewer_scopes"):  # the page's other inlines, untouched
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"})
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    response = admin.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rights = events(AuditAction.PERMISSION, object_label="用户「filler2」")
    assert rights.filter(field="角色（用户组）", new_value="财务股", username="admin").exists()
    assert rights.filter(field="可登录管理后台", old_value="否", new_value="是").exists()

    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    assert events(AuditAction.PERMISSION, field="角色权限", object_label__contains="财务股").exists()
    group.user_set.remove(user)  # the other direction of the same relation
    assert events(AuditAction.PERMISSION, field="角色（用户组）", old_value="财务股").exists()

    membership = DepartmentMembership.objects.create(
        user=user, department=Department.objects.exclude(memberships__user=user).first()
    )
    membership.delete()
    assert events(AuditAction.PERMISSION, field="填报人", reason="授予").exists()
    assert events(AuditAction.PERMISSION, field="填报人", reason="撤销").exists()


def test_report_history_page_shows_data_changes_not_logins(client, clean_evaluation):
    filler = as_user("filler2")
    evaluation_submit(evaluation=clean_evaluation, user=User.objects.get(username="filler2"))
    page = filler.get(f"/reports/{clean_evaluation.pk}/history/").content.decode()
    assert "状态变更" in page and "登录" not in page.split("<tbody>")[1]


# --- nobody can change or delete the record ----------------------------------------------------


@pytest.fixture
def some_events(demo):
    Client().post("/accounts/login/", {"username": "filler", "password": "nope"})
    as_user("filler")
    return AuditEvent.objects.all()


def test_audit_rows_cannot_be_deleted_or_changed_in_code(some_events):
    event = some_events.first()
    with pytest.raises(AuditDeletionRefused):
        some_events.delete()
    with pytest.raises(AuditDeletionRefused):
        event.delete()
    with pytest.raises(AuditDeletionRefused):
        some_events.update(reason="")
    event.reason = "改过"
    with pytest.raises(AuditDeletionRefused):
        event.save()
    assert AuditEvent.objects.filter(pk=event.pk).exclude(reason="改过").exists()


def test_not_even_a_superuser_deletes_or_changes_audit_rows_in_admin(some_events):
    admin = as_user("admin")
    event = some_events.first()
    assert admin.get("/admin/departments/auditevent/").status_code == 200
    assert admin.get(f"/admin/departments/auditevent/{event.pk}/change/").status_code == 200  # read only
    assert admin.get(f"/admin/departments/auditevent/{event.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/departments/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/departments/auditevent/add/").status_code == 403
    admin.post(f"/admin/departments/auditevent/{event.pk}/change/", {"reason": "改过"})
    assert AuditEvent.objects.get(pk=event.pk).reason != "改过"
    changelist = admin.get("/admin/departments/auditevent/").content.decode()
    assert "delete_selected" not in changelist


def test_departments_and_reports_with_history_are_deactivated_not_deleted(clean_evaluation):
    evaluation_submit(evaluation=clean_evaluation, user=User.objects.get(username="filler2"))
    department = clean_evaluation.department
    admin = as_user("admin")
    assert admin.get(f"/admin/departments/department/{department.pk}/delete/").status_code == 403
    assert admin.get(f"/admin/evaluations/evaluation/{clean_evaluation.pk}/delete/").status_code == 403
    with pytest.raises(ProtectedError):
        department.delete()
    # what remains possible: 启用 off
    page = admin.get(f"/admin/departments/department/{department.pk}/change/").content.decode()
    assert 'name="is_active"' in page


def test_a_user_with_an_audit_trail_cannot_be_deleted(demo):
    as_user("filler2")  # a login: the user is now in the audit
    with pytest.raises(ProtectedError):
        User.objects.get(username="filler2").delete()


# --- retention ---------------------------------------------------------------------------------


def test_failed_logins_are_kept_not_purged_after_an_hour(client, demo):
    with at(timezone.now() - timedelta(hours=3)):
        client.post("/accounts/login/", {"username": "filler", "password": "nope"})
    client.post("/accounts/login/", {"username": "filler", "password": "nope"})
    assert events(AuditAction.LOGIN_FAILED).count() == 2


def test_prune_audit_never_keeps_less_than_180_days(demo):
    with pytest.raises(CommandError) as refused:
        call_command("prune_audit", "--days", "179", stdout=io.StringIO())
    assert refused.value.returncode == 2 and "不得少于 180 天" in str(refused.value)


def test_prune_audit_removes_old_security_rows_and_keeps_report_history(clean_evaluation, settings):
    now = timezone.now()
    with at(now - timedelta(days=200)):
        Client().post("/accounts/login/", {"username": "filler", "password": "nope"})
        # report history, never pruned
        evaluation_submit(evaluation=clean_evaluation, user=User.objects.get(username="filler2"))
    with at(now - timedelta(days=170)):
        Client().post("/accounts/login/", {"username": "filler", "password": "nope"})
    out = io.StringIO()
    call_command("prune_audit", "--dry-run", stdout=out)
    assert "将删除 1 条" in out.getvalue()
    assert events(AuditAction.LOGIN_FAILED).count() == 2
    call_command("prune_audit", stdout=out)
    assert events(AuditAction.LOGIN_FAILED).count() == 1
    assert events(AuditAction.TRANSITION).exists()
    settings.AUDIT_RETENTION_DAYS = 90  # a misconfigured retention is refused as well
    with pytest.raises(CommandError):
        call_command("prune_audit", stdout=out)


# --- the auditor's page and export ---------------------------------------------------------------


@pytest.fixture
def auditor(demo):
    user = User.objects.create_user("auditor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=AUDIT_ADMIN_GROUP))
    return as_user("auditor")


def test_auditor_reads_and_exports_the_audit_with_text_cells_as_text(auditor, demo):
    hostile = '=HYPERLINK("http://evil.example/","点我")'
    Client().post("/accounts/login/", {"username": hostile, "password": "x"}, REMOTE_ADDR="10.0.0.9")
    Client().post("/accounts/login/", {"username": "+1-2\x07", "password": "x"}, REMOTE_ADDR="10.0.0.9")
    page = auditor.get("/audit/", {"action": "login_failed"})
    assert page.status_code == 200
    assert "HYPERLINK" in page.content.decode() and "安全审计记录" in page.content.decode()

    response = auditor.get("/audit/export.xlsx", {"action": "login_failed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    cells = {row[2].value: row[2] for row in rows}
    assert cells[hostile].data_type == "s"  # a string, not a formula
    assert "+1-2\\x07" in cells and cells["+1-2\\x07"].data_type == "s"
    assert {row[3].value for row in rows} == {"10.0.0.9"}
    assert all(row[3].number_format == "@" for row in rows)
    # the export itself is recorded
    assert events(AuditAction.DOWNLOAD, username="auditor", object_label__contains="审计记录导出").exists()


def test_audit_export_filters_by_date(auditor):
    with at(timezone.now() - timedelta(days=40)):
        Client().post("/accounts/login/", {"username": "old", "password": "x"})
    Client().post("/accounts/login/", {"username": "new", "password": "x"})
    response = auditor.get("/audit/export.xlsx", {"action": "login_failed"})  # default: the last 30 days
    names = [row[2].value for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    assert names == ["new"]
    start = (timezone.localdate() - timedelta(days=60)).isoformat()
    response = auditor.get("/audit/export.xlsx", {"action": "login_failed", "date_from": start})
    names = [row[2].value for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    assert names == ["old", "new"]


def test_only_auditors_and_superusers_see_the_audit(demo):
    for username in ("filler", "reviewer"):
        assert as_user(username).get("/audit/").status_code == 403
        assert as_user(username).get("/audit/export.xlsx").status_code == 403
    assert as_user("admin").get("/audit/").status_code == 200
