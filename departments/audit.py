"""The audit trail. Services that change report data call these functions inside their transaction.

``audit_model_changes`` compares a row before and after a save and records one event per changed
field, with values as the user saw them (choices by their Chinese label).
"""

from decimal import Decimal

from django.db import models

from .models import AuditAction, AuditEvent


def _display(instance, field: models.Field) -> str:
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "是" if value else "否"
    if field.is_relation:
        return str(getattr(instance, field.name))
    return str(value)


def tracked_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.editable and f.name != "order"
    ]


def audit_record(
    *,
    department_id: int,
    fiscal_year_id: int,
    user,
    action: str,
    section: str = "",
    object_label: str = "",
    field: str = "",
    old_value: str = "",
    new_value: str = "",
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        department_id=department_id,
        fiscal_year_id=fiscal_year_id,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        section=section,
        object_label=object_label[:200],
        field=field[:100],
        old_value=old_value,
        new_value=new_value,
        reason=reason,
    )


def audit_model_changes(
    *, before, after, user, department_id: int, fiscal_year_id: int, section: str, object_label: str = ""
) -> list[AuditEvent]:
    """Record a create (before is None), a delete (after is None) or each changed field of an update."""
    instance = after if after is not None else before
    label = object_label or f"{instance._meta.verbose_name}「{instance}」"
    keys = {"department_id": department_id, "fiscal_year_id": fiscal_year_id, "user": user, "section": section}
    fields = tracked_fields(type(instance))
    if before is None or after is None:
        action = AuditAction.CREATE if before is None else AuditAction.DELETE
        summary = "；".join(f"{f.verbose_name}：{_display(instance, f)}" for f in fields if _display(instance, f))
        values = {"new_value": summary} if before is None else {"old_value": summary}
        return [audit_record(action=action, object_label=label, **values, **keys)]
    events = []
    for f in fields:
        old, new = _display(before, f), _display(after, f)
        if old != new:
            events.append(
                audit_record(
                    action=AuditAction.UPDATE,
                    object_label=label,
                    field=str(f.verbose_name),
                    old_value=old,
                    new_value=new,
                    **keys,
                )
            )
    return events
