"""Every admin list, add and change page opens for the administrator, in Chinese."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"departments", "budgets", "evaluations", "reports"}


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS]


def test_all_project_models_are_in_admin():
    labels = {model._meta.model_name for model in registered_models()}
    assert {"department", "departmentprofile", "fiscalyear", "region", "functionalcategory"} <= labels
    assert {"departmentbudget", "projectline", "evaluation"} <= labels


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_admin_pages_open(client, demo, model):
    client.post("/accounts/login/", {"username": "filler", "password": "wrong"})  # leaves a 登录失败记录
    client.login(username="admin", password="tianxin2018")
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert "管理后台" in changelist.content.decode()
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (200 if admin.site._registry[model].has_add_permission(add.wsgi_request) else 403)
    obj = model.objects.first()
    assert obj is not None, f"the demo should contain a {opts.verbose_name}"
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_admin_search_and_filters_work(client, demo):
    client.login(username="admin", password="tianxin2018")
    url = reverse("admin:departments_department_changelist")
    page = client.get(url, {"q": "政务服务"}).content.decode()
    assert "长沙市天心区政务服务中心" in page and "演示事务中心" not in page
    assert client.get(reverse("admin:budgets_functionalcategory_changelist"), {"level": "item"}).status_code == 200


def test_admin_is_refused_to_non_staff(client, demo):
    client.login(username="filler", password="tianxin2018")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]
