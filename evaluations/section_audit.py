"""The audit trail of section saves: what changed between a section's stored data before and
after a save (``section_data.section_snapshot``), one event per changed figure or text.

Rows of a list are matched by id, so a new row is a 新增, a removed row a 删除 and an edited row
one 修改 per changed field, each labelled the way the report names it.
"""

from django.core.exceptions import FieldDoesNotExist

from budgets.models import DepartmentBudget, ProjectLine, ThreePublicKind, ThreePublicLine
from departments.audit import audit_record
from departments.models import AuditAction, DepartmentProfile

from .models import Evaluation

LIST_LABELS = {
    "posts": ("领导职数", "title"),
    "divisions": ("内设机构", "name"),
    "key_work": ("重点工作", "text"),
    "goals": ("绩效目标", "text"),
    "lines": ("功能分类支出", "category"),
}
ROW_FIELD_LABELS = {
    "title": "职务",
    "count": "人数",
    "name": "名称",
    "text": "内容",
    "category": "功能分类科目",
    "display_name": "报告中的名称",
    "amount": "金额（万元）",
    **{f.name: str(f.verbose_name) for f in ProjectLine._meta.concrete_fields},
}


def _field_label(group: str, field: str) -> str:
    for model in (DepartmentProfile, DepartmentBudget, Evaluation):
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


def _row_label(group: str, row: dict, slug: str) -> str:
    if slug == "projects":
        return f"项目支出「{row.get('name', '')}」"
    title, key = LIST_LABELS.get(group, (group, "id"))
    shown = _text(row.get(key))
    return f"{title}「{shown[:30]}{'…' if len(shown) > 30 else ''}」"


def section_changes(before: dict, after: dict, slug: str) -> list[dict]:
    """The differences between two snapshots of one section, as audit event fields."""
    changes = []
    for group in sorted(set(before) | set(after)):
        old, new = before.get(group), after.get(group)
        if isinstance(old, list) or isinstance(new, list):
            changes += _list_changes(group, old or [], new or [], slug)
        elif group == "lines" and slug == "three-public":
            for kind in ThreePublicKind.values:
                for column, value in (new or {}).get(kind, {}).items():
                    previous = (old or {}).get(kind, {}).get(column)
                    if previous != value:
                        label = str(ThreePublicLine._meta.get_field(column).verbose_name)
                        changes.append(_update(f"三公经费「{ThreePublicKind(kind).label}」", label, previous, value))
        elif isinstance(old, dict) or isinstance(new, dict):
            for field in sorted(set(old or {}) | set(new or {})):
                if (old or {}).get(field) != (new or {}).get(field):
                    changes.append(
                        _update("", _field_label(group, field), (old or {}).get(field), (new or {}).get(field))
                    )
    return changes


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


def _list_changes(group: str, old_rows: list, new_rows: list, slug: str) -> list[dict]:
    old_by_id = {row.get("id"): row for row in old_rows if row.get("id") is not None}
    new_ids = {row.get("id") for row in new_rows}
    changes = []
    for row in new_rows:
        previous = old_by_id.get(row.get("id"))
        if previous is None:
            changes.append(
                {"action": AuditAction.CREATE, "object_label": _row_label(group, row, slug), "new_value": _summary(row)}
            )
            continue
        for field, value in row.items():
            if field != "id" and previous.get(field) != value:
                changes.append(
                    _update(
                        _row_label(group, previous, slug),
                        ROW_FIELD_LABELS.get(field, field),
                        previous.get(field),
                        value,
                    )
                )
    for row_id, row in old_by_id.items():
        if row_id not in new_ids:
            changes.append(
                {"action": AuditAction.DELETE, "object_label": _row_label(group, row, slug), "old_value": _summary(row)}
            )
    return changes


def section_save_audit(*, evaluation: Evaluation, slug: str, before: dict, after: dict, user) -> int:
    """Record every change of one section save; returns how many events were written."""
    changes = section_changes(before, after, slug)
    for change in changes:
        audit_record(
            department_id=evaluation.department_id,
            fiscal_year_id=evaluation.fiscal_year_id,
            user=user,
            section=slug,
            **change,
        )
    return len(changes)
