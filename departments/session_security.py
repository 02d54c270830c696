"""What a logged-in session must do before and while it is used (等保 2.0 身份鉴别):

* end after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and ``SESSION_COOKIE_AGE`` seconds
  after login whatever the activity (the session is written at most once a minute to note activity,
  which would otherwise push Django's own expiry forward);
* pass the second factor first when the user has a TOTP device or ``OTP_REQUIRED_FOR`` names one of
  the user's roles (enrol first when required and there is no device);
* change the password first when an administrator created the account or reset its password
  (``AccountSecurity.must_change_password``), or when it is older than ``PASSWORD_MAX_AGE_DAYS``
  (off by default).

What is pending is decided once at login (``session_start``, a ``user_logged_in`` handler) and kept
in the server-side session, so ordinary requests cost no extra query.
"""

import time
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user

from .access import is_filler, is_reviewer
from .models import AccountSecurity
from .signals import LOGOUT_REASON_ATTRIBUTE

AUTH_AT = "security_auth_at"
SEEN_AT = "security_seen_at"
OTP_PENDING = "security_otp_pending"  # "verify" or "enroll"
CHANGE_PENDING = "security_password_change"
SEEN_RESOLUTION = 60  # seconds: activity is noted at most once a minute

# Reachable while something is pending (besides the page that resolves it).
ALWAYS_ALLOWED = ("logout", "admin:logout")


def otp_required(user) -> bool:
    wanted = {role.strip().lower() for role in getattr(settings, "OTP_REQUIRED_FOR", [])}
    if not wanted:
        return False
    if "all" in wanted:
        return True
    if "admin" in wanted and (user.is_staff or user.is_superuser):
        return True
    if "reviewer" in wanted and is_reviewer(user):
        return True
    return "filler" in wanted and is_filler(user)


def has_otp_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def session_start(sender, request, user, **kwargs):
    """``user_logged_in``: note the login time and what the session must do first."""
    session = request.session
    now = time.time()
    session[AUTH_AT] = now
    session[SEEN_AT] = now
    verified = getattr(user, "otp_device", None) is not None
    if not verified and has_otp_device(user):
        session[OTP_PENDING] = "verify"
    elif not verified and otp_required(user):
        session[OTP_PENDING] = "enroll"
    else:
        session.pop(OTP_PENDING, None)
    reason = password_change_reason(user)
    if reason:
        session[CHANGE_PENDING] = reason
    else:
        session.pop(CHANGE_PENDING, None)


def password_change_reason(user) -> str:
    """ "admin" (an administrator set the password), "expired" (older than PASSWORD_MAX_AGE_DAYS) or ""."""
    security = AccountSecurity.objects.filter(user=user).first()
    if security is not None and security.must_change_password:
        return "admin"
    days = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 0)
    if days:
        changed = (security.password_changed_at if security else None) or user.date_joined
        if timezone.now() - changed > timedelta(days=days):
            return "expired"
    return ""


def password_change_required(user) -> None:
    """An administrator set this user's password: the user changes it at the next login."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


def password_changed_by_user(request) -> None:
    AccountSecurity.objects.update_or_create(
        user=request.user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )
    request.session.pop(CHANGE_PENDING, None)


def otp_resolved(request) -> None:
    request.session.pop(OTP_PENDING, None)


def _names(*names):
    return {reverse(name) for name in names}


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            response = self._expired(request) or self._pending(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _expired(self, request):
        session = request.session
        now = time.time()
        auth_at = session.setdefault(AUTH_AT, now)
        seen_at = session.get(SEEN_AT, now)
        idle = settings.SESSION_IDLE_TIMEOUT
        reason = None
        if idle and now - seen_at > idle:
            reason = f"空闲超过 {idle // 60} 分钟，自动退出"
            text = f"您已超过 {idle // 60} 分钟没有操作，为保护账号安全已自动退出，请重新登录。"
        elif now - auth_at > settings.SESSION_COOKIE_AGE:
            reason = "登录时长超过上限，自动退出"
            text = "本次登录已超过允许的最长时间，请重新登录。"
        if reason is None:
            if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
                session[SEEN_AT] = now
            return None
        setattr(request, LOGOUT_REASON_ATTRIBUTE, reason)
        logout(request)
        messages.info(request, text)
        return redirect_to_login(request.get_full_path())

    def _pending(self, request):
        session = request.session
        otp = session.get(OTP_PENDING)
        if otp:
            target = reverse("otp_verify" if otp == "verify" else "otp_setup")
            allowed = {target} | _names(*ALWAYS_ALLOWED)
        elif session.get(CHANGE_PENDING):
            target = reverse("password_change")
            allowed = {target, reverse("password_change_done")} | _names(*ALWAYS_ALLOWED)
        else:
            return None
        if request.path in allowed:
            return None
        if request.method == "GET" and request.path != target:
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return redirect(target)
