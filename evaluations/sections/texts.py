"""Forms for the report's own texts (narratives, overrides of drafted sentences, goals, key work),
shared by the section modules. Labels are the model fields' verbose names (the report's terms)."""

from django import forms

from departments.forms import RowForm, RowFormSet, SectionForm, row_formset, text_area
from departments.text_limits import limit_text, model_limit

from ..models import Evaluation, KeyWorkItem, PerformanceGoal

OVERRIDE_HELP = "留空则报告使用上面的草拟文字；填写后报告改用您的文字。"


def evaluation_text(name: str, *, rows: int = 5, help_text: str = "") -> forms.CharField:
    """A text field labelled with the model's own verbose name and limited as the model is.
    Required-ness comes from the section's requirements (``Section.apply_required``)."""
    model_field = Evaluation._meta.get_field(name)
    field = forms.CharField(
        label=model_field.verbose_name,
        required=False,
        help_text=help_text,
        widget=text_area(rows),
        error_messages={"required": f"请填写{model_field.verbose_name}。"},
    )
    return limit_text(field, model_limit(Evaluation, name))


def narrative_form(name: str, fields: dict[str, int], *, overrides: bool = False, help_texts=None) -> type:
    """A ``SectionForm`` class with one text area per narrative (field name → rows)."""
    help_texts = help_texts or {}
    attrs = {
        field: evaluation_text(field, rows=rows, help_text=OVERRIDE_HELP if overrides else help_texts.get(field, ""))
        for field, rows in fields.items()
    }
    return type(name, (SectionForm,), attrs)


class KeyWorkForm(RowForm):
    always_required = ("text",)
    text = limit_text(
        forms.CharField(label="重点工作", widget=text_area(2), error_messages={"required": "请填写重点工作内容。"}),
        model_limit(KeyWorkItem, "text"),
    )
    main_fields = ("text",)


class KeyWorkFormSetBase(RowFormSet):
    min_rows_message = "请至少填写一项重点工作。"


class GoalForm(RowForm):
    always_required = ("text",)
    text = limit_text(
        forms.CharField(label="绩效目标", widget=text_area(2), error_messages={"required": "请填写绩效目标内容。"}),
        model_limit(PerformanceGoal, "text"),
    )
    main_fields = ("text",)


class GoalFormSetBase(RowFormSet):
    min_rows_message = "请至少填写一项绩效目标。"


KeyWorkFormSet = row_formset(KeyWorkForm, formset=KeyWorkFormSetBase)
GoalFormSet = row_formset(GoalForm, formset=GoalFormSetBase)
