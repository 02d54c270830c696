"""The audit trail. Services that change report data call these functions inside their transaction.

``audit_model_changes`` compares a row before and after a save and records one event per changed
field, with values as the user saw them (choices by their Chinese label).

``audit_security`` records one event of the security log (logins, downloads, admin changes, changes
of rights); the request being served (``current_request``, set by ``AuditContextMiddleware``) gives
the acting user and the client address when the caller, typically a signal handler, has neither.
"""

from contextvars import ContextVar
from decimal import Decimal

from django.db import models

from .clientip import client_address
from .models import AuditAction, AuditEvent

_current_request: ContextVar = ContextVar("audit_current_request", default=None)


def current_request():
    return _current_request.get()


class AuditContextMiddleware:
    """Make the request available to audit signal handlers (admin changes, changes of rights)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


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
    user = user if getattr(user, "is_authenticated", False) else None
    request = current_request()
    return AuditEvent.objects.create(
        department_id=department_id,
        fiscal_year_id=fiscal_year_id,
        user=user,
        username=user.get_username() if user else "",
        ip_address=client_address(request) if request is not None else None,
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


def audit_security(
    action: str,
    *,
    user=None,
    username: str = "",
    request=None,
    object_label: str = "",
    field: str = "",
    old_value: str = "",
    new_value: str = "",
    reason: str = "",
    department_id: int | None = None,
    fiscal_year_id: int | None = None,
) -> AuditEvent:
    """One event of the security log. ``user`` defaults to the user of the current request."""
    request = request if request is not None else current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    user = user if getattr(user, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        department_id=department_id,
        fiscal_year_id=fiscal_year_id,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=client_address(request) if request is not None else None,
        action=action,
        object_label=object_label[:200],
        field=field[:100],
        old_value=old_value,
        new_value=new_value,
        reason=reason,
    )
