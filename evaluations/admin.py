from django.contrib import admin

from departments.admin_readonly import ReportDataReadOnly
from departments.models import AuditEvent

from .models import Evaluation, KeyWorkItem, PerformanceGoal


class KeyWorkItemInline(ReportDataReadOnly, admin.TabularInline):
    model = KeyWorkItem
    extra = 0


class PerformanceGoalInline(ReportDataReadOnly, admin.TabularInline):
    model = PerformanceGoal
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(ReportDataReadOnly, admin.ModelAdmin):
    list_display = ["department", "fiscal_year", "status", "updated_at"]
    list_filter = ["fiscal_year", "status", "department__region"]
    search_fields = ["department__full_name", "department__code"]
    list_select_related = ["department"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [KeyWorkItemInline, PerformanceGoalInline]
    fieldsets = [
        (None, {"fields": ["department", "fiscal_year", "status", ("created_at", "updated_at")]}),
        (
            "一、部门概况",
            {"fields": ["profile_summary_override", "key_work_intro_override", "spending_summary_override"]},
        ),
        (
            "二、部门整体支出管理及使用情况",
            {"fields": ["variance_analysis_override", "project_fund_management", "project_implementation_override"]},
        ),
        ("三、部门整体支出绩效情况", {"fields": ["goal_rationality_analysis", "output_analysis"]}),
        ("四、存在的主要问题及改进措施或有关建议", {"fields": ["problems_and_measures"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # A report with history (status changes or recorded edits) is kept: it is returned or
        # reopened, and its department deactivated if need be, never deleted.
        if obj is not None and (
            obj.transitions.exists()
            or AuditEvent.objects.filter(department_id=obj.department_id, fiscal_year_id=obj.fiscal_year_id).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)

# Indicator frameworks (评分指标体系) and their indicators.
from .outlines import admin as outlines_admin  # noqa: E402, F401
from .scoring import admin as scoring_admin  # noqa: E402, F401
