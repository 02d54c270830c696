"""Every URL of the app, tried by every kind of user: anonymous, 填报人 of another department,
own 填报人, 审核人 out of scope, 审核人 in scope, administrator.

The expectation follows from the rule the view declares (departments.access): a new view is
checked the moment it is added, and a view without a rule fails tests/test_access.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from departments.access import FILLER, FILLER_OR_REVIEWER, PUBLIC, REVIEWER
from departments.models import Region, ReviewerScope
from evaluations.models import ReviewComment

pytestmark = pytest.mark.django_db

# How to fill each URL parameter: with the seed report's objects (they belong to `filler`).
ROLES = ["anonymous", "other_filler", "reviewer_out_of_scope", "own_filler", "reviewer", "admin"]


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


ALL_ROUTES = sorted(routes(), key=lambda item: item[0])


def fill_route(route: str, pattern: URLPattern, values: dict) -> str:
    converters = pattern.pattern.converters
    url = route
    for name in converters:
        if name not in values:
            pytest.fail(f"tests/security/test_permission_matrix.py does not know how to fill <{name}> in {route}")
        url = url.replace(f"<int:{name}>", str(values[name])).replace(f"<slug:{name}>", str(values[name]))
        url = url.replace(f"<str:{name}>", str(values[name])).replace(f"<{name}>", str(values[name]))
    return "/" + url


def users():
    User = get_user_model()
    outsider = User.objects.create_user("reviewer_other_region", password="tianxin2018")
    ReviewerScope.objects.create(user=outsider, region=Region.objects.create(name="长沙市岳麓区", short_name="岳麓区"))
    return {
        "anonymous": None,
        "other_filler": User.objects.get(username="filler2"),
        "reviewer_out_of_scope": outsider,
        "own_filler": User.objects.get(username="filler"),
        "reviewer": User.objects.get(username="reviewer"),
        "admin": User.objects.get(username="admin"),
    }


def expected(rule: str, role: str, has_object: bool) -> str:
    """'login', 'forbidden', 'not_found' or 'allowed'."""
    if rule == PUBLIC:
        return "allowed"
    if role == "anonymous":
        return "login"
    is_filler = role in {"own_filler", "other_filler"}
    is_reviewer = role in {"reviewer", "reviewer_out_of_scope", "admin"}
    permitted = {
        FILLER: is_filler,
        REVIEWER: is_reviewer,
        FILLER_OR_REVIEWER: is_filler or is_reviewer,
    }.get(rule, True)
    if not permitted:
        return "forbidden"
    if has_object and role in {"other_filler", "reviewer_out_of_scope"}:
        return "not_found"
    return "allowed"


def outcome(response) -> str:
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "not_found"
    assert response.status_code < 500, response.status_code
    return "allowed"


@pytest.mark.parametrize(("route", "pattern"), ALL_ROUTES, ids=[r for r, _ in ALL_ROUTES])
def test_permission_matrix(route, pattern, demo, seed_evaluation):
    rule = pattern.callback.access_rule
    comment = ReviewComment.objects.create(
        evaluation=seed_evaluation,
        section="projects",
        text="请核对",
        author=get_user_model().objects.get(username="reviewer"),
    )
    region_id = seed_evaluation.department.region_id
    values = {
        "pk": seed_evaluation.pk,
        "comment_pk": comment.pk,
        "slug": "projects",
        "region_id": region_id,
        "year": 2018,
    }
    url = fill_route(route, pattern, values)
    has_object = bool(pattern.pattern.converters)
    people = users()
    results = {}
    for role in ROLES:
        client = Client()
        if people[role]:
            client.force_login(people[role])
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        results[role] = outcome(response)
    if route == "accounts/logout/":
        # Logging out ends on the login page for everyone.
        assert set(results.values()) == {"login"}
        return
    assert results == {role: expected(rule, role, has_object) for role in ROLES}


def test_post_views_enforce_csrf(demo, seed_evaluation):
    """Every POST-only view refuses a POST without a CSRF token (403), even for its rightful user."""
    people = users()
    checked = 0
    for route, pattern in ALL_ROUTES:
        values = {"pk": seed_evaluation.pk, "comment_pk": 1, "slug": "projects", "region_id": 1, "year": 2018}
        url = fill_route(route, pattern, values)
        for role in ("own_filler", "reviewer"):
            client = Client(enforce_csrf_checks=True)
            client.force_login(people[role])
            response = client.post(url, {})
            if response.status_code in (403,) and b"CSRF" in response.content:
                checked += 1
            else:
                assert response.status_code in (403, 404, 405), (route, role, response.status_code)
    assert checked >= 5
