from django import forms


class AcknowledgeForm(forms.Form):
    """保留一条警告并说明理由."""

    finding_key = forms.CharField(widget=forms.HiddenInput, max_length=255)
    reason = forms.CharField(
        label="说明理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：2人为借调人员，已按规定报批"}),
        error_messages={"required": "请填写理由：说明为什么这一警告可以保留。"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写理由：说明为什么这一警告可以保留。")
        return reason
