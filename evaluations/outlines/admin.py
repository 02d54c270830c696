"""Outlines in Django admin: edit headings and order inline; "保存为新的" copies an outline with
its sections to another region or year.

An outline a report records is read-only: a report keeps the outline it was started with, so
changing it would reshape reports under way. Its page offers “另存为新的提纲” instead: the same
form, editable, whose only button is 保存为新的 (the outline itself never changes)."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from ..sections import section_choices
from .models import OutlineEntry, ReportOutline


def reports_using(outline) -> int:
    return outline.evaluations.count() if outline is not None and outline.pk else 0


def copying(request) -> bool:
    """The page “另存为新的提纲” shows: the used outline's form, editable, to be saved as a new one."""
    return request.method == "GET" and getattr(request, "outline_copy", False)


def editable(request, outline) -> bool:
    """Unused outlines are edited; a used one only shows its form to be saved as a new one."""
    return outline is None or copying(request) or not reports_using(outline)


class OutlineEntryForm(forms.ModelForm):
    section = forms.ChoiceField(label="章节", choices=section_choices)

    class Meta:
        model = OutlineEntry
        fields = ("order", "section", "number", "title", "heading", "level", "group_heading")


class OutlineEntryInline(admin.TabularInline):
    model = OutlineEntry
    form = OutlineEntryForm
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and editable(request, obj)


@admin.register(ReportOutline)
class ReportOutlineAdmin(admin.ModelAdmin):
    change_form_template = "admin/evaluations/reportoutline/change_form.html"
    list_display = ("name", "region", "from_year", "active", "report_count")
    list_filter = ("active", "region")
    inlines = [OutlineEntryInline]
    save_as = True  # "保存为新的": copy to a region and year, then edit
    save_as_continue = True

    @admin.display(description="使用中的报告数")
    def report_count(self, outline):
        return outline.evaluations.count()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not reports_using(obj)

    def get_urls(self):
        copy = self.admin_site.admin_view(self.copy_view)
        return [path("<path:object_id>/copy/", copy, name="evaluations_reportoutline_copy"), *super().get_urls()]

    def copy_view(self, request, object_id):
        request.outline_copy = True
        return self.change_view(request, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        outline = self.get_object(request, object_id)
        used = reports_using(outline)
        copying_now = getattr(request, "outline_copy", False)
        if not used:
            if copying_now:  # nothing to protect: the outline itself is edited
                return redirect("admin:evaluations_reportoutline_change", object_id)
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and "_saveasnew" not in request.POST:
            self.message_user(
                request,
                f"未保存：该提纲已被 {used} 份报告使用，不能修改。请用“另存为新的提纲”保存为新的提纲。",
                messages.ERROR,
            )
            return redirect("admin:evaluations_reportoutline_change", object_id)
        copy_url = reverse("admin:evaluations_reportoutline_copy", args=[outline.pk])
        if not copying_now:
            self.message_user(
                request,
                format_html(
                    "该提纲已被 {} 份报告使用，不能修改：报告保留开始填报时的提纲，修改会改变填报中的报告。"
                    '如需调整，请<a href="{}">另存为新的提纲</a>：改名称、区域或起用年度，调整标题和顺序后点“保存为新的”。',
                    used,
                    copy_url,
                ),
                messages.WARNING,
            )
        context = {
            "outline_in_use": used,
            "outline_copy_url": copy_url,
            "outline_copying": copying_now,
            **({"title": "另存为新的提纲"} if copying_now else {}),
            # only 保存为新的 stays: the outline itself is never saved or deleted here
            "show_save": False,
            "show_save_and_continue": False,
            "show_delete": False,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)
