"""Who may see what. Deny by default: every view declares a rule with ``@access(...)``.

Roles come from data, not from flags: a 填报人 is a user with a ``DepartmentMembership``, a
审核人 a user with a ``ReviewerScope``, an administrator a superuser. The 审计管理员 (and a superuser)
holds the permission to read the audit (``departments.view_auditevent``); the three administrator
roles of 三员分立 are groups (``departments.roles``), used in admin. The 年度准备 pages
(``YEAR_SETUP``) are for the 审核人 (the finance bureau) and for whoever may change the years, the
system's reference data (the 系统管理员, ``SETUP_PERMISSION``): the checklist points to their admin
pages. Object-level filtering is done by ``restrict(queryset, user, action=Action.…)`` so a guessed
id of another department's object gives 404; review actions never reach a department the reviewer
also fills.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Department, DepartmentMembership, ReviewerScope

PUBLIC = "public"
AUTHENTICATED = "authenticated"
FILLER = "filler"
REVIEWER = "reviewer"
FILLER_OR_REVIEWER = "filler_or_reviewer"
AUDITOR = "auditor"
YEAR_SETUP = "year_setup"
RULES = {PUBLIC, AUTHENTICATED, FILLER, REVIEWER, FILLER_OR_REVIEWER, AUDITOR, YEAR_SETUP}
AUDIT_PERMISSION = "departments.view_auditevent"
SETUP_PERMISSION = "departments.change_fiscalyear"


def is_filler(user) -> bool:
    return user.is_authenticated and user.department_memberships.exists()


def is_reviewer(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.reviewer_scopes.exists())


def is_auditor(user) -> bool:
    return user.is_authenticated and user.has_perm(AUDIT_PERMISSION)


def is_setup_administrator(user) -> bool:
    """May change the reference data a year needs (the 系统管理员, a superuser): sees every region's
    年度准备 checklist."""
    return user.is_authenticated and user.has_perm(SETUP_PERMISSION)


def _allowed(user, rule: str) -> bool:
    if rule == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if rule == AUTHENTICATED:
        return True
    if rule == FILLER:
        return is_filler(user)
    if rule == REVIEWER:
        return is_reviewer(user)
    if rule == AUDITOR:
        return is_auditor(user)
    if rule == YEAR_SETUP:
        return is_reviewer(user) or is_setup_administrator(user)
    return is_filler(user) or is_reviewer(user)


def access(rule: str):
    """Declare and enforce who may call a view. Anonymous users are sent to the login page."""
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if rule != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not _allowed(request.user, rule):
                raise PermissionDenied("您没有访问此页面的权限。")
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule
        return wrapped

    return decorator


class Action(StrEnum):
    """What a view does with a department's report; each action has its own scope (``restrict``)."""

    VIEW = "view"  # read: own departments and the regions reviewed
    EDIT = "edit"  # change the report's data as its 填报人: own departments only
    REVIEW = "review"  # comment, return, approve, reopen: reviewed regions, never a department one fills


def visible_departments(user) -> QuerySet[Department]:
    """Departments whose reports the user may read: own departments, or the reviewer's regions."""
    if not user.is_authenticated:
        return Department.objects.none()
    if user.is_superuser:
        return Department.objects.all()
    return Department.objects.filter(Q(memberships__user=user) | Q(region__reviewer_scopes__user=user)).distinct()


def editable_departments(user) -> QuerySet[Department]:
    """Departments whose data the user may change: only a 填报人's own departments."""
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(memberships__user=user)


def reviewable_departments(user) -> QuerySet[Department]:
    """Departments whose reports the user may review: the reviewer's regions (all, for a superuser),
    minus every department the user fills — nobody reviews, let alone approves, their own report."""
    if not user.is_authenticated:
        return Department.objects.none()
    # Subqueries of the two small tables, no join: each department once without DISTINCT, so the
    # dashboard can annotate, count and page it over 15,000 departments.
    reviewed = Department.objects.all() if user.is_superuser else Department.objects.filter(
        region_id__in=ReviewerScope.objects.filter(user=user).values("region_id")
    )
    return reviewed.exclude(pk__in=DepartmentMembership.objects.filter(user=user).values("department_id"))


SCOPES = {Action.VIEW: visible_departments, Action.EDIT: editable_departments, Action.REVIEW: reviewable_departments}


def restrict(queryset: QuerySet, user, *, action: Action = Action.VIEW, field: str = "department") -> QuerySet:
    """Limit any queryset with a department foreign key to what ``user`` may do with it for ``action``
    (``Action.VIEW`` / ``EDIT`` / ``REVIEW``; their string values are accepted too)."""
    departments = SCOPES[Action(action)](user)
    return queryset.filter(**{f"{field}__in": departments.values("pk")})
