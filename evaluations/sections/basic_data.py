"""附 基础数据: 公用经费 (with its 其中 rows), 政府采购 and 结转结余, and their 上年数 — printed in 附件2,
not in the body.

The 上年数 block takes last year's 决算 of these rows and of 项目支出 when the system has no record of
last year (a department's first year); a figure last year's record has is shown instead, read-only.
"""

from budgets.fields import (
    BASIC_DATA_COLUMN_LABELS,
    BASIC_DATA_FIELDS,
    BASIC_DATA_ROW_LABELS,
    CARRYOVER_LABEL,
    PRIOR_RECORD_FIELDS,
    PRIOR_YEAR_FIELDS,
)
from budgets.forms import BASIC_DATA_REQUIRED_ROWS, BasicDataForm, PriorYearForm
from budgets.importing.layout import BASIC_DATA_TABLE
from budgets.models import DepartmentBudget
from budgets.services import budget_basic_data_save

from .base import Requirement, Section, SectionForms, amount_text, keys
from .budget_table import fixed_cells
from .registry import register

REQUIRED_CELLS = {
    f"{row}_{column}": f"{BASIC_DATA_ROW_LABELS[row]} {column_label}"
    for row in BASIC_DATA_REQUIRED_ROWS
    for column, column_label in BASIC_DATA_COLUMN_LABELS.items()
} | {"carryover": CARRYOVER_LABEL}


def prior_record(bundle) -> DepartmentBudget | None:
    """Last year's record of the department (one query), or None."""
    return DepartmentBudget.objects.filter(
        department_id=bundle.evaluation.department_id, fiscal_year_id=bundle.year - 1
    ).first()


def prior_fixed(bundle) -> dict:
    """上年数 last year's record has: field → (the record's figure, where it comes from)."""
    record = prior_record(bundle)
    if record is None:
        return {}
    note = f"取自{record.fiscal_year_id}年度记录"
    fixed = {}
    for name, record_field in PRIOR_RECORD_FIELDS.items():
        value = getattr(record, record_field)
        if value is not None:
            fixed[name] = (amount_text(value), note)
    return fixed


@register
class BasicDataSection(Section):
    slug = "basic-data"
    number = "附"
    title = "基础数据（公用经费、政府采购、结转结余）"
    heading = ""
    in_body = False  # printed as 附件2 after the report, not under a heading of its own
    excel_sheets = (BASIC_DATA_TABLE.name,)
    typed_budget_fields = BASIC_DATA_FIELDS + PRIOR_YEAR_FIELDS
    requirements = tuple(
        Requirement(label, ("values", name), form=("basic", name)) for name, label in REQUIRED_CELLS.items()
    )

    def snapshot(self, bundle):
        budget = bundle.budget or DepartmentBudget()
        return {
            "values": {name: amount_text(getattr(budget, name)) for name in BASIC_DATA_FIELDS},
            "prior": {name: amount_text(getattr(budget, name)) for name in PRIOR_YEAR_FIELDS},
        }

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        fixed = fixed_cells(bundle, outline, self.slug, BASIC_DATA_FIELDS)
        return SectionForms(
            {
                "basic": BasicDataForm(data, initial=snap["values"], draft=draft, prefix="basic", fixed=fixed),
                "prior": PriorYearForm(
                    data, initial=snap["prior"], draft=draft, prefix="prior", fixed=prior_fixed(bundle)
                ),
            }
        )

    def cleaned(self, f):
        prior = f["prior"]
        # A figure last year's record has is the record's: a 上年数 typed for it earlier is cleared.
        return {"values": f["basic"].cleaned_data, "prior": {**prior.cleaned_data, **dict.fromkeys(prior.fixed)}}

    def context(self, bundle, f, outline=None):
        return {
            "rows": f["basic"].table_rows(),
            "prior_rows": f["prior"].table_rows(),
            "previous_year": bundle.year - 1,
        }

    def save(self, bundle, data, user):
        budget_basic_data_save(**keys(bundle), values={**data["values"], **data.get("prior", {})})
