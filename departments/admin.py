from django.contrib import admin

from .admin_readonly import ReportDataReadOnly
from .models import (
    Department,
    DepartmentMembership,
    DepartmentProfile,
    FailedLogin,
    FiscalYear,
    InternalDivision,
    LeadershipPost,
    Region,
    ReviewerScope,
)

admin.site.site_header = "部门整体支出绩效自评 · 管理后台"
admin.site.site_title = "绩效自评管理后台"
admin.site.index_title = "基础数据维护"


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year", "is_open"]
    list_filter = ["is_open"]


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


@admin.register(FailedLogin)
class FailedLoginAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "attempted_at"]
    list_filter = ["attempted_at"]
    search_fields = ["username", "ip_address"]
    readonly_fields = ["username", "ip_address", "attempted_at"]

    # A log written by the login form only: administrators read it (and may delete to unlock).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
