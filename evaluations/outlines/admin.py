"""Outlines in Django admin: edit headings and order inline; "保存为新的" copies an outline with
its sections to another region or year."""

from django import forms
from django.contrib import admin

from ..sections import section_choices
from .models import OutlineEntry, ReportOutline


class OutlineEntryForm(forms.ModelForm):
    section = forms.ChoiceField(label="章节", choices=section_choices)

    class Meta:
        model = OutlineEntry
        fields = ("order", "section", "number", "title", "heading", "level", "group_heading")


class OutlineEntryInline(admin.TabularInline):
    model = OutlineEntry
    form = OutlineEntryForm
    extra = 0


@admin.register(ReportOutline)
class ReportOutlineAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "from_year", "active", "report_count")
    list_filter = ("active", "region")
    inlines = [OutlineEntryInline]
    save_as = True  # "保存为新的": copy to a region and year, then edit
    save_as_continue = True

    @admin.display(description="使用中的报告数")
    def report_count(self, outline):
        return outline.evaluations.count()
