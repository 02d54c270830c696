"""Security-log entries written by signal handlers (connected in ``DepartmentsConfig.ready``):
logins, logouts, failed logins, admin changes (each ``LogEntry`` is mirrored) and changes of rights
(groups, user and group permissions, superuser/staff/active flags, 填报人 and 审核人 assignments).
"""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .audit import audit_security
from .login_throttle import LOCKED_FOR_ATTRIBUTE
from .models import AuditAction, DepartmentMembership, ReviewerScope

# Set on the request by whoever logs a user out for a reason (idle timeout, session age).
LOGOUT_REASON_ATTRIBUTE = "logout_reason"
ADMIN_FLAGS = {ADDITION: "新增", CHANGE: "修改", DELETION: "删除"}
USER_FLAGS = {"is_superuser": "超级用户", "is_staff": "可登录管理后台", "is_active": "启用"}


def _on_logged_in(sender, request, user, **kwargs):
    audit_security(AuditAction.LOGIN, user=user, request=request, object_label=f"用户「{user.get_username()}」")


def _on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    audit_security(
        AuditAction.LOGOUT,
        user=user,
        request=request,
        object_label=f"用户「{user.get_username()}」",
        reason=getattr(request, LOGOUT_REASON_ATTRIBUTE, ""),
    )


def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD) or "")
    locked = request is not None and getattr(request, LOCKED_FOR_ATTRIBUTE, None) is not None
    audit_security(
        AuditAction.LOGIN_FAILED,
        user=None,
        username=username,
        request=request,
        object_label=f"用户「{username[:150]}」",
        reason="账号在该地址已锁定，未校验密码" if locked else "用户名或密码错误",
    )


def _on_log_entry(sender, instance: LogEntry, created, raw=False, **kwargs):
    if not created or raw:
        return
    model_name = instance.content_type.name if instance.content_type_id else ""
    audit_security(
        AuditAction.ADMIN,
        user=instance.user,
        object_label=f"{model_name}「{instance.object_repr}」",
        field=ADMIN_FLAGS.get(instance.action_flag, ""),
        new_value=instance.get_change_message(),
    )


# --- changes of rights -------------------------------------------------------------------------


def _m2m_relations():
    User = get_user_model()
    return {
        User.groups.through: ("user", "group", "角色（用户组）"),
        User.user_permissions.through: ("user", "permission", "用户权限"),
        Group.permissions.through: ("group", "permission", "角色权限"),
    }


def _on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    relations = _m2m_relations()
    if sender not in relations:
        return
    owner_field, related_field, what = relations[sender]
    if action == "pre_clear":
        mine, other = (related_field, owner_field) if reverse else (owner_field, related_field)
        instance._audit_cleared = set(
            sender.objects.filter(**{f"{mine}_id": instance.pk}).values_list(f"{other}_id", flat=True)
        )
        return
    if action == "post_clear":
        pk_set, granted = getattr(instance, "_audit_cleared", set()), False
    elif action in ("post_add", "post_remove"):
        granted = action == "post_add"
    else:
        return
    for other in model.objects.filter(pk__in=pk_set or ()):
        owner, related = (other, instance) if reverse else (instance, other)
        audit_security(
            AuditAction.PERMISSION,
            object_label=f"{owner._meta.verbose_name}「{owner}」",
            field=what,
            old_value="" if granted else str(related),
            new_value=str(related) if granted else "",
            reason="授予" if granted else "撤销",
        )


def _on_user_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    watched = {*USER_FLAGS, "password"}
    if update_fields is not None and not (set(update_fields) & watched):
        return
    instance._audit_before = sender.objects.filter(pk=instance.pk).values(*watched).first()


def _on_user_post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    label = f"用户「{instance.get_username()}」"
    if created:
        flags = "；".join(f"{name}：{'是' if getattr(instance, f) else '否'}" for f, name in USER_FLAGS.items())
        audit_security(AuditAction.PERMISSION, object_label=label, field="新建账号", new_value=flags)
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if not before:
        return
    for flag, name in USER_FLAGS.items():
        old, new = before[flag], getattr(instance, flag)
        if old != new:
            audit_security(
                AuditAction.PERMISSION,
                object_label=label,
                field=name,
                old_value="是" if old else "否",
                new_value="是" if new else "否",
            )
    if before["password"] != instance.password:
        audit_security(AuditAction.PASSWORD, object_label=label, field="密码", reason="密码已更改")


def _on_assignment_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _assignment_event(instance, granted=True)


def _on_assignment_deleted(sender, instance, **kwargs):
    _assignment_event(instance, granted=False)


def _assignment_event(instance, *, granted: bool):
    role = "填报人" if isinstance(instance, DepartmentMembership) else "审核人"
    scope = instance.department if isinstance(instance, DepartmentMembership) else instance.region
    audit_security(
        AuditAction.PERMISSION,
        object_label=f"用户「{instance.user}」",
        field=role,
        old_value="" if granted else str(scope),
        new_value=str(scope) if granted else "",
        reason="授予" if granted else "撤销",
    )


def connect():
    User = get_user_model()
    user_logged_in.connect(_on_logged_in, dispatch_uid="audit_logged_in")
    user_logged_out.connect(_on_logged_out, dispatch_uid="audit_logged_out")
    user_login_failed.connect(_on_login_failed, dispatch_uid="audit_login_failed")
    post_save.connect(_on_log_entry, sender=LogEntry, dispatch_uid="audit_log_entry")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="audit_m2m_changed")
    pre_save.connect(_on_user_pre_save, sender=User, dispatch_uid="audit_user_pre_save")
    post_save.connect(_on_user_post_save, sender=User, dispatch_uid="audit_user_post_save")
    for model in (DepartmentMembership, ReviewerScope):
        post_save.connect(_on_assignment_saved, sender=model, dispatch_uid=f"audit_saved_{model.__name__}")
        post_delete.connect(_on_assignment_deleted, sender=model, dispatch_uid=f"audit_deleted_{model.__name__}")
