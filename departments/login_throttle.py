"""Throttle password guessing on every login path (the login page, /admin/login/, anything that calls
``django.contrib.auth.authenticate`` with a request).

* Counted per (account, client address) pair: made-up names lock out nobody, and a colleague behind
  the same proxy or office NAT keeps logging in while a guesser is locked (the client address comes
  from ``departments.clientip``, which believes X-Forwarded-For only from the configured proxies).
* An attempt is counted *before* its password is checked, by one conditional UPDATE
  (``failures < limit``): however many guesses arrive at once, at most ``LOGIN_FAILURE_LIMIT``
  passwords are checked per pair and lockout period. A correct password deletes the count.
* The lock ends ``LOGIN_LOCKOUT_MINUTES`` after the last counted failure; refused attempts do not
  extend it. An administrator unlocks at once by deleting the row (admin 登录锁定 → 解除锁定).
* Every failure is also an ``AuditEvent`` (``departments.audit``), kept for the retention period.

Why not django-axes: docs/adr/0003-own-login-throttle.md.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from .clientip import client_address
from .models import LoginFailureCounter

# Set on the request when the attempt was refused without checking the password.
LOCKED_FOR_ATTRIBUTE = "login_locked_for"


def failure_limit() -> int:
    return settings.LOGIN_FAILURE_LIMIT


def lockout_period() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def normalized_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def locked_message(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return (
        f"登录失败次数过多，为保护账号安全，该账号在当前地址已被暂时锁定，请 {minutes} 分钟后再试；"
        "如需立即解锁或忘记密码，请联系安全管理员。"
    )


def attempt_admit(*, username: str, ip_address: str | None) -> timedelta | None:
    """Count one attempt of the pair. None: go on and check the password; else the time left locked."""
    key = {"username": normalized_username(username), "ip_address": ip_address or ""}
    now = timezone.now()
    stale = now - lockout_period()
    if not LoginFailureCounter.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                LoginFailureCounter.objects.create(**key, failures=0, last_failure_at=now)
        except IntegrityError:
            pass  # created at the same moment by a parallel attempt: count on that row
    admitted = (
        LoginFailureCounter.objects.filter(**key)
        .filter(Q(failures__lt=failure_limit()) | Q(last_failure_at__lt=stale))
        .update(
            failures=Case(When(last_failure_at__lt=stale, then=Value(1)), default=F("failures") + 1),
            last_failure_at=now,
        )
    )
    if admitted:
        return None
    counter = LoginFailureCounter.objects.filter(**key).first()
    return (counter.last_failure_at + lockout_period() - now) if counter else lockout_period()


def attempt_succeeded(*, username: str, ip_address: str | None) -> None:
    LoginFailureCounter.objects.filter(username=normalized_username(username), ip_address=ip_address or "").delete()


def counters_expired_delete() -> int:
    return LoginFailureCounter.objects.filter(last_failure_at__lt=timezone.now() - lockout_period()).delete()[0]


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend behind the throttle. Without a request (the shell, tests calling
    ``Client.login``) there is no client to throttle and the password is checked as usual."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or username is None or password is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        address = client_address(request)
        wait = attempt_admit(username=username, ip_address=address)
        if wait is not None:
            setattr(request, LOCKED_FOR_ATTRIBUTE, wait)
            # Stops authenticate(); Django then sends user_login_failed, which the audit records.
            raise PermissionDenied("login locked")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            attempt_succeeded(username=username, ip_address=address)
        else:
            counters_expired_delete()
        return user


class LockoutMessageMixin:
    """Tell a locked-out user how long to wait, instead of 'wrong password'."""

    def get_invalid_login_error(self):
        wait = getattr(self.request, LOCKED_FOR_ATTRIBUTE, None) if self.request else None
        if wait is not None:
            return ValidationError(locked_message(wait), code="locked")
        return super().get_invalid_login_error()


class LoginForm(LockoutMessageMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    pass
