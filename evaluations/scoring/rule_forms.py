"""The forms an administrator edits an indicator's scoring rule and a framework's caps with.

Every scoring shape of ``rules`` has labelled fields (threshold, deduction per point, target,
step, bands as rows), read from and written to the JSON parameters the engine reads, so the JSON
itself is never shown. A wrong value comes back with a Chinese message at its field; what is left
to check across fields (overlapping bands, a band worth more than the weight) is ``rules.validate``,
shown above the rows. ``rule_description`` words the rule for the live preview.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from . import computations, rules
from .models import Indicator, IndicatorFramework

DIRECTION_CHOICES = [("above", "高于时扣分"), ("below", "低于时扣分")]
PARAM_LABELS = {
    ("three_public_change_rate", "basis"): ("三公经费变动率的口径", {"actual": "决算数", "budget": "预算数"}),
    ("budget_completion_rate", "basis"): ("预算完成率的口径（分母）", computations.COMPLETION_BASES),
    ("budget_adjustment_rate", "signed"): (
        "预算调整率的计算",
        {False: "取绝对值（调增、调减都算）", True: "带正负号（调减为负）"},
    ),
}
PERCENT = {"max_digits": 9, "decimal_places": 2}


def _decimal(label: str, *, required=False, help_text="", **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"请填写{label}。",
            "invalid": f"{label}必须是数字，如 100 或 0.5。",
            "max_decimal_places": f"{label}最多两位小数。",
            "max_digits": f"{label}太大。",
            "max_whole_digits": f"{label}太大。",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        **PERCENT,
        **kwargs,
    )


def param_field_name(computation: str, name: str) -> str:
    return f"param_{computation}_{name}"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def rule_description(shape: str, params: dict, weight) -> str:
    """The rule in words, as the 评分表 prints it ("" when the parameters are incomplete)."""
    if not shape or weight is None:
        return ""
    return rules.describe(shape, params, Decimal(str(weight)))


# bands -------------------------------------------------------------------------------------------


class BandForm(forms.Form):
    """One band (档): a range with open or closed ends and the score (or the cap) for it."""

    low = _decimal("下限（%）", help_text="留空表示不设下限")
    low_inclusive = forms.BooleanField(label="含下限", required=False, initial=True)
    high = _decimal("上限（%）", help_text="留空表示不设上限")
    high_inclusive = forms.BooleanField(label="含上限", required=False, initial=True)
    score = _decimal("得分")

    def __init__(self, *args, score_label: str = "得分", **kwargs):
        super().__init__(*args, **kwargs)
        if score_label != "得分":
            self.fields["score"] = _decimal(score_label)

    def clean(self):
        data = super().clean()
        low, high = data.get("low"), data.get("high")
        typed = any(data.get(name) is not None for name in ("low", "high")) or self.errors
        if typed and data.get("score") is None and "score" not in self.errors:
            self.add_error("score", f"请填写{self.fields['score'].label}。")
        if low is not None and high is not None:
            if low > high or (low == high and not (data.get("low_inclusive") and data.get("high_inclusive"))):
                self.add_error("high", "上限须大于下限（相等时须同时含上限和下限）。")
        if data.get("score") is not None and data["score"] < 0:
            self.add_error("score", f"{self.fields['score'].label}不能小于 0。")
        return data

    def as_band(self, score_key: str = "score") -> dict:
        data = self.cleaned_data
        band = {}
        if data.get("low") is not None:
            band["from"] = _plain(data["low"])
            if not data.get("low_inclusive"):
                band["from_inclusive"] = False
        if data.get("high") is not None:
            band["to"] = _plain(data["high"])
            if not data.get("high_inclusive"):
                band["to_inclusive"] = False
        band[score_key] = _plain(data["score"])
        return band


def band_initial(band: dict, score_key: str = "score") -> dict:
    def value(key):
        return None if band.get(key) is None else Decimal(str(band[key]))

    return {
        "low": value("from"),
        "low_inclusive": bool(band.get("from_inclusive", True)),
        "high": value("to"),
        "high_inclusive": bool(band.get("to_inclusive", True)),
        "score": value(score_key),
    }


BandFormSet = forms.formset_factory(BandForm, extra=2, can_delete=True)


def _bands_formset(data, prefix, bands, score_key="score", score_label="得分"):
    initial = [band_initial(band, score_key) for band in bands or []]
    return BandFormSet(data, prefix=prefix, initial=initial, form_kwargs={"score_label": score_label})


def _bands_of(formset, score_key="score") -> list[dict]:
    return [
        form.as_band(score_key)
        for form in formset.forms
        if not form.cleaned_data.get("DELETE") and form.cleaned_data.get("score") is not None
    ]


class JsonErrorsAtFields:
    """The model's clean reports the JSON fields by name; in these forms they are labelled fields."""

    JSON_FIELDS = {"rule_params": "rule_shape", "computation_params": "computation", "total_caps": "cap_computation"}

    def add_error(self, field, error):
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            remapped = {}
            for key, messages in error.error_dict.items():
                target = self.JSON_FIELDS.get(key, key)
                if target not in self.fields:
                    target = "__all__"
                remapped.setdefault(target, []).extend(messages)
            error = ValidationError(remapped)
        super().add_error(field, error)


# one indicator -----------------------------------------------------------------------------------


class IndicatorForm(JsonErrorsAtFields, forms.ModelForm):
    """An indicator with its computation and scoring rule as labelled fields (no JSON)."""

    threshold = _decimal("阈值（%）", help_text="达到（或不超过）该值得满分")
    threshold_direction = forms.ChoiceField(label="扣分方向", choices=DIRECTION_CHOICES, initial="above")
    deduct_per_point = _decimal("每个百分点扣分", help_text="超出阈值每 1 个百分点扣的分，按比例计算")
    target = _decimal("目标值（%）")
    steps_direction = forms.ChoiceField(label="扣分方向", choices=DIRECTION_CHOICES, initial="below")
    step = _decimal("档距（百分点）", help_text="每满一档扣分，不满一档不扣")
    deduct_per_step = _decimal("每档扣分")

    SHAPE_FIELDS = {
        rules.THRESHOLD: ("threshold", "threshold_direction", "deduct_per_point"),
        rules.STEPS: ("target", "steps_direction", "step", "deduct_per_step"),
    }

    class Meta:
        model = Indicator
        fields = ["framework", "parent", "order", "name", "weight", "explanation", "computation", "rule_shape"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        params = instance.rule_params if isinstance(instance.rule_params, dict) else {}
        shape = instance.rule_shape
        if shape == rules.THRESHOLD:
            self.initial.update(
                threshold=params.get("threshold"),
                threshold_direction=params.get("direction", "above"),
                deduct_per_point=params.get("deduct_per_point"),
            )
        elif shape == rules.STEPS:
            self.initial.update(
                target=params.get("target"),
                steps_direction=params.get("direction", "below"),
                step=params.get("step"),
                deduct_per_step=params.get("deduct_per_step"),
            )
        for (computation, name), (label, values) in PARAM_LABELS.items():
            field_name = param_field_name(computation, name)
            choices = [("", "（默认）")] + [(str(value), text) for value, text in values.items()]
            self.fields[field_name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                help_text=f"仅“{computations.COMPUTATIONS[computation].name}”使用",
            )
            if instance.computation == computation and name in (instance.computation_params or {}):
                self.initial[field_name] = str(instance.computation_params[name])
        self.bands = _bands_formset(
            self.data if self.is_bound else None,
            self.add_prefix("band"),
            params.get("bands") if shape == rules.BANDS else [],
        )
        self.rule_params = params
        self.rule_params_refused = False
        self.computation_params = dict(instance.computation_params or {})

    def add_error(self, field, error):
        # When the labelled fields could not make the parameters, the form has said why at those
        # fields; the model's check of the parameters the indicator still holds (none for a new one,
        # or the previous shape's) would add a message in JSON terms: 「评分参数缺少：threshold…」.
        if self.rule_params_refused and hasattr(error, "error_dict") and "rule_params" in error.error_dict:
            rest = {key: messages for key, messages in error.error_dict.items() if key != "rule_params"}
            if not rest:
                return
            error = ValidationError(rest)
        super().add_error(field, error)

    def is_valid(self):
        valid = super().is_valid()
        return valid and self.bands.is_valid() and not self.bands.non_form_errors()

    def _rule_params(self, shape, data) -> dict | None:
        if shape == rules.MANUAL or not shape:
            return {}
        if shape == rules.BANDS:
            if not self.bands.is_valid():
                return None
            bands = _bands_of(self.bands)
            if not bands:
                self.add_error("rule_shape", "分档计分至少要有一档：请在下面的“分档”表中填写。")
                return None
            return {"bands": bands}
        names = self.SHAPE_FIELDS[shape]
        missing = [name for name in names if data.get(name) in (None, "")]
        for name in missing:
            if name not in self.errors:
                self.add_error(name, f"请填写{self.fields[name].label}。")
        if missing:
            return None
        if shape == rules.THRESHOLD:
            if data["deduct_per_point"] <= 0:
                self.add_error("deduct_per_point", "每个百分点扣分必须大于 0。")
                return None
            return {
                "threshold": _plain(data["threshold"]),
                "direction": data["threshold_direction"],
                "deduct_per_point": _plain(data["deduct_per_point"]),
            }
        errors = False
        if data["step"] <= 0:
            self.add_error("step", "档距必须大于 0。")
            errors = True
        if data["deduct_per_step"] <= 0:
            self.add_error("deduct_per_step", "每档扣分必须大于 0。")
            errors = True
        if errors:
            return None
        return {
            "target": _plain(data["target"]),
            "direction": data["steps_direction"],
            "step": _plain(data["step"]),
            "deduct_per_step": _plain(data["deduct_per_step"]),
        }

    def clean(self):
        data = super().clean()
        shape = data.get("rule_shape")
        params = self._rule_params(shape, data)
        if params is not None:
            weight = data.get("weight")
            if shape and weight is not None:
                try:
                    rules.validate(shape, params, weight)
                except ValidationError as error:
                    field = "rule_shape" if shape != rules.BANDS else None
                    if field is None:
                        self.bands._non_form_errors = self.bands.error_class(error.messages)
                        self.add_error(None, "分档有误：" + "；".join(error.messages))
                    else:
                        self.add_error(field, error)
                    params = None
        if params is not None:
            self.rule_params = params
            self.instance.rule_params = params
        self.rule_params_refused = bool(shape) and params is None
        if self.rule_params_refused:
            # An error at 评分方式 takes it out of cleaned_data; the model's checks still see the choice
            # (not 「三级指标须选择评分方式」 for a shape that was chosen).
            self.instance.rule_shape = shape
        computation = data.get("computation")
        computation_params = {}
        if computation in computations.COMPUTATIONS:
            for name, allowed in computations.COMPUTATIONS[computation].params.items():
                raw = data.get(param_field_name(computation, name))
                if raw:
                    value = next((choice for choice in allowed if str(choice) == raw), None)
                    if value is None:
                        self.add_error(param_field_name(computation, name), "请选择列出的选项之一。")
                    else:
                        computation_params[name] = value
        self.computation_params = computation_params
        self.instance.computation_params = computation_params
        return data

    @property
    def description(self) -> str:
        if self.is_bound and hasattr(self, "cleaned_data") and not self.errors:
            return rule_description(
                self.cleaned_data.get("rule_shape"), self.rule_params, self.cleaned_data.get("weight")
            )
        instance = self.instance
        return rule_description(instance.rule_shape, instance.rule_params, instance.weight) if instance.pk else ""


class IndicatorRowForm(JsonErrorsAtFields, forms.ModelForm):
    """A row of the framework page's indicator table: the tree and the weights; the rule on its own page."""

    class Meta:
        model = Indicator
        fields = ["parent", "order", "name", "weight"]


# a framework's caps ------------------------------------------------------------------------------


class FrameworkForm(JsonErrorsAtFields, forms.ModelForm):
    """A framework with its 总分上限 as rows (one band per row) instead of JSON."""

    cap_computation = forms.ChoiceField(
        label="总分上限依据的计算公式",
        required=False,
        choices=[("", "（不限制总分）")] + [(key, c.name) for key, c in computations.COMPUTATIONS.items()],
        help_text="按该计算结果所在的区间限制总分，如预算完成率低于 80% 时总分不超过 89 分",
    )

    class Meta:
        model = IndicatorFramework
        fields = ["name", "region", "from_year", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        caps = self.instance.total_caps if isinstance(self.instance.total_caps, list) else []
        cap = caps[0] if caps else {}
        self.initial.setdefault("cap_computation", cap.get("computation", ""))
        self.caps = _bands_formset(
            self.data if self.is_bound else None,
            self.add_prefix("cap"),
            cap.get("bands", []),
            score_key="max_total",
            score_label="总分上限",
        )
        self.total_caps = caps

    def is_valid(self):
        valid = super().is_valid()
        return valid and self.caps.is_valid()

    def clean(self):
        data = super().clean()
        computation = data.get("cap_computation")
        if not self.caps.is_valid():
            return data
        bands = _bands_of(self.caps, "max_total")
        if computation and not bands:
            self.add_error("cap_computation", "选择了总分上限的计算公式，请在下面的表中至少填写一档。")
            return data
        if bands and not computation:
            self.add_error("cap_computation", "请选择总分上限依据的计算公式，或清空下面的表。")
            return data
        # The form edits the first cap; any further ones (written before this form existed) are kept.
        caps = ([{"computation": computation, "bands": bands}] if computation else []) + self.total_caps[1:]
        try:
            rules.validate_caps(caps)
        except ValidationError as error:
            self.add_error("cap_computation", error)
            return data
        self.total_caps = caps
        self.instance.total_caps = caps
        return data
