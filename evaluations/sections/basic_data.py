"""附 基础数据: 公用经费 (with its 其中 rows), 政府采购 and 结转结余 — printed in 附件2, not in the body."""

from budgets.forms import BASIC_DATA_COLUMNS, BASIC_DATA_ROWS, BasicDataForm, basic_data_field_name
from budgets.importing.layout import BASIC_DATA_TABLE
from budgets.models import DepartmentBudget
from budgets.services import BASIC_DATA_FIELDS, budget_basic_data_save

from .base import Requirement, Section, SectionForms, amount_text, keys
from .budget_table import fixed_cells
from .registry import register

REQUIRED_CELLS = {
    basic_data_field_name(row, column): f"{label} {column_label}"
    for row, label, required in BASIC_DATA_ROWS
    if required
    for column, column_label in BASIC_DATA_COLUMNS
} | {"carryover": "结转结余总额"}


@register
class BasicDataSection(Section):
    slug = "basic-data"
    number = "附"
    title = "基础数据（公用经费、政府采购、结转结余）"
    heading = ""
    in_body = False  # printed as 附件2 after the report, not under a heading of its own
    excel_sheets = (BASIC_DATA_TABLE.name,)
    typed_budget_fields = BASIC_DATA_FIELDS
    requirements = tuple(
        Requirement(label, ("values", name), form=("basic", name)) for name, label in REQUIRED_CELLS.items()
    )

    def snapshot(self, bundle):
        budget = bundle.budget or DepartmentBudget()
        return {"values": {name: amount_text(getattr(budget, name)) for name in BASIC_DATA_FIELDS}}

    def forms(self, bundle, *, data, draft, catalogue, outline):
        snap = self.snapshot(bundle)
        fixed = fixed_cells(bundle, outline, self.slug, BASIC_DATA_FIELDS)
        return SectionForms(
            {"basic": BasicDataForm(data, initial=snap["values"], draft=draft, prefix="basic", fixed=fixed)}
        )

    def cleaned(self, f):
        return {"values": f["basic"].cleaned_data}

    def context(self, bundle, f, outline=None):
        return {"rows": f["basic"].table_rows()}

    def save(self, bundle, data, user):
        budget_basic_data_save(**keys(bundle), values=data["values"])
