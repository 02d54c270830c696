"""Forms of the 填报人's pages that are not a section (each section's forms live in its module
under ``evaluations.sections``)."""

from django import forms

# ---------------------------------------------------------------- starting a year


class EvaluationStartForm(forms.Form):
    department = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, required=False)  # absent: the latest open year
    copy_previous = forms.BooleanField(
        label="复制上年度的部门概况、列表和文字内容（不复制金额等数字）",
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
