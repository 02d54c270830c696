"""Admin for indicator frameworks: editable reference data, read-only once used by a submitted report."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html_join

from .models import ACTIVE_WEIGHTS_MESSAGE, LOCKED_MESSAGE, Indicator, IndicatorFramework
from .services import framework_activate, framework_copy, framework_deactivate

JSON_WIDGET = {models.JSONField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 36})}}


def _locked(obj) -> bool:
    framework = obj if isinstance(obj, IndicatorFramework) else getattr(obj, "framework", None)
    return framework is not None and framework.is_locked()


class ActiveWeightsFormSet(forms.BaseInlineFormSet):
    """An active framework keeps its weights adding up: a change that breaks them is refused at once
    (deactivate the version first to restructure it)."""

    def clean(self):
        super().clean()
        framework = self.instance
        if framework.pk is None or not framework.is_active or any(form.errors for form in self.forms):
            return
        kept = {}
        for form in self.forms:
            if not getattr(form, "cleaned_data", None):
                continue
            if form.cleaned_data.get("DELETE"):
                kept[form.instance.pk] = None
            else:
                kept[form.instance.pk or id(form)] = form.instance
        indicators = [kept.get(i.pk, i) if i.pk in kept else i for i in framework.indicators.all()]
        indicators = [i for i in indicators if i is not None]
        indicators += [i for key, i in kept.items() if i is not None and i.pk is None]
        problems = framework.weight_problems(indicators)
        if problems:
            raise ValidationError(ACTIVE_WEIGHTS_MESSAGE + "；".join(problems) + "。如需调整结构，请先停用该版本。")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    formset = ActiveWeightsFormSet
    extra = 0
    fk_name = "framework"
    show_change_link = True
    formfield_overrides = JSON_WIDGET
    fields = ["parent", "order", "name", "weight", "computation", "computation_params", "rule_shape", "rule_params"]

    def get_formset(self, request, obj=None, **kwargs):
        self._framework = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            framework = getattr(self, "_framework", None)
            kwargs["queryset"] = (
                Indicator.objects.filter(framework=framework) if framework else Indicator.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _locked(obj)


@admin.register(IndicatorFramework)
class IndicatorFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "from_year", "is_active", "locked_display", "problems_display"]
    list_filter = ["region", "from_year", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["is_active", "locked_display", "problems_display", "created_at", "updated_at"]
    fields = [
        "name",
        "region",
        "from_year",
        "description",
        "total_caps",
        "is_active",
        "locked_display",
        "problems_display",
    ]
    inlines = [IndicatorInline]
    actions = ["copy_as_new_version", "activate", "deactivate"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.is_active = False  # a new version scores no report until its weights add up and it is activated
        super().save_model(request, obj, form, change)

    @admin.action(description="启用（各级权重合计正确才能启用）")
    def activate(self, request, queryset):
        for framework in queryset:
            try:
                framework_activate(framework=framework)
            except ValidationError as error:
                self.message_user(request, "；".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"已启用“{framework}”。", messages.SUCCESS)

    @admin.action(description="停用")
    def deactivate(self, request, queryset):
        for framework in queryset:
            framework_deactivate(framework=framework)
            self.message_user(request, f"已停用“{framework}”：尚未确定指标体系的报告不再使用它。", messages.SUCCESS)

    @admin.display(description="状态")
    def locked_display(self, obj):
        return "已锁定（已被提交或审核的报告使用）" if obj.pk and obj.is_locked() else "可修改"

    @admin.display(description="权重检查")
    def problems_display(self, obj):
        if not obj.pk:
            return "—"
        problems = obj.weight_problems()
        return format_html_join("\n", "<div>{}</div>", ((p,) for p in problems)) if problems else "各级权重合计正确"

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _locked(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_locked():
            self.message_user(request, LOCKED_MESSAGE, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="复制为新版本（可修改）")
    def copy_as_new_version(self, request, queryset):
        for framework in queryset:
            try:
                copy = framework_copy(framework=framework)
            except ValidationError as error:
                self.message_user(request, f"“{framework}”复制失败：{'；'.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, f"已复制为“{copy}”（未启用），请修改起用年度和权重，再用“启用”操作启用。", messages.SUCCESS
                )


class IndicatorForm(forms.ModelForm):
    """One indicator edited alone: an active framework's weights must still add up afterwards."""

    class Meta:
        model = Indicator
        fields = [
            "framework",
            "parent",
            "order",
            "name",
            "weight",
            "explanation",
            "computation",
            "computation_params",
            "rule_shape",
            "rule_params",
        ]

    def _post_clean(self):
        super()._post_clean()
        indicator = self.instance
        framework = indicator.framework if indicator.framework_id else None
        if framework is None or not framework.is_active or self.errors:
            return
        others = [i for i in framework.indicators.all() if i.pk != indicator.pk]
        problems = framework.weight_problems([*others, indicator])
        if problems:
            self.add_error(None, ACTIVE_WEIGHTS_MESSAGE + "；".join(problems) + "。如需调整结构，请先停用该版本。")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    list_display = ["name", "framework", "parent", "weight", "computation", "rule_shape"]
    list_filter = ["framework", "rule_shape"]
    search_fields = ["name"]
    list_select_related = ["framework", "parent"]
    formfield_overrides = {models.JSONField: {"widget": forms.Textarea(attrs={"rows": 6, "cols": 80})}}
    fields = [
        "framework",
        "parent",
        "order",
        "name",
        "weight",
        "explanation",
        "computation",
        "computation_params",
        "rule_shape",
        "rule_params",
        "criteria_display",
    ]
    readonly_fields = ["criteria_display"]

    @admin.display(description="评分标准（按参数生成）")
    def criteria_display(self, obj):
        return obj.criteria if obj.pk else "—"

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _locked(obj)
