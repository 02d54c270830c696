"""Every URL of the app, tried by every kind of user: anonymous, 填报人 of another department,
审核人 out of scope, own 填报人, 审核人 in scope, administrator, two dual-role users — the
填报人 of the report's department who also reviews another region (``dual_other``), and the one
who also reviews the department's own region (``dual_own``) — and the three administrator roles
of 三员分立 (系统管理员, 安全管理员, 审计管理员: no report pages, only the 审计管理员 reads the
audit). What they may do in admin: tests/security/test_admin_roles.py.

The expectations are a hand-written table (``EXPECTED``), not derived from the views' declared
rules, so a wrong rule fails here. A new view fails until a row is written for it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from departments.models import Department, DepartmentMembership, Region, ReviewerScope
from departments.roles import AUDIT_ADMIN_GROUP, SECURITY_ADMIN_GROUP, SYSTEM_ADMIN_GROUP
from evaluations.models import ReviewComment

pytestmark = pytest.mark.django_db

# How to fill each URL parameter: with the seed report's objects (they belong to `filler`).
ROLES = [
    "anonymous",
    "other_filler",
    "reviewer_out_of_scope",
    "own_filler",
    "reviewer",
    "admin",
    "dual_other",
    "dual_own",
    "system_admin",
    "security_admin",
    "audit_admin",
]
ADMIN_ROLE_GROUPS = {
    "system_admin": SYSTEM_ADMIN_GROUP,
    "security_admin": SECURITY_ADMIN_GROUP,
    "audit_admin": AUDIT_ADMIN_GROUP,
}
OUTCOMES = {"L": "login", "F": "forbidden", "N": "not_found", "A": "allowed"}

# One row per URL, one letter per role in ROLES order: L login, F 403, N 404, A allowed.
# The objects in the URL are the seed report's, of own_filler's (and both dual users') department.
# anon other rev_out own rev admin dual_other dual_own | system_admin security_admin audit_admin
FILL = "L N F A F F A A F F F"  # the department's 填报人 only (edit scope); reviewers and admin are not fillers
READ = "L N N A A A A A F F F"  # fillers of the department and reviewers of its region (view scope)
REVIEW = "L F N F A A N N F F F"  # reviewers of the region, never a department they fill (review scope)
AUDIT = "L F F F F A F F F F A"  # the 审计管理员 (and a superuser) only
SIGNED_IN = "L A A A A A A A A A A"
ANALYSIS = "L F N F A A N A F F F"
# creating accounts and granting roles at once: a superuser (no single role of 三员分立 holds both, ADR 16)
ONBOARDING = "L F F F F A F F F F F"
CATALOGUE = "L F F F F A F F A F F"  # the catalogue's add and change permissions: the 系统管理员 (and a superuser)
EXPECTED = {
    "": "L A A A A A A A A A A",
    "accounts/login/": "A A A A A A A A A A A",
    "evaluations/": "L A A A A A A A A A A",
    "evaluations/start/": "L A F A F F A A F F F",
    "evaluations/<int:pk>/fill/": FILL,
    "evaluations/<int:pk>/sections/<slug:slug>/": FILL,
    "evaluations/<int:pk>/checklist/": READ,
    "evaluations/<int:pk>/checklist/acknowledge/": FILL,
    "evaluations/<int:pk>/scoring/": READ,
    "evaluations/<int:pk>/scoring/manual/": FILL,
    # an administrator (who may change frameworks) sets the report's framework before submission
    "evaluations/<int:pk>/scoring/framework/": "L N N F F A F F F F F",
    "evaluations/<int:pk>/submit/": FILL,
    "evaluations/<int:pk>/comments/<int:comment_pk>/reply/": FILL,
    "evaluations/<int:pk>/comments/<int:comment_pk>/resolve/": REVIEW,
    "evaluations/<int:pk>/import/": FILL,
    "evaluations/<int:pk>/import/confirm/": FILL,
    "evaluations/<int:pk>/import/template.xlsx": FILL,
    "reports/<int:pk>/": READ,
    "reports/<int:pk>/pdf/": READ,
    "reports/<int:pk>/excel/": READ,
    "reports/<int:pk>/history/": READ,
    "reports/<int:pk>/review/": READ,  # the review page: its 填报人 reads it and answers comments there
    "reports/<int:pk>/review/approve/": REVIEW,
    "reports/<int:pk>/review/return/": REVIEW,
    "reports/<int:pk>/review/reopen/": REVIEW,
    "reports/<int:pk>/review/comment/": REVIEW,
    "reports/review/": "L F A F A A A A F F F",
    "reports/review/pdfs.zip": "L F A F A A A A F F F",
    "reports/summary.xlsx": "L F A F A A A A F F F",
    "reports/<int:pk>/docx/": READ,
    "reports/<int:pk>/word-import/": FILL,
    "reports/<int:pk>/history.xlsx": READ,
    "favicon.ico": "A A A A A A A A A A A",
    # the district analysis: reviewers of the region (a dual-role user too: it is no department's report)
    "reports/analysis/<int:region_id>/<int:year>/": ANALYSIS,
    "reports/analysis/<int:region_id>/<int:year>/pdf/": ANALYSIS,
    "reports/analysis/<int:region_id>/<int:year>/xlsx/": ANALYSIS,
    "reports/analysis/<int:region_id>/<int:year>/docx/": ANALYSIS,
    "reports/analysis/<int:region_id>/<int:year>/edit/": ANALYSIS,
    "reports/analysis/<int:region_id>/<int:year>/paragraph/": ANALYSIS,
    # the 年度准备 checklist: the finance bureau (reviewers of the region), administrators and the
    # 系统管理员, whose reference data its links fix (every region)
    "evaluations/setup/": "L F A F A A A A A F F",
    "evaluations/setup/<int:region_id>/<int:year>/": "L F N F A A N A A F F",
    "start/": SIGNED_IN,
    "reports/<int:pk>/word-import/confirm/": FILL,
    "accounts/password/": SIGNED_IN,
    "accounts/password/done/": SIGNED_IN,
    "accounts/otp/setup/": SIGNED_IN,
    "accounts/otp/verify/": SIGNED_IN,
    "audit/": AUDIT,
    "audit/export.xlsx": AUDIT,
    "setup/onboarding/": ONBOARDING,
    "setup/onboarding/confirm/": ONBOARDING,
    "setup/onboarding/template.xlsx": ONBOARDING,
    # the initial passwords exist only in the session of the administrator who just imported: 404 otherwise
    "setup/onboarding/passwords.xlsx": "L F F F F N F F F F F",
    "setup/catalogue/": CATALOGUE,
    "setup/catalogue/confirm/": CATALOGUE,
    "setup/catalogue/template.xlsx": CATALOGUE,
}


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
    other_region = Region.objects.create(name="长沙市岳麓区", short_name="岳麓区")
    outsider = User.objects.create_user("reviewer_other_region", password="tianxin2018")
    ReviewerScope.objects.create(user=outsider, region=other_region)
    own_department = Department.objects.get(full_name="长沙市天心区政务服务中心")
    dual_other = User.objects.create_user("filler_reviewing_other_region", password="tianxin2018")
    DepartmentMembership.objects.create(user=dual_other, department=own_department)
    ReviewerScope.objects.create(user=dual_other, region=other_region)
    staff = {}
    for role, group in ADMIN_ROLE_GROUPS.items():
        staff[role] = User.objects.create_user(role, password="tianxin2018", is_staff=True)
        staff[role].groups.add(Group.objects.get(name=group))
    dual_own = User.objects.create_user("filler_reviewing_own_region", password="tianxin2018")
    DepartmentMembership.objects.create(user=dual_own, department=own_department)
    ReviewerScope.objects.create(user=dual_own, region=own_department.region)
    return {
        "anonymous": None,
        "other_filler": User.objects.get(username="filler2"),
        "reviewer_out_of_scope": outsider,
        "own_filler": User.objects.get(username="filler"),
        "reviewer": User.objects.get(username="reviewer"),
        "admin": User.objects.get(username="admin"),
        "dual_other": dual_other,
        "dual_own": dual_own,
        **staff,
    }


def expected(route: str) -> dict[str, str]:
    if route not in EXPECTED:
        pytest.fail(f"write the expected outcomes of {route} in tests/security/test_permission_matrix.py EXPECTED")
    letters = EXPECTED[route].split()
    assert len(letters) == len(ROLES), route
    return {role: OUTCOMES[letter] for role, letter in zip(ROLES, letters, strict=True)}


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
    assert results == expected(route)


def test_every_route_has_a_row():
    routes_known = {route for route, _ in ALL_ROUTES} - {"accounts/logout/"}
    assert routes_known == set(EXPECTED)


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
