"""Deny by default: every view declares who may use it; data of other departments stays hidden."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from departments.access import RULES, editable_departments, visible_departments

pytestmark = pytest.mark.django_db


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django admin enforces staff access itself
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_declares_an_access_rule():
    undeclared = [
        route for route, view in walk(get_resolver().url_patterns) if getattr(view, "access_rule", None) not in RULES
    ]
    assert undeclared == []


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_login_page_is_chinese(client):
    page = client.get("/accounts/login/").content.decode()
    assert "用户名" in page and "密码" in page


def test_filler_sees_only_own_department(client, demo):
    from django.contrib.auth import get_user_model

    filler = get_user_model().objects.get(username="filler")
    assert [d.full_name for d in visible_departments(filler)] == ["长沙市天心区政务服务中心"]
    client.force_login(filler)
    page = client.get("/").content.decode()
    assert "长沙市天心区政务服务中心" in page and "演示事务中心" not in page


def test_reviewer_sees_region_but_edits_nothing(demo):
    from django.contrib.auth import get_user_model

    reviewer = get_user_model().objects.get(username="reviewer")
    assert visible_departments(reviewer).count() == 2
    assert editable_departments(reviewer).count() == 0
