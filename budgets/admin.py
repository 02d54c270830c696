from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from departments.admin_readonly import ReportDataReadOnly
from departments.models import FiscalYear

from .catalogue import EXISTS, catalogue_copy, catalogue_copy_plan, plan_fingerprint
from .fields import ASSET_ROW_LABEL, BASIC_DATA_ROW_LABELS, BUDGET_PARTS, STAGE_LABELS
from .models import (
    CatalogueRename,
    DepartmentBudget,
    FunctionalCategory,
    FunctionalSpendingLine,
    ProjectLine,
    ThreePublicLine,
)


class CatalogueCopyForm(forms.Form):
    from_year = forms.TypedChoiceField(label="复制哪一年度的科目", coerce=int)
    to_year = forms.TypedChoiceField(label="复制到年度", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_catalogue = sorted(set(FunctionalCategory.objects.values_list("fiscal_year_id", flat=True)), reverse=True)
        self.fields["from_year"].choices = [(year, f"{year}年度") for year in with_catalogue]
        self.fields["to_year"].choices = [(y.year, str(y)) for y in FiscalYear.objects.order_by("-year")]
        if with_catalogue and not self.is_bound:
            self.initial.setdefault("from_year", with_catalogue[0])
            self.initial.setdefault("to_year", with_catalogue[0] + 1)


@admin.register(FunctionalCategory)
class FunctionalCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "fiscal_year", "parent"]
    list_filter = ["fiscal_year", "level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    change_list_template = "admin/budgets/functionalcategory/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.copy_year_view)
        return [path("copy-year/", view, name="budgets_functionalcategory_copy_year"), *super().get_urls()]

    def copy_year_view(self, request):
        """复制上年度科目: choose the years, see every row the copy adds (renames marked), confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CatalogueCopyForm(request.POST or None)
        rows, fingerprint = None, ""
        if request.method == "POST" and form.is_valid():
            from_year, to_year = form.cleaned_data["from_year"], form.cleaned_data["to_year"]
            try:
                if "confirm" in request.POST:
                    added = catalogue_copy(
                        from_year=from_year, to_year=to_year, fingerprint=request.POST.get("fingerprint", "")
                    )
                    renamed = sum(row.status != "add" for row in added)
                    self.message_user(
                        request,
                        f"已把{from_year}年度的科目复制到{to_year}年度：新增 {len(added)} 个科目，其中更名 {renamed} 个。",
                        messages.SUCCESS,
                    )
                    url = reverse("admin:budgets_functionalcategory_changelist")
                    return redirect(f"{url}?fiscal_year__year__exact={to_year}")
                rows = catalogue_copy_plan(from_year=from_year, to_year=to_year)
                fingerprint = plan_fingerprint(rows)
            except ValidationError as error:
                form.add_error(None, error)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "复制上年度支出功能分类科目",
            "form": form,
            "rows": rows,
            "fingerprint": fingerprint,
            "adding": [row for row in rows or [] if row.status != EXISTS],
            "renamed": [row for row in rows or [] if row.status == "rename"],
        }
        return TemplateResponse(request, "admin/budgets/functionalcategory/copy_year.html", context)


@admin.register(CatalogueRename)
class CatalogueRenameAdmin(admin.ModelAdmin):
    list_display = ["code", "from_year", "name", "note"]
    search_fields = ["code", "name"]


class FunctionalSpendingLineInline(ReportDataReadOnly, admin.TabularInline):
    model = FunctionalSpendingLine
    extra = 0
    autocomplete_fields = ["category"]


class ProjectLineInline(ReportDataReadOnly, admin.StackedInline):
    model = ProjectLine
    extra = 0
    autocomplete_fields = ["category"]


class ThreePublicLineInline(ReportDataReadOnly, admin.TabularInline):
    model = ThreePublicLine
    extra = 0


@admin.register(DepartmentBudget)
class DepartmentBudgetAdmin(ReportDataReadOnly, admin.ModelAdmin):
    list_display = ["department", "fiscal_year", "basic_actual", "project_actual", "total_actual_display"]
    list_filter = ["fiscal_year", "department__region"]
    search_fields = ["department__full_name", "department__code"]
    list_select_related = ["department"]
    inlines = [FunctionalSpendingLineInline, ProjectLineInline, ThreePublicLineInline]
    fieldsets = [
        (None, {"fields": ["department", "fiscal_year"]}),
        *(
            (label, {"fields": [tuple(f"{part}_{stage}" for part in BUDGET_PARTS)]})
            for stage, label in STAGE_LABELS.items()
        ),
        (ASSET_ROW_LABEL, {"fields": [tuple(f"asset_purchase_{part}" for part in BUDGET_PARTS)]}),
        (
            BASIC_DATA_ROW_LABELS["public_funds"],
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
class ProjectLineAdmin(ReportDataReadOnly, admin.ModelAdmin):
    list_display = ["name", "budget", "category", "initial", "adjusted", "actual", "is_key"]
    list_filter = ["budget__fiscal_year", "is_key"]
    search_fields = ["name", "budget__department__full_name"]
    list_select_related = ["budget__department", "category"]
    autocomplete_fields = ["category"]
