"""Forms of the budget sections: 一 2 functional lines, 二（一） table, 二（二） 三公, 二（四） project lines,
and the 基础数据 (公用经费, 政府采购, 结转结余). Amounts are typed in 万元 through ``MoneyField``.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from departments.forms import (
    INPUT,
    RowForm,
    RowFormSet,
    SectionForm,
    normalize_typed_number,
    row_formset,
    text_area,
    text_input,
)
from departments.text_limits import limit_text, model_limit

from .fields import (
    ASSET_ROW_LABEL,
    BASIC_DATA_COLUMN_LABELS,
    BASIC_DATA_ROW_LABELS,
    BUDGET_AMOUNT_LABELS,
    BUDGET_PARTS,
    BUDGET_TABLE_LABELS,
    CARRYOVER_LABEL,
    PRIOR_YEAR_COLUMN_LABEL,
    PRIOR_YEAR_LABELS,
    PROJECT_LINE_LABELS,
    STAGE_LABELS,
    THREE_PUBLIC_LABELS,
)
from .importing.safety import MAX_ROWS_PER_SHEET
from .models import FunctionalCategory, ProjectLine, ThreePublicKind
from .money import AMOUNT_MESSAGES, AmountError, format_amount_table, parse_amount


class MoneyField(forms.Field):
    """An amount in 万元, as people type it: ``478.9``, ``1,234.56``, ``１２３．４５``, `` 5 ``, ``2万元``.

    Returns a Decimal with two places (or None when left empty). The rules and their messages are
    ``budgets.money.parse_amount``'s; ``error_messages`` may reword them per field, keyed by its codes.
    """

    default_error_messages = {
        "required": "请填写金额（单位：万元）；没有发生的请填 0。",
        **AMOUNT_MESSAGES,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": INPUT + " amount", "inputmode": "decimal", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_amount_table(value)
        return value

    def to_python(self, value):
        try:
            return parse_amount(value)
        except AmountError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code, params=error.params) from None


def catalogue_option(category: FunctionalCategory) -> str:
    return f"{category.code} {category.name}"


class CatalogueField(forms.CharField):
    """A category of the year's 支出功能分类 catalogue, typed as its code (``2010306``) or picked from a
    list (``2010306 政务公开审批``). The catalogue is loaded once per page and shared by every row.
    """

    default_error_messages = {
        "required": "请填写功能分类科目：输入科目编码或从列表中选择，例如“2010306 政务公开审批”。",
        "unknown": "“%(value)s”不是本年度支出功能分类中的科目。请输入科目编码或从列表中选择。",
    }

    def __init__(self, *, catalogue: dict[str, FunctionalCategory] | None = None, datalist_id="catalogue", **kwargs):
        kwargs.setdefault("widget", text_input(list=datalist_id, autocomplete="off"))
        super().__init__(**kwargs)
        self.catalogue = catalogue or {}

    def prepare_value(self, value):
        if isinstance(value, FunctionalCategory):
            return catalogue_option(value)
        if isinstance(value, str) and value in self.catalogue:
            return catalogue_option(self.catalogue[value])
        return value

    def to_python(self, value):
        text = normalize_typed_number(value) if value not in self.empty_values else ""
        if not text:
            return None
        match = re.match(r"^(\d{3,7})(?:\s|$)", text)
        category = self.catalogue.get(match.group(1)) if match else None
        if category is None:
            by_name = [c for c in self.catalogue.values() if c.name == text]
            category = by_name[0] if len(by_name) == 1 else None
        if category is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        return category

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        return


# ---------------------------------------------------------------- 二（一） table


@dataclass(frozen=True)
class FixedCell:
    """A figure shown in a table but typed, or derived, on another page of the report's outline."""

    html_name: str
    label: str
    value: str
    note: str
    readonly: bool = True


class FixedCellsMixin:
    """``fixed``: field → (shown value, where it comes from); those fields are not typed here."""

    def __init__(self, *args, fixed: dict | None = None, **kwargs):
        self.fixed = fixed or {}
        super().__init__(*args, **kwargs)

    def add_money_field(self, name: str, label: str, *, required: bool):
        if name in self.fixed:
            self.fixed_labels[name] = label
        else:
            self.fields[name] = MoneyField(label=label, required=required)

    def cell(self, name: str):
        if name in self.fields:
            return self[name]
        value, note = self.fixed[name]
        return FixedCell(self.add_prefix(name), self.fixed_labels[name], value, note)


class BudgetTableForm(FixedCellsMixin, SectionForm):
    """The nine cells of 二（一） and the three 资产购置 cells; 支出合计 is derived, never typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_labels = {}
        for name, label in BUDGET_TABLE_LABELS.items():
            self.add_money_field(name, label, required=not self.draft)

    def table_rows(self):
        rows = [
            {"key": stage, "label": label, "cells": [self.cell(f"{part}_{stage}") for part in BUDGET_PARTS]}
            for stage, label in STAGE_LABELS.items()
        ]
        rows.append(
            {
                "key": "asset",
                "label": ASSET_ROW_LABEL,
                "cells": [self.cell(f"asset_purchase_{part}") for part in BUDGET_PARTS],
            }
        )
        return rows


# ---------------------------------------------------------------- 二（二） 三公经费


class ThreePublicForm(SectionForm):
    """The four parts of 三公经费 × 预算数 / 决算数 (and 上年决算数 when no record of last year exists)."""

    def __init__(self, *args, ask_prior_year: bool = True, ask_prior_budget: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_prior_year = ask_prior_year
        if ask_prior_budget:
            self.fields["prior_three_public_budget"] = MoneyField(
                label=BUDGET_AMOUNT_LABELS["prior_three_public_budget"], required=False
            )
        for kind, kind_label in ThreePublicKind.choices:
            for column, column_label in THREE_PUBLIC_LABELS.items():
                if column == "prior_year_actual" and not ask_prior_year:
                    continue
                self.fields[f"{kind}__{column}"] = MoneyField(
                    label=f"{kind_label}{column_label}",
                    required=not self.draft and column != "prior_year_actual",
                )

    def table_rows(self):
        columns = [c for c in THREE_PUBLIC_LABELS if self.ask_prior_year or c != "prior_year_actual"]
        return [
            {"kind": kind, "label": label, "cells": [self[f"{kind}__{column}"] for column in columns]}
            for kind, label in ThreePublicKind.choices
        ]

    def lines(self) -> dict[str, dict]:
        """kind → {column: amount}; call after ``is_valid()``."""
        result = {}
        for kind in ThreePublicKind.values:
            result[kind] = {
                column: self.cleaned_data.get(f"{kind}__{column}")
                for column in THREE_PUBLIC_LABELS
                if f"{kind}__{column}" in self.fields
            }
        return result


# ---------------------------------------------------------------- 基础数据

# The rows a complete 基础数据 page needs (the 其中 rows may stay empty); 结转结余 too.
BASIC_DATA_REQUIRED_ROWS = ("public_funds", "procurement")


class BasicDataForm(FixedCellsMixin, SectionForm):
    """公用经费 (with its 其中 rows), 政府采购 and 结转结余 of the 基础数据表."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_labels = {}
        for row, label in BASIC_DATA_ROW_LABELS.items():
            for column, column_label in BASIC_DATA_COLUMN_LABELS.items():
                self.add_money_field(
                    f"{row}_{column}",
                    f"{label} {column_label}",
                    required=row in BASIC_DATA_REQUIRED_ROWS and not self.draft,
                )
        self.add_money_field("carryover", CARRYOVER_LABEL, required=not self.draft)

    def table_rows(self):
        return [
            {"key": row, "label": label, "cells": [self.cell(f"{row}_{column}") for column in BASIC_DATA_COLUMN_LABELS]}
            for row, label in BASIC_DATA_ROW_LABELS.items()
        ]


# ---------------------------------------------------------------- 上年数 (no record of last year)


class PriorYearForm(FixedCellsMixin, SectionForm):
    """上年决算 of the 基础数据表 rows, typed when the system has no record of last year.

    A figure last year's record has is ``fixed`` (shown, not typed): the record wins.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_labels = {}
        for name, label in PRIOR_YEAR_LABELS.items():
            self.add_money_field(name, f"{PRIOR_YEAR_COLUMN_LABEL} {label}", required=False)

    def table_rows(self):
        return [{"key": name, "label": label, "cells": [self.cell(name)]} for name, label in PRIOR_YEAR_LABELS.items()]


# ---------------------------------------------------------------- 一 2 functional lines


class CatalogueRowForm(RowForm):
    def __init__(self, *args, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].catalogue = catalogue or {}


class FunctionalLineForm(CatalogueRowForm):
    always_required = ("category",)
    category = CatalogueField(label="功能分类科目")
    display_name = forms.CharField(
        label="报告中的名称",
        max_length=100,
        required=False,
        help_text="留空则使用科目名称",
        widget=text_input(),
    )
    amount = MoneyField(label="金额")
    main_fields = ("category", "display_name", "amount")


class FunctionalLineFormSet(RowFormSet):
    min_rows_message = "请至少填写一行功能分类支出（科目和金额）。"

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen: dict[str, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if self._should_delete_form(form):
                continue
            category = form.cleaned_data.get("category")
            if category is None:
                continue
            if category.code in seen:
                raise ValidationError(
                    f"功能分类科目“{catalogue_option(category)}”填写了两行（第{seen[category.code]}行和第{number}行）。"
                    "同一科目只能填写一行，请把金额合并到一行，再删除另一行。",
                    code="duplicate_category",
                )
            seen[category.code] = number


FunctionalLineFormSet = row_formset(FunctionalLineForm, formset=FunctionalLineFormSet)


# ---------------------------------------------------------------- 二（四） project lines


class ProjectLineForm(CatalogueRowForm):
    always_required = ("name",)
    name = forms.CharField(
        label=PROJECT_LINE_LABELS["name"],
        max_length=200,
        widget=text_input(),
        error_messages={"required": "请填写项目名称。"},
    )
    category = CatalogueField(label=PROJECT_LINE_LABELS["category"], required=False)
    initial = MoneyField(label=PROJECT_LINE_LABELS["initial"], required=False)
    adjusted = MoneyField(label=PROJECT_LINE_LABELS["adjusted"], required=False)
    actual = MoneyField(label=PROJECT_LINE_LABELS["actual"])
    purpose = limit_text(
        forms.CharField(
            label=PROJECT_LINE_LABELS["purpose"], required=False, help_text="接在“主要用于”之后", widget=text_area(2)
        ),
        model_limit(ProjectLine, "purpose"),
    )
    management = limit_text(
        forms.CharField(label=PROJECT_LINE_LABELS["management"], required=False, widget=text_area(2)),
        model_limit(ProjectLine, "management"),
    )
    is_key = forms.BooleanField(
        label=PROJECT_LINE_LABELS["is_key"],
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    main_fields = ("name", "category", "initial", "adjusted", "actual", "is_key")
    detail_fields = ("purpose", "management")


class ProjectLineFormSet(RowFormSet):
    min_rows_message = "请至少填写一个项目（项目名称和决算数）。"

    def __init__(self, *args, rows_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not rows_required:
            self.min_rows_message = None


# As many lines as the Excel import accepts, so a page filled by an import can be saved again.
ProjectLineFormSet = row_formset(ProjectLineForm, formset=ProjectLineFormSet, max_rows=MAX_ROWS_PER_SHEET)
