"""Import a workbook into a department-year's budget: prepare (check, parse, diff) and apply.

``budget_import_prepare`` never writes. ``budget_import_apply`` writes the previewed state in one
transaction, after checking that the stored data is still what the preview was computed from.
Whether the report may be changed at all (a locked report) is decided by the caller, which knows
the report: this module is in ``budgets`` and does not look upward.
"""

from dataclasses import dataclass, field

from django.db import transaction

from departments.audit import audit_record
from departments.models import AuditAction, Department

from ..fields import (
    BASIC_DATA_FIELDS,
    BUDGET_TABLE_FIELDS,
    INCOME_SPENDING_FIELDS,
    PRIOR_YEAR_FIELDS,
    PROJECT_LINE_SHEET_FIELDS,
)
from ..models import DepartmentBudget
from ..selectors import budget_for, catalogue_for_year
from ..services import (
    budget_basic_data_save,
    budget_income_spending_save,
    budget_table_save,
    functional_lines_save,
    project_lines_save,
    three_public_save,
)
from .changes import Change, match_project_lines, state_changes
from .layout import (
    BASIC_DATA_TABLE,
    BUDGET_TABLE,
    DEFAULT_LAYOUT,
    FUNCTIONAL_LINES,
    INCOME_SPENDING_TABLE,
    PROJECT_LINES,
    THREE_PUBLIC_TABLE,
    Layout,
)
from .reader import Problem, read_state
from .safety import check_file
from .state import (
    normalized,
    state_fingerprint,
    state_from_budget,
    without_prior_record,
)


class ImportConflict(Exception):
    """The stored data changed after the preview; ``str(error)`` is the Chinese message."""


@dataclass
class ImportPreview:
    state: dict  # what the file says, complete
    baseline: str  # fingerprint of the stored data the changes were computed against
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def stored_state(*, department_id: int, fiscal_year_id: int) -> dict:
    return state_from_budget(budget_for(department_id=department_id, fiscal_year_id=fiscal_year_id))


def budget_import_prepare(
    *, department: Department, fiscal_year_id: int, data: bytes, layout: Layout = DEFAULT_LAYOUT
) -> ImportPreview:
    """Check and read the file; list every problem, or every change it would make. Writes nothing.

    ``layout``: the sheets of the report's outline (``Outline.excel_layout``); what no sheet of it
    holds stays as stored. Raises ``safety.FileRefused`` when the file as a whole cannot be read.
    """
    check_file(data)
    catalogue = {code: category.name for code, category in catalogue_for_year(fiscal_year_id).items()}
    current = stored_state(department_id=department.pk, fiscal_year_id=fiscal_year_id)
    new_state, problems = read_state(
        data,
        catalogue=catalogue,
        department_code=department.code,
        year=fiscal_year_id,
        department_name=department.full_name,
        layout=layout,
        base=current,
    )
    previous = budget_for(department_id=department.pk, fiscal_year_id=fiscal_year_id - 1)
    new_state = without_prior_record(new_state, state_from_budget(previous) if previous is not None else None)
    preview = ImportPreview(state=normalized(new_state), baseline=state_fingerprint(current), problems=problems)
    if not problems:
        preview.changes = state_changes(current, preview.state, catalogue=catalogue, layout=layout)
    return preview


def _project_rows(current_lines, old_states: list[dict], new_states: list[dict], catalogue) -> list[dict]:
    """The rows for ``project_lines_save``: a line matched by name keeps its id (so it is updated)."""
    ids = {
        new: current_lines[old].pk for old, new in match_project_lines(old_states, new_states) if None not in (old, new)
    }
    rows = []
    for index, line in enumerate(new_states):
        values = {name: line[name] for name in PROJECT_LINE_SHEET_FIELDS if name != "category_code"}
        code = line["category_code"]
        rows.append({"id": ids.get(index), **values, "category": catalogue[code] if code else None})
    return rows


@transaction.atomic
def budget_import_apply(
    *,
    department: Department,
    fiscal_year_id: int,
    state: dict,
    baseline: str,
    user=None,
    source: str = "",
    layout: Layout = DEFAULT_LAYOUT,
) -> list[str]:
    """Make the stored budget data equal ``state``; returns the names of the sheets that changed.

    Writes through the same services as the section forms (``budgets.services``), one call per
    changed section, so the import is recorded like any other save; the import itself is one
    audit event (导入) listing every change, with ``user`` and ``source`` (the file name). A budget
    figure is written by the save of the sheet ``layout`` types it on (a derived one by the save that
    derives it: 基本支出决算 by ``budget_income_spending_save``). Raises ``ImportConflict``
    (and writes nothing) when the stored data is no longer what the preview was computed from.
    The caller locks and checks the report itself (``evaluations.workflow.evaluation_lock_for_edit``).
    """
    state = normalized(state)
    DepartmentBudget.objects.select_for_update().filter(department=department, fiscal_year_id=fiscal_year_id).first()
    budget = budget_for(department_id=department.pk, fiscal_year_id=fiscal_year_id)
    current = state_from_budget(budget)
    if state_fingerprint(current) != baseline:
        raise ImportConflict(
            "预览之后，本部门的预算数据已被修改（可能有人在表单中保存了数据）。为避免覆盖，请重新上传文件并核对预览。"
        )
    keys = {"department": department, "fiscal_year_id": fiscal_year_id}
    catalogue = catalogue_for_year(fiscal_year_id)
    changes = state_changes(current, state, catalogue={code: c.name for code, c in catalogue.items()}, layout=layout)
    typed_on = layout.budget_field_sheets()
    codes = {line["code"] for line in state["functional_lines"]} | {
        line["category_code"] for line in state["project_lines"] if line["category_code"]
    }
    if codes - set(catalogue):
        raise ImportConflict(f"预览之后，{fiscal_year_id}年度的支出功能分类科目表已变化。请重新上传文件并核对预览。")
    saved = []

    table = {name: state["budget"][name] for name in BUDGET_TABLE_FIELDS if typed_on.get(name) == BUDGET_TABLE.name}
    if any(current["budget"][name] != value for name, value in table.items()):
        budget_table_save(**keys, values=table)
        saved.append(BUDGET_TABLE.name)

    lines = {kind: values for kind, values in state["three_public"].items() if values != current["three_public"][kind]}
    prior_budget = {}  # 上年“三公”经费预算合计, typed on the 三公 sheet's 上年预算数 row
    if typed_on.get("prior_three_public_budget") == THREE_PUBLIC_TABLE.name:
        value = state["budget"]["prior_three_public_budget"]
        if value != current["budget"]["prior_three_public_budget"]:
            prior_budget = {"prior_budget_total": value}
    if lines or prior_budget:
        three_public_save(**keys, lines=lines, **prior_budget)
        saved.append(THREE_PUBLIC_TABLE.name)

    if state["functional_lines"] != current["functional_lines"]:
        ids = {line.category.code: line.pk for line in budget.functional_lines.all()} if budget else {}
        rows = [
            {
                "id": ids.get(line["code"]),
                "category": catalogue[line["code"]],
                "display_name": line["display_name"],
                "amount": line["amount"],
            }
            for line in state["functional_lines"]
        ]
        functional_lines_save(**keys, rows=rows)
        saved.append(FUNCTIONAL_LINES.name)

    if state["project_lines"] != current["project_lines"]:
        current_lines = list(budget.project_lines.all()) if budget else []
        rows = _project_rows(current_lines, current["project_lines"], state["project_lines"], catalogue)
        project_lines_save(**keys, rows=rows)
        saved.append(PROJECT_LINES.name)

    basic = {
        name: state["budget"][name]
        for name in BASIC_DATA_FIELDS + PRIOR_YEAR_FIELDS
        if typed_on.get(name) == BASIC_DATA_TABLE.name
    }
    if any(current["budget"][name] != value for name, value in basic.items()):
        budget_basic_data_save(**keys, values=basic)
        saved.append(BASIC_DATA_TABLE.name)

    if layout.has(INCOME_SPENDING_TABLE.name):
        income = {name: state["budget"][name] for name in INCOME_SPENDING_FIELDS}
        if any(current["budget"][name] != state["budget"][name] for name in (*INCOME_SPENDING_FIELDS, "basic_actual")):
            budget_income_spending_save(**keys, values=income)  # derives 基本支出决算
            saved.append(INCOME_SPENDING_TABLE.name)
    if changes:
        audit_record(
            department_id=department.pk,
            fiscal_year_id=fiscal_year_id,
            user=user,
            action=AuditAction.IMPORT,
            object_label=f"从 Excel 导入“{source}”" if source else "从 Excel 导入",
            field="、".join(saved),
            new_value="\n".join(f"{c.sheet}｜{c.item}｜{c.field}：{c.old} → {c.new}" for c in changes),
        )
    return saved
