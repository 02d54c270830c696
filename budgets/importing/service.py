"""Import a workbook into a department-year's budget: prepare (check, parse, diff) and apply.

``budget_import_prepare`` never writes. ``budget_import_apply`` writes the previewed state in one
transaction, after checking that the stored data is still what the preview was computed from.
Whether the report may be changed at all (a locked report) is decided by the caller, which knows
the report: this module is in ``budgets`` and does not look upward.
"""

from dataclasses import dataclass, field

from django.db import transaction

from departments.models import Department

from ..models import DepartmentBudget, FunctionalCategory, FunctionalSpendingLine, ProjectLine, ThreePublicLine
from ..selectors import budget_for
from .changes import Change, match_project_lines, state_changes
from .reader import Problem, read_state
from .safety import check_file
from .state import (
    BUDGET_FIELDS,
    PROJECT_FIELDS,
    THREE_PUBLIC_FIELDS,
    normalized,
    state_fingerprint,
    state_from_budget,
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


def catalogue_for(fiscal_year_id: int) -> dict[str, str]:
    return dict(FunctionalCategory.objects.filter(fiscal_year_id=fiscal_year_id).values_list("code", "name"))


def stored_state(*, department_id: int, fiscal_year_id: int) -> dict:
    return state_from_budget(budget_for(department_id=department_id, fiscal_year_id=fiscal_year_id))


def budget_import_prepare(*, department: Department, fiscal_year_id: int, data: bytes) -> ImportPreview:
    """Check and read the file; list every problem, or every change it would make. Writes nothing.

    Raises ``safety.FileRefused`` when the file as a whole cannot be read.
    """
    check_file(data)
    catalogue = catalogue_for(fiscal_year_id)
    new_state, problems = read_state(
        data,
        catalogue=catalogue,
        department_code=department.code,
        year=fiscal_year_id,
        department_name=department.full_name,
    )
    current = stored_state(department_id=department.pk, fiscal_year_id=fiscal_year_id)
    preview = ImportPreview(state=normalized(new_state), baseline=state_fingerprint(current), problems=problems)
    if not problems:
        preview.changes = state_changes(current, preview.state, catalogue=catalogue)
    return preview


def _save(obj, fields: list[str] | None = None):
    obj.full_clean()
    obj.save(update_fields=fields) if fields else obj.save()


def _set(obj, values: dict) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


@transaction.atomic
def budget_import_apply(*, department: Department, fiscal_year_id: int, state: dict, baseline: str) -> int:
    """Make the stored budget data equal ``state``; returns the number of rows written.

    Raises ``ImportConflict`` (and writes nothing) when the stored data is no longer what the
    preview was computed from, e.g. someone saved a form in between.
    """
    state = normalized(state)
    budget = (
        DepartmentBudget.objects.select_for_update()
        .filter(department=department, fiscal_year_id=fiscal_year_id)
        .first()
    )
    current = stored_state(department_id=department.pk, fiscal_year_id=fiscal_year_id)
    if state_fingerprint(current) != baseline:
        raise ImportConflict(
            "预览之后，本部门的预算数据已被修改（可能有人在表单中保存了数据）。为避免覆盖，请重新上传文件并核对预览。"
        )
    catalogue = {
        category.code: category for category in FunctionalCategory.objects.filter(fiscal_year_id=fiscal_year_id)
    }
    written = 0

    if budget is None:
        budget = DepartmentBudget(department=department, fiscal_year_id=fiscal_year_id, **state["budget"])
        _save(budget)
        written += 1
    else:
        changed = _set(budget, {name: state["budget"][name] for name in BUDGET_FIELDS})
        if changed:
            budget.lock_version += 1
            _save(budget, [*changed, "lock_version"])
            written += 1

    existing = {line.kind: line for line in ThreePublicLine.objects.filter(budget=budget)}
    for kind, values in state["three_public"].items():
        values = {name: values[name] for name in THREE_PUBLIC_FIELDS}
        line = existing.get(kind)
        if line is None:
            if any(value is not None for value in values.values()):
                _save(ThreePublicLine(budget=budget, kind=kind, **values))
                written += 1
        elif changed := _set(line, values):
            _save(line, changed)
            written += 1

    by_code = {
        line.category.code: line
        for line in FunctionalSpendingLine.objects.filter(budget=budget).select_related("category")
    }
    wanted = {line["code"] for line in state["functional_lines"]}
    for line in by_code.values():
        if line.category.code not in wanted:
            line.delete()
            written += 1
    for order, values in enumerate(state["functional_lines"], start=1):
        fields = {"order": order, "display_name": values["display_name"], "amount": values["amount"]}
        line = by_code.get(values["code"])
        if line is None:
            _save(FunctionalSpendingLine(budget=budget, category=catalogue[values["code"]], **fields))
            written += 1
        elif changed := _set(line, fields):
            _save(line, changed)
            written += 1

    old_lines = list(ProjectLine.objects.filter(budget=budget))
    old_states = current["project_lines"]
    for old_index, new_index in match_project_lines(old_states, state["project_lines"]):
        if new_index is None:
            old_lines[old_index].delete()
            written += 1
            continue
        values = {name: state["project_lines"][new_index][name] for name in PROJECT_FIELDS}
        code = values.pop("category_code")
        fields = {**values, "order": new_index + 1, "category": catalogue[code] if code else None}
        if old_index is None:
            _save(ProjectLine(budget=budget, **fields))
            written += 1
        elif changed := _set(old_lines[old_index], fields):
            _save(old_lines[old_index], changed)
            written += 1
    return written
