"""Forms of section 一 1 (profile, 领导职数, 内设机构) and the row/draft machinery all section forms share.

Two save modes: "保存" enforces what a complete section needs; "保存草稿" (``draft=True``) drops
required-ness but keeps every format check, so a half-filled section can be kept without
storing anything malformed. Repeating rows are plain formsets of ``RowForm``: the service, not
the form, writes them, so a failed save of one formset never half-writes the others.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from .choices import StaffingType
from .models import DepartmentProfile
from .text_limits import limit_text, model_limit

INPUT = "form-control"
SELECT = "form-select"


def normalize_typed_number(value) -> str:
    """Full-width digits and punctuation (１２３．４５，) to ASCII, ideographic spaces trimmed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


class DraftAwareMixin:
    """``draft=True`` makes every field optional except ``always_required`` (a row's identity)."""

    always_required: tuple[str, ...] = ()

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        if draft:
            for name, field in self.fields.items():
                if name not in self.always_required:
                    field.required = False


class SectionForm(DraftAwareMixin, forms.Form):
    """A non-repeating part of a section page."""

    use_required_attribute = False  # the server decides, so "保存草稿" is never blocked by the browser


class CountField(forms.IntegerField):
    """A head count: whole, not negative; full-width digits accepted."""

    default_error_messages = {
        "invalid": "请填写整数人数，例如 10（不要填写“人”字或小数）。",
        "required": "请填写人数；没有的填 0。",
        "min_value": "人数不能为负数，请填写 0 或正整数。",
        "max_value": "人数不能超过 %(limit_value)s，请检查是否填错。",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100000)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": INPUT + " count", "inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            value = normalize_typed_number(value)
            if value.endswith("人"):
                value = value[:-1].strip()
        return super().to_python(value)


def text_area(rows: int = 4, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"class": INPUT, "rows": rows, **attrs})


def text_input(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": INPUT, **attrs})


# ---------------------------------------------------------------- repeating rows


class RowForm(DraftAwareMixin, forms.Form):
    """One row of a repeating list. ``id`` is the stored row, blank for a new one.

    A row whose inputs are all empty counts as removed (so clearing a row deletes it and spare
    rows are ignored). ``main_fields`` are the table columns; ``detail_fields`` go on a second line.
    """

    use_required_attribute = False
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    main_fields: tuple[str, ...] = ()
    detail_fields: tuple[str, ...] = ()

    def content_field_names(self):
        return [name for name in self.fields if name not in ("id", "ORDER", "DELETE")]

    def is_blank(self) -> bool:
        if not self.is_bound:
            return False
        for name in self.content_field_names():
            field = self.fields[name]
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if isinstance(field, forms.BooleanField):
                if field.to_python(raw):
                    return False
            elif raw not in (None, "") and str(raw).strip():
                return False
        return True

    def full_clean(self):
        if self.is_bound and self.is_blank():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def main(self):
        return [self[name] for name in self.main_fields]

    def details(self):
        return [self[name] for name in self.detail_fields]


class RowFormSet(forms.BaseFormSet):
    """Rows with add / remove (``DELETE``) / reorder (``ORDER``); spare empty rows for use without JS.

    ``rows()`` gives the kept rows' data in the user's order; ``min_rows_message`` is enforced
    only when not saving a draft.
    """

    min_rows_message: str | None = None
    row_noun = "行"

    def __init__(self, *args, draft: bool = False, **kwargs):
        self.draft = draft
        form_kwargs = dict(kwargs.pop("form_kwargs", None) or {})
        form_kwargs["draft"] = draft
        super().__init__(*args, form_kwargs=form_kwargs, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = "顺序"
            form.fields["ORDER"].widget = forms.NumberInput(attrs={"class": INPUT + " order-input", "min": 0})
            form.fields["ORDER"].error_messages["invalid"] = "顺序请填写整数。"
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "删除"
            form.fields["DELETE"].widget = forms.CheckboxInput(attrs={"class": "form-check-input delete-input"})

    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or form.is_blank()

    def rows(self) -> list[dict]:
        """Cleaned data of the kept rows, in order; call after ``is_valid()``."""
        return [
            {key: value for key, value in form.cleaned_data.items() if key not in ("ORDER", "DELETE")}
            for form in self.ordered_forms
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if not self._should_delete_form(form)]  # blank rows count as deleted
        if not self.draft and self.min_rows_message and not kept:
            raise ValidationError(self.min_rows_message, code="min_rows")


def row_formset(form_class, *, extra: int = 2, formset=RowFormSet, max_rows: int = 500):
    return forms.formset_factory(
        form_class,
        formset=formset,
        extra=extra,
        can_delete=True,
        can_order=True,
        max_num=max_rows,
        absolute_max=max_rows,
    )


# ---------------------------------------------------------------- section 一 1


class ProfileForm(SectionForm):
    staffing_type = forms.ChoiceField(
        label="编制类型",
        choices=[("", "请选择"), *StaffingType.choices],
        widget=forms.Select(attrs={"class": SELECT}),
        error_messages={"required": "请选择编制类型（行政编制或事业编制）。"},
    )
    staff_quota = CountField(label="编制数", help_text="核定编制人数")
    staff_actual = CountField(label="实有在职人数", help_text="年末实有在职人数")
    staff_noun = forms.CharField(
        label="在职人员称谓",
        max_length=10,
        initial="干部",
        help_text="如“实有在职干部10人”中的“干部”",
        widget=text_input(),
        error_messages={"required": "请填写在职人员称谓，如“干部”或“人员”。"},
    )
    staff_excess_reason = limit_text(
        forms.CharField(
            label="超编说明",
            required=False,
            help_text="实有在职人数超过编制数时请说明原因",
            widget=text_area(2),
        ),
        model_limit(DepartmentProfile, "staff_excess_reason"),
    )
    duties = limit_text(
        forms.CharField(
            label="主要职责",
            widget=text_area(6),
            error_messages={"required": "请填写部门的主要职责。"},
        ),
        model_limit(DepartmentProfile, "duties"),
    )


class LeadershipPostForm(RowForm):
    always_required = ("title", "count")  # a post without its count cannot be stored
    title = forms.CharField(
        label="职务", max_length=50, widget=text_input(), error_messages={"required": "请填写职务名称，如“主任”。"}
    )
    count = CountField(label="人数", max_value=999)
    main_fields = ("title", "count")


class DivisionForm(RowForm):
    always_required = ("name",)
    name = forms.CharField(
        label="机构名称", max_length=100, widget=text_input(), error_messages={"required": "请填写机构名称。"}
    )
    main_fields = ("name",)


LeadershipPostFormSet = row_formset(LeadershipPostForm)
DivisionFormSet = row_formset(DivisionForm)
