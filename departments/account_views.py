"""The user's own account: change the password, enrol and verify the second factor (TOTP)."""

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import AUTHENTICATED, access
from .audit import audit_security
from .models import AuditAction
from .session_security import CHANGE_PENDING, OTP_PENDING, otp_required, otp_resolved, password_changed_by_user


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse_lazy(default)


# --- password ------------------------------------------------------------------------------


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise forms.ValidationError("新密码不能与原密码相同。", code="password_unchanged")
        return password


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = self.request.session.get(CHANGE_PENDING) or ""
        context["max_age_days"] = settings.PASSWORD_MAX_AGE_DAYS
        context["next"] = self.request.GET.get("next", "")
        return context

    def form_valid(self, form):
        super().form_valid(form)  # saves, keeps this session logged in
        password_changed_by_user(self.request)
        messages.success(self.request, "密码已修改，下次登录请使用新密码。")
        return redirect(_next_url(self.request, default="password_change_done"))


password_change = access(AUTHENTICATED)(PasswordChangeView.as_view())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


password_change_done = access(AUTHENTICATED)(PasswordChangeDoneView.as_view())


# --- second factor (TOTP) --------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态验证码",
        max_length=8,
        min_length=6,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("动态验证码为 6 位数字。")
        return token


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@access(AUTHENTICATED)
@never_cache
@sensitive_post_parameters("token")
def otp_setup(request):
    user = request.user
    confirmed = list(devices_for_user(user, confirmed=True))
    if confirmed:
        return render(
            request,
            "accounts/otp_setup.html",
            {"enabled": True, "required": otp_required(user), "device": confirmed[0]},
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="手机验证器", confirmed=False
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            otp_resolved(request)
            audit_security(AuditAction.OTP, object_label=f"用户「{user.get_username()}」", reason="启用双因素认证")
            messages.success(request, "双因素认证已启用：以后登录时，输入密码后还需输入手机验证器上的动态验证码。")
            return redirect(_next_url(request))
        form.add_error("token", "动态验证码不正确，请核对手机时间后重新输入。")
    uri = device.config_url
    context = {
        "enabled": False,
        "required": request.session.get(OTP_PENDING) == "enroll",
        "form": form,
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "otpauth_uri": uri,
        "qr_data_uri": segno.make(uri, error="m").svg_data_uri(scale=5),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/otp_setup.html", context)


@access(AUTHENTICATED)
@never_cache
@sensitive_post_parameters("token")
def otp_verify(request):
    user = request.user
    if request.session.get(OTP_PENDING) != "verify":
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices_for_user(user, confirmed=True):
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                form.add_error("token", "动态验证码错误次数过多，请稍候片刻再试。")
                break
            verified = django_otp.verify_token(user, device.persistent_id, token)
            if verified is not None:
                django_otp.login(request, verified)
                otp_resolved(request)
                audit_security(
                    AuditAction.OTP, object_label=f"用户「{user.get_username()}」", reason="动态验证码验证通过"
                )
                return redirect(_next_url(request))
        else:
            form.add_error("token", "动态验证码不正确。")
        audit_security(AuditAction.LOGIN_FAILED, object_label=f"用户「{user.get_username()}」", reason="动态验证码错误")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})
