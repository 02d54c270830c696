"""Admin for indicator frameworks: editable reference data, read-only once used by a submitted report.

No JSON is shown: an indicator's computation parameters and scoring rule are labelled fields and
rows (``rule_forms``), with the rule in words as a live preview; a framework's 总分上限 likewise.
A copy (复制到地区/年度) is inactive; 启用 is refused while the weights do not add up.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_POST

from departments.models import Region

from .frameworks import framework_weight_problems
from .models import LOCKED_MESSAGE, Indicator, IndicatorFramework
from .rule_forms import PARAM_LABELS, FrameworkForm, IndicatorForm, IndicatorRowForm, param_field_name
from .services import framework_activate, framework_copy, framework_deactivate


def _locked(obj) -> bool:
    framework = obj if isinstance(obj, IndicatorFramework) else getattr(obj, "framework", None)
    return framework is not None and framework.is_locked()


ACTIVE_WEIGHTS_MESSAGE = "该版本已启用，修改后各级权重须仍然合计正确："


class ActiveWeightsFormSet(forms.BaseInlineFormSet):
    """An active framework keeps its weights adding up: a change that breaks them is refused at once
    (deactivate the version first to restructure it)."""

    def clean(self):
        super().clean()
        framework = self.instance
        if framework.pk is None or not framework.active or any(form.errors for form in self.forms):
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
    """The tree and the weights on one page; each indicator's rule on its own page (修改)."""

    model = Indicator
    form = IndicatorRowForm
    formset = ActiveWeightsFormSet
    extra = 0
    fk_name = "framework"
    show_change_link = True
    fields = ["parent", "order", "name", "weight", "rule_display"]
    readonly_fields = ["rule_display"]
    verbose_name_plural = "指标（权重在此修改；计算公式和评分方式点“修改”）"

    @admin.display(description="计算公式 / 评分标准")
    def rule_display(self, obj):
        if not obj.pk or not obj.rule_shape:
            return "—（一级、二级指标汇总下级）" if obj.pk else "—"
        return f"{obj.get_computation_display()}：{obj.criteria}"

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


class CopyForm(forms.Form):
    region = forms.ModelChoiceField(
        label="复制到区域",
        queryset=Region.objects.all(),
        error_messages={"required": "请选择区域：复制出的指标体系只适用于一个区域，不会成为默认版本。"},
    )
    from_year = forms.IntegerField(
        label="起用年度",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "请填写起用年度。",
            "invalid": "起用年度须是四位数的年份。",
            "min_value": "起用年度不能早于2000年。",
            "max_value": "起用年度不能晚于2100年。",
        },
    )


@admin.register(IndicatorFramework)
class IndicatorFrameworkAdmin(admin.ModelAdmin):
    form = FrameworkForm
    change_form_template = "admin/evaluations/indicatorframework/change_form.html"
    list_display = ["name", "region", "from_year", "active", "locked_display", "problems_display"]
    list_filter = ["active", "region", "from_year"]
    search_fields = ["name"]
    readonly_fields = ["active_display", "locked_display", "problems_display"]
    fields = [
        "name",
        "region",
        "from_year",
        "description",
        "cap_computation",
        "active_display",
        "locked_display",
        "problems_display",
    ]
    inlines = [IndicatorInline]
    actions = ["copy_to_region", "activate", "deactivate"]

    @admin.display(description="启用")
    def active_display(self, obj):
        if not obj.pk:
            return "新建的版本未启用：各级权重合计正确后，在列表中选中它并执行“启用”。"
        return "已启用" if obj.active else "未启用（在列表中选中它并执行“启用”）"

    @admin.display(description="状态")
    def locked_display(self, obj):
        return "已锁定（已被提交或审核的报告使用）" if obj.pk and obj.is_locked() else "可修改"

    @admin.display(description="权重检查")
    def problems_display(self, obj):
        if not obj.pk:
            return "—"
        problems = framework_weight_problems(obj)
        return format_html_join("\n", "<div>{}</div>", ((p,) for p in problems)) if problems else "各级权重合计正确"

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _locked(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.active = False  # a new version scores nothing until its weights are right and it is activated
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_locked():
            self.message_user(request, LOCKED_MESSAGE, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view(self.copy_view)
        return [
            path("<int:pk>/copy/", view, name="evaluations_indicatorframework_copy"),
            *super().get_urls(),
        ]

    @admin.action(description="复制到地区/年度（复制出的版本未启用）", permissions=["add"])
    def copy_to_region(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "请只选择一个要复制的指标体系。", messages.ERROR)
            return None
        return redirect("admin:evaluations_indicatorframework_copy", pk=queryset.get().pk)

    def copy_view(self, request, pk: int):
        """复制到地区/年度: the region and from-year of the copy; the copy is created inactive."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        framework = get_object_or_404(IndicatorFramework, pk=pk)
        form = CopyForm(
            request.POST or None, initial={"region": framework.region_id, "from_year": framework.from_year + 1}
        )
        if request.method == "POST" and form.is_valid():
            try:
                copy = framework_copy(
                    framework=framework,
                    region=form.cleaned_data["region"],
                    from_year=form.cleaned_data["from_year"],
                    user=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    f"已复制为“{copy}”（未启用）。请检查权重和评分方式，然后在列表中选中它并执行“启用”。",
                    messages.SUCCESS,
                )
                return redirect("admin:evaluations_indicatorframework_change", copy.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"复制“{framework}”到地区/年度",
            "framework": framework,
            "form": form,
        }
        return TemplateResponse(request, "admin/evaluations/indicatorframework/copy.html", context)

    @admin.action(description="启用（各级权重合计须正确）", permissions=["change"])
    def activate(self, request, queryset):
        for framework in queryset:
            try:
                framework_activate(framework=framework, user=request.user)
            except ValidationError as error:
                self.message_user(request, "；".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"已启用“{framework}”。", messages.SUCCESS)

    @admin.action(description="停用（已使用它的报告不变）", permissions=["change"])
    def deactivate(self, request, queryset):
        for framework in queryset:
            framework_deactivate(framework=framework, user=request.user)
            self.message_user(request, f"已停用“{framework}”。", messages.SUCCESS)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    change_form_template = "admin/evaluations/indicator/change_form.html"
    list_display = ["name", "framework", "parent", "weight", "computation", "rule_shape"]
    list_filter = ["framework", "rule_shape"]
    search_fields = ["name"]
    list_select_related = ["framework", "parent"]

    def get_fieldsets(self, request, obj=None):
        param_fields = [param_field_name(computation, name) for computation, name in PARAM_LABELS]
        return [
            (None, {"fields": ["framework", "parent", "order", "name", "weight", "explanation"]}),
            ("计算公式", {"fields": ["computation", *param_fields]}),
            (
                "评分方式",
                {
                    "fields": ["rule_shape"],
                    "description": "选择评分方式后填写对应的参数；分档计分的各档填在下面的表中。",
                },
            ),
            (
                "阈值扣分的参数",
                {"fields": list(IndicatorForm.SHAPE_FIELDS["threshold"]), "classes": ["shape-threshold"]},
            ),
            ("整档扣分的参数", {"fields": list(IndicatorForm.SHAPE_FIELDS["steps"]), "classes": ["shape-steps"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The fieldsets name the per-computation fields the form adds itself; the model fields are these.
        kwargs["fields"] = IndicatorForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", view, name="evaluations_indicator_preview"), *super().get_urls()]

    def preview_view(self, request):
        """The rule in words for what is typed so far (the page's live preview); writes nothing."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        form = IndicatorForm(request.POST, instance=Indicator())
        form.is_valid()
        rule_fields = {
            "weight",
            "rule_shape",
            *IndicatorForm.SHAPE_FIELDS["threshold"],
            *IndicatorForm.SHAPE_FIELDS["steps"],
        }
        errors = [str(message) for field in rule_fields for message in form.errors.get(field, [])]
        if form.bands.is_bound and not form.bands.is_valid():
            errors += [str(m) for band in form.bands.errors for messages_ in band.values() for m in messages_]
        errors += [str(m) for m in form.non_field_errors()]
        text = "" if errors else form.description
        return JsonResponse({"text": text, "errors": errors})

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _locked(obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["preview_url"] = reverse("admin:evaluations_indicator_preview")
        return super().render_change_form(request, context, add, change, form_url, obj)
