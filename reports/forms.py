"""The reviewer's forms on the review page: a comment on a section, and the reason for 退回 / 重新打开.

Whatever is posted, a wrong value is a message at its field on the review page (status 400),
with what was typed kept; the limits are the models' own (``departments.text_limits``).
"""

from django import forms

from departments.text_limits import limit_text, model_limit
from evaluations.models import ReviewComment, StatusTransition

INPUT = "form-control"


class _MarksInvalid:
    """Fields with errors get Bootstrap's ``is-invalid`` and ``aria-invalid``."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                widget.attrs["aria-invalid"] = "true"


class ReviewCommentForm(_MarksInvalid, forms.Form):
    section = forms.ChoiceField(
        label="章节",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "请选择意见所针对的章节。", "invalid_choice": "请选择意见所针对的章节。"},
    )
    field = forms.CharField(
        label="具体项目（选填，如“项目支出明细”）",
        required=False,
        max_length=model_limit(ReviewComment, "field"),
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"max_length": "具体项目最多 %(limit_value)d 字（现有 %(show_value)d 字），请写得简短些。"},
    )
    text = limit_text(
        forms.CharField(
            label="意见",
            widget=forms.Textarea(attrs={"class": INPUT + " mb-2", "rows": 3}),
            error_messages={"required": "请填写审核意见。"},
        ),
        model_limit(ReviewComment, "text"),
    )

    def __init__(self, *args, sections=(), **kwargs):
        """``sections``: the report's outline items, the sections a comment may concern."""
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "请选择"), *((item.slug, item.label) for item in sections)]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("请填写审核意见。")
        return text


class ReasonForm(_MarksInvalid, forms.Form):
    """The reason of 退回 or 重新打开 (required by the workflow, recorded with the transition)."""

    reason = limit_text(
        forms.CharField(
            required=False,  # the workflow says which reason is missing (请填写退回的理由。)
            widget=forms.Textarea(attrs={"class": INPUT + " mb-2", "rows": 3, "required": True}),
        ),
        model_limit(StatusTransition, "reason"),
    )
