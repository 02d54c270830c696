"""The audit trail of section saves: what changed between a section's snapshot before and after
a save, one event per changed figure or text, labelled the way the report names it.

Rows of a list are matched by id, so a new row is a 新增, a removed row a 删除 and an edited row
one 修改 per changed field.
"""

from django.core.exceptions import FieldDoesNotExist

from budgets.models import DepartmentBudget, FunctionalSpendingLine, ProjectLine, ThreePublicLine
from departments.audit import audit_record
from departments.models import AuditAction, DepartmentProfile

from ..models import Evaluation
from .base import Section

ROW_FIELD_LABELS = {
    "title": "职务",
    "count": "人数",
    "name": "名称",
    "text": "内容",
    # The budget lines' fields as their models name them (a project line's: ``budgets.fields``).
    **{f.name: str(f.verbose_name) for f in FunctionalSpendingLine._meta.concrete_fields},
    **{f.name: str(f.verbose_name) for f in ProjectLine._meta.concrete_fields},
}


def field_label(field: str) -> str:
    for model in (DepartmentProfile, DepartmentBudget, Evaluation, ThreePublicLine):
        try:
            return str(model._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:
            continue
    return field


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _update(label, field, old, new) -> dict:
    return {
        "action": AuditAction.UPDATE,
        "object_label": label,
        "field": field,
        "old_value": _text(old),
        "new_value": _text(new),
    }


def _summary(row: dict) -> str:
    return "；".join(f"{ROW_FIELD_LABELS.get(k, k)}：{_text(v)}" for k, v in row.items() if k != "id" and _text(v))


def section_changes(section: Section, before: dict, after: dict) -> list[dict]:
    """The differences between two snapshots of one section, as audit event fields."""
    changes = []
    for group in sorted(set(before) | set(after)):
        old, new = before.get(group), after.get(group)
        if isinstance(old, list) or isinstance(new, list):
            changes += _list_changes(section, group, old or [], new or [])
        elif isinstance(old, dict) or isinstance(new, dict):
            changes += _dict_changes(section, group, old or {}, new or {})
    return changes


def _dict_changes(section, group, old: dict, new: dict) -> list[dict]:
    changes = []
    nested = any(isinstance(v, dict) for v in [*old.values(), *new.values()])
    order = list(new) + [k for k in old if k not in new] if nested else sorted(set(old) | set(new))
    for key in order:
        previous, value = old.get(key), new.get(key)
        if isinstance(previous, dict) or isinstance(value, dict):  # a keyed row, e.g. a 三公 kind
            label = section.row_label(group, {"kind": key})
            for column in value or previous or {}:
                if (previous or {}).get(column) != (value or {}).get(column):
                    changes.append(
                        _update(label, field_label(column), (previous or {}).get(column), (value or {}).get(column))
                    )
        elif previous != value:
            changes.append(_update("", field_label(key), previous, value))
    return changes


def _list_changes(section, group: str, old_rows: list, new_rows: list) -> list[dict]:
    old_by_id = {row.get("id"): row for row in old_rows if row.get("id") is not None}
    new_ids = {row.get("id") for row in new_rows}
    changes = []
    for row in new_rows:
        previous = old_by_id.get(row.get("id"))
        if previous is None:
            changes.append(
                {
                    "action": AuditAction.CREATE,
                    "object_label": section.row_label(group, row),
                    "new_value": _summary(row),
                }
            )
            continue
        for name, value in row.items():
            if name != "id" and previous.get(name) != value:
                changes.append(
                    _update(
                        section.row_label(group, previous), ROW_FIELD_LABELS.get(name, name), previous.get(name), value
                    )
                )
    for row_id, row in old_by_id.items():
        if row_id not in new_ids:
            changes.append(
                {
                    "action": AuditAction.DELETE,
                    "object_label": section.row_label(group, row),
                    "old_value": _summary(row),
                }
            )
    return changes


def section_save_audit(*, evaluation: Evaluation, section: Section, before: dict, after: dict, user) -> int:
    """Record every change of one section save; returns how many events were written."""
    changes = section_changes(section, before, after)
    for change in changes:
        audit_record(
            department_id=evaluation.department_id,
            fiscal_year_id=evaluation.fiscal_year_id,
            user=user,
            section=section.slug,
            **change,
        )
    return len(changes)
