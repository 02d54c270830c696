"""Throttle password guessing: too many recent failures lock an account or an address for a while.

Failures are rows in the database, so every gunicorn worker sees the same count.
"""

from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .models import FailedLogin

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
LOCKED_MESSAGE = "登录失败次数过多，为保护账号安全已暂时锁定，请 15 分钟后再试；如忘记密码请联系管理员。"


def client_address(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") or None


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    since = timezone.now() - WINDOW
    recent = FailedLogin.objects.filter(attempted_at__gte=since)
    if recent.filter(username__iexact=username).count() >= MAX_FAILURES_PER_ACCOUNT:
        return True
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= MAX_FAILURES_PER_ADDRESS


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    FailedLogin.objects.create(username=username[:150], ip_address=ip_address)
    FailedLogin.objects.filter(attempted_at__lt=timezone.now() - 4 * WINDOW).delete()


def login_failures_clear(*, username: str) -> None:
    FailedLogin.objects.filter(username__iexact=username).delete()


class ThrottledAuthenticationForm(AuthenticationForm):
    """The normal login form, refusing even a correct password while the account is locked."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else None
        if username and login_is_locked(username=username, ip_address=address):
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failure_record(username=username, ip_address=address)
            raise
        login_failures_clear(username=username)
        return cleaned
