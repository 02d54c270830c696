"""Setting up a district: bulk onboarding and the 科目 import (reports/setup_views.py)."""

from django.urls import path

from . import setup_views
from .downloads import audited_download

app_name = "setup"

urlpatterns = [
    path("onboarding/", setup_views.onboarding, name="onboarding"),
    path("onboarding/confirm/", setup_views.onboarding_confirm, name="onboarding_confirm"),
    path(
        "onboarding/template.xlsx",
        audited_download("部门和用户导入模板")(setup_views.onboarding_template),
        name="onboarding_template",
    ),
    path(
        "onboarding/passwords.xlsx",
        audited_download("新建账号初始密码")(setup_views.onboarding_passwords),
        name="onboarding_passwords",
    ),
    path("catalogue/", setup_views.catalogue, name="catalogue"),
    path("catalogue/confirm/", setup_views.catalogue_confirm, name="catalogue_confirm"),
    path(
        "catalogue/template.xlsx",
        audited_download("科目导入模板")(setup_views.catalogue_template),
        name="catalogue_template",
    ),
]
