from django.contrib import admin

from .models import DepartmentBudget, FunctionalCategory, FunctionalSpendingLine, ProjectLine, ThreePublicLine


@admin.register(FunctionalCategory)
class FunctionalCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "fiscal_year", "parent"]
    list_filter = ["fiscal_year", "level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class FunctionalSpendingLineInline(admin.TabularInline):
    model = FunctionalSpendingLine
    extra = 0
    autocomplete_fields = ["category"]


class ProjectLineInline(admin.StackedInline):
    model = ProjectLine
    extra = 0
    autocomplete_fields = ["category"]


class ThreePublicLineInline(admin.TabularInline):
    model = ThreePublicLine
    extra = 0


@admin.register(DepartmentBudget)
class DepartmentBudgetAdmin(admin.ModelAdmin):
    list_display = ["department", "fiscal_year", "basic_actual", "project_actual", "total_actual_display"]
    list_filter = ["fiscal_year", "department__region"]
    search_fields = ["department__full_name", "department__code"]
    list_select_related = ["department"]
    inlines = [FunctionalSpendingLineInline, ProjectLineInline, ThreePublicLineInline]
    fieldsets = [
        (None, {"fields": ["department", "fiscal_year"]}),
        ("年初部门预算", {"fields": [("basic_initial", "project_initial", "special_initial")]}),
        ("调整预算数", {"fields": [("basic_adjusted", "project_adjusted", "special_adjusted")]}),
        ("部门决算数", {"fields": [("basic_actual", "project_actual", "special_actual")]}),
        (
            "其中：资产购置支出",
            {"fields": [("asset_purchase_basic", "asset_purchase_project", "asset_purchase_special")]},
        ),
        (
            "公用经费",
            {
                "fields": [
                    ("public_funds_budget", "public_funds_actual"),
                    ("office_expense_budget", "office_expense_actual"),
                    ("utilities_travel_budget", "utilities_travel_actual"),
                    ("meeting_training_budget", "meeting_training_actual"),
                ]
            },
        ),
        ("政府采购与结转结余", {"fields": [("procurement_budget", "procurement_actual"), "carryover"]}),
        (
            "上年数（系统中没有上年度记录时）",
            {
                "fields": [
                    ("prior_project_actual", "prior_public_funds_actual"),
                    ("prior_office_expense_actual", "prior_utilities_travel_actual", "prior_meeting_training_actual"),
                    ("prior_procurement_actual", "prior_carryover", "prior_three_public_budget"),
                ]
            },
        ),
    ]

    @admin.display(description="决算·支出合计")
    def total_actual_display(self, obj):
        return obj.total_actual


@admin.register(ProjectLine)
class ProjectLineAdmin(admin.ModelAdmin):
    list_display = ["name", "budget", "category", "initial", "adjusted", "actual", "is_key"]
    list_filter = ["budget__fiscal_year", "is_key"]
    search_fields = ["name", "budget__department__full_name"]
    list_select_related = ["budget__department", "category"]
    autocomplete_fields = ["category"]
