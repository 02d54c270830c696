from decimal import Decimal

from django import forms


class ManualScoreForm(forms.Form):
    """填报人对一项指标人工评分，须说明理由."""

    score = forms.DecimalField(
        label="得分",
        min_value=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": "请填写得分。",
            "invalid": "得分必须是数字，如 5 或 4.5。",
            "min_value": "得分不能小于 0。",
            "max_decimal_places": "得分最多两位小数。",
            "max_digits": "得分不能超过该指标的权重。",
        },
    )
    reason = forms.CharField(
        label="评分理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写评分理由。"},
    )

    def __init__(self, *args, weight: Decimal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if weight is not None:
            self.fields["score"].max_value = weight
            self.fields["score"].widget.attrs["max"] = str(weight)
            self.fields["score"].help_text = f"0～{weight.normalize():f} 分"

    def clean_score(self):
        score = self.cleaned_data["score"]
        maximum = self.fields["score"].max_value
        if maximum is not None and score > maximum:
            raise forms.ValidationError(f"得分不能超过该指标的权重{maximum.normalize():f}分。")
        return score

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写评分理由。")
        return reason
