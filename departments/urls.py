"""The user's own account (password, second factor) and the audit pages. Names without a namespace:
Django's password views and the session middleware refer to them by these names."""

from django.urls import path

from . import account_views, audit_views

urlpatterns = [
    path("accounts/password/", account_views.password_change, name="password_change"),
    path("accounts/password/done/", account_views.password_change_done, name="password_change_done"),
    path("accounts/otp/setup/", account_views.otp_setup, name="otp_setup"),
    path("accounts/otp/verify/", account_views.otp_verify, name="otp_verify"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.xlsx", audit_views.audit_export, name="audit_export"),
]
