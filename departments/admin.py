from django.apps import apps as django_apps
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .admin_readonly import ReportDataReadOnly
from .audit import audit_security
from .login_throttle import AdminLoginForm
from .models import (
    AccountSecurity,
    AuditAction,
    AuditEvent,
    Department,
    DepartmentMembership,
    DepartmentProfile,
    FiscalYear,
    InternalDivision,
    LeadershipPost,
    LoginFailureCounter,
    Region,
    ReviewerScope,
    UserProfile,
)
from .session_security import password_change_required

admin.site.site_header = "部门整体支出绩效自评 · 管理后台"
admin.site.site_title = "绩效自评管理后台"
admin.site.index_title = "基础数据维护"
# The admin login goes through the same throttle and shows the same Chinese lockout message.
admin.site.login_form = AdminLoginForm
# Deletions one object at a time only: each is confirmed, logged and mirrored into the audit, and
# objects with history refuse it (deactivate them instead).
admin.site.disable_action("delete_selected")


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    """Each year is opened and closed on its own: several years may be open at once (a new unit
    fills last year's report too); closing one changes no other."""

    list_display = ["year", "is_open", "submission_deadline"]  # opened and closed by the actions below
    list_filter = ["is_open"]
    actions = ["open_years", "close_years"]

    def _set_open(self, request, queryset, is_open: bool):
        changed = [year for year in queryset if year.is_open != is_open]
        for year in changed:  # one save per year: each change goes through the signals and the audit
            year.is_open = is_open
            year.save(update_fields=["is_open"])
        names = "、".join(str(year) for year in changed) or "没有年度"
        self.message_user(request, f"已{'开放' if is_open else '关闭'}填报：{names}；其他年度不变。")

    @admin.action(description="开放所选年度的填报", permissions=["change"])
    def open_years(self, request, queryset):
        self._set_open(request, queryset, True)

    @admin.action(description="关闭所选年度的填报", permissions=["change"])
    def close_years(self, request, queryset):
        self._set_open(request, queryset, False)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code"]
    search_fields = ["name", "short_name", "code"]


class MembershipInline(admin.TabularInline):
    model = DepartmentMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "short_name", "region", "unit_nature", "funding_type", "is_active"]
    list_filter = ["region", "unit_nature", "funding_type", "is_active"]
    search_fields = ["code", "full_name", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # A department with reports or an audit trail is deactivated (启用 off), never deleted.
        if obj is not None and (obj.evaluations.exists() or obj.audit_events.exists()):
            return False
        return super().has_delete_permission(request, obj)


class LeadershipPostInline(ReportDataReadOnly, admin.TabularInline):
    model = LeadershipPost
    extra = 0


class InternalDivisionInline(ReportDataReadOnly, admin.TabularInline):
    model = InternalDivision
    extra = 0


@admin.register(DepartmentProfile)
class DepartmentProfileAdmin(ReportDataReadOnly, admin.ModelAdmin):
    list_display = ["department", "fiscal_year", "staff_quota", "staff_actual"]
    list_filter = ["fiscal_year", "department__region"]
    search_fields = ["department__full_name", "department__code"]
    list_select_related = ["department"]
    inlines = [LeadershipPostInline, InternalDivisionInline]


@admin.register(DepartmentMembership)
class DepartmentMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "department"]
    list_filter = ["department__region"]
    search_fields = ["user__username", "department__full_name"]
    list_select_related = ["user", "department"]
    autocomplete_fields = ["user", "department"]


@admin.register(ReviewerScope)
class ReviewerScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "region"]
    list_filter = ["region"]
    search_fields = ["user__username", "region__name"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["user"]


@admin.register(LoginFailureCounter)
class LoginFailureCounterAdmin(admin.ModelAdmin):
    """Who is locked out where. 解除锁定 deletes the count of the selected pairs (安全管理员)."""

    list_display = ["username", "ip_address", "failures", "last_failure_at", "state", "locked_until"]
    list_filter = ["last_failure_at"]
    search_fields = ["username", "ip_address"]
    readonly_fields = ["username", "ip_address", "failures", "last_failure_at"]
    actions = ["unlock"]

    @admin.display(description="状态")
    def state(self, obj):
        return "已锁定" if obj.is_locked else "未锁定"

    @admin.display(description="锁定至")
    def locked_until(self, obj):
        return timezone.localtime(obj.locked_until).strftime("%Y-%m-%d %H:%M") if obj.is_locked else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # unlocking is the 解除锁定 action, which records itself

    def has_unlock_permission(self, request):
        return request.user.has_perm("departments.delete_loginfailurecounter")

    @admin.action(description="解除锁定", permissions=["unlock"])
    def unlock(self, request, queryset):
        for counter in queryset:
            audit_security(
                AuditAction.UNLOCK,
                object_label=f"用户「{counter.username}」@ {counter.ip_address or '未知地址'}",
                old_value=f"连续失败 {counter.failures} 次",
            )
            counter.delete()
        messages.success(request, "已解除所选账号的登录锁定。")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only for everyone, superusers included: nobody adds, changes or deletes audit rows."""

    list_display = ["at", "action", "username", "ip_address", "department", "object_label", "field", "reason"]
    list_filter = ["action", "at"]
    search_fields = ["username", "ip_address", "object_label", "field", "reason"]
    date_hierarchy = "at"
    list_select_related = ["department"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- users: 系统管理员 manages accounts, 安全管理员 their roles ------------------------------------

User = get_user_model()
ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]
ROLE_FIELDS = ["is_staff", "groups", "user_permissions"]
PERMISSION_ACTIONS = {"add": "新增", "change": "修改", "delete": "删除", "view": "查看"}


def permission_label(permission) -> str:
    """「部门与账号 | 部门 | 可修改部门」 instead of Django's stored English 「Can change 部门」."""
    content_type = permission.content_type
    model = content_type.model_class()
    model_name = str(model._meta.verbose_name) if model is not None else content_type.model
    try:
        app = str(django_apps.get_app_config(content_type.app_label).verbose_name)
    except LookupError:
        app = content_type.app_label
    action = permission.codename.split("_", 1)[0]
    if action in PERMISSION_ACTIONS and permission.codename == f"{action}_{content_type.model}":
        text = f"可{PERMISSION_ACTIONS[action]}{model_name}"
    else:
        text = permission.name
    return f"{app} | {model_name} | {text}"


class ChinesePermissionsMixin:
    """The two-box permission picker of users and groups lists permissions in Chinese."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if field is not None and db_field.name in ("user_permissions", "permissions"):
            field.label_from_instance = permission_label
        return field


class AdminPasswordResetForm(AdminPasswordChangeForm):
    """A password set by an administrator is changed by its user at the next login."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit and user.has_usable_password():
            password_change_required(user)
        return user


class AccountSecurityInline(admin.StackedInline):
    model = AccountSecurity
    can_delete = False
    fields = ["must_change_password", "password_changed_at"]
    readonly_fields = ["password_changed_at"]
    verbose_name_plural = "账号安全"


class ProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    fields = ["phone"]
    verbose_name_plural = "联系方式"


class NotOnOwnAccount:
    """Nobody but a superuser changes their own grants: a 安全管理员 cannot give themselves more."""

    def _own(self, request, obj) -> bool:
        return obj is not None and obj.pk == request.user.pk and not request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._own(request, obj)


class FillerGrantInline(NotOnOwnAccount, admin.TabularInline):
    """填报人 of departments, on the user's page (the grant's own permissions: 安全管理员)."""

    model = DepartmentMembership
    fk_name = "user"
    extra = 0
    fields = ["department"]
    autocomplete_fields = ["department"]
    verbose_name = "填报部门"
    verbose_name_plural = "填报人：可填报的部门"


class ReviewerGrantInline(NotOnOwnAccount, admin.TabularInline):
    """审核人 of regions, on the user's page (the grant's own permissions: 安全管理员)."""

    model = ReviewerScope
    fk_name = "user"
    extra = 0
    fields = ["region"]
    verbose_name = "审核区域"
    verbose_name_plural = "审核人：审核的区域"


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(ChinesePermissionsMixin, DjangoUserAdmin):
    """One screen per person: account (系统管理员: 用户名, 姓名, 联系方式, 启用), roles and grants
    (安全管理员: groups, 填报部门, 审核区域), each part editable only by its role (三员分立)."""

    change_password_form = AdminPasswordResetForm
    list_display = ["username", "name_display", "is_active", "is_staff", "is_superuser", "last_login"]
    search_fields = ["username", "first_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "email")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "first_name", "usable_password", "password1", "password2")},
        ),
    )

    @admin.display(description="姓名", ordering="first_name")
    def name_display(self, obj):
        return obj.first_name or "—"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "first_name" in form.base_fields:
            form.base_fields["first_name"].label = "姓名"
            form.base_fields[
                "first_name"
            ].help_text = "页面、修改记录、审核信息和导出的表格中显示的名字；留空时显示用户名"
        return form

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return [ProfileInline, FillerGrantInline, ReviewerGrantInline, AccountSecurityInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined"]
        user = request.user
        if user.is_superuser:
            return readonly
        readonly.append("is_superuser")
        own = obj is not None and obj.pk == user.pk
        if own or not user.has_perm("departments.manage_roles"):
            readonly += ROLE_FIELDS  # nobody grants themselves more
        if not user.has_perm("departments.manage_accounts"):
            readonly += ACCOUNT_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            password_change_required(obj)

    def user_change_password(self, request, id, form_url=""):
        if not (request.user.is_superuser or request.user.has_perm("departments.manage_accounts")):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ChinesePermissionsMixin, DjangoGroupAdmin):
    pass
