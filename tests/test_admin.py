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


def test_two_box_pickers_speak_chinese(client, demo):
    """Django 5.2's zh_Hans catalog lacks the picker's newer strings (「Choose 组 by selecting them…」):
    locale/ supplies them, and permissions are listed in Chinese, not as the stored 「Can add …」."""
    import gettext
    import json
    import re
    from pathlib import Path

    from django.conf import settings

    client.login(username="admin", password="tianxin2018")
    catalog = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    for wanted in ("选择全部%s", "选择选中的%s", "删除选中的%s", "在左侧列表中选中%s"):
        assert json.dumps(wanted)[1:-1] in catalog
    from django.contrib.auth.models import Group

    group_pk = Group.objects.order_by("pk").values_list("pk", flat=True).first()
    page = client.get(reverse("admin:auth_group_change", args=[group_pk])).content.decode()
    assert "Can add" not in page and "Can change" not in page
    assert "可修改部门" in page
    from django.contrib.auth import get_user_model

    admin_pk = get_user_model().objects.get(username="admin").pk  # ids differ on PostgreSQL
    user_page = client.get(reverse("admin:auth_user_change", args=[admin_pk])).content.decode()
    assert "Can view" not in user_page and "可查看" in user_page
    # the compiled catalog is the .po file's
    po = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/djangojs.po"
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po.read_text(), flags=re.MULTILINE)
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    assert len(pairs) == 7
    for msgid, msgstr in pairs:
        assert compiled.gettext(msgid.replace('\\"', '"')) == msgstr
