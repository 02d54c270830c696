"""Bulk onboarding's write: departments, user accounts with a generated initial password each (and
their 联系电话, when given), and their grants, all or nothing, with one 导入 event in the security log. The plan comes from
``budgets.importing.onboarding.onboarding_prepare`` (read and checked there); what may have changed
since the preview is checked again here, under the transaction.

Each initial password is random (``secrets``), meets the password rules, is returned once to be shown
and handed over, and must be changed at the first login (``AccountSecurity.must_change_password``,
enforced by ``session_security``).
"""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from .audit import audit_security
from .models import AuditAction, Department, DepartmentMembership, Region, ReviewerScope, UserProfile
from .session_security import password_change_required

# No look-alikes (0/O, 1/l/I) in a password read off paper.
_LETTERS_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LETTERS_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"
_SYMBOLS = "#%+=@"
PASSWORD_LENGTH = 12


class OnboardingConflict(Exception):
    """The data changed between preview and confirm; ``str(error)`` is the Chinese message."""


def initial_password() -> str:
    """12 characters of all four kinds (the rules ask for 10 of three)."""
    pools = [_LETTERS_UPPER, _LETTERS_LOWER, _DIGITS, _SYMBOLS]
    everything = "".join(pools)
    chars = [secrets.choice(pool) for pool in pools]
    chars += [secrets.choice(everything) for _ in range(PASSWORD_LENGTH - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _check_still_new(plan: dict) -> dict[str, Region]:
    codes = [record["code"] for record in plan["departments"]]
    names = [record["full_name"] for record in plan["departments"]]
    taken = list(Department.objects.filter(code__in=codes).values_list("code", flat=True))
    taken += list(Department.objects.filter(full_name__in=names).values_list("full_name", flat=True))
    User = get_user_model()
    usernames = [record["username"] for record in plan["users"]]
    existing = {name.lower() for name in User.objects.values_list("username", flat=True)}
    taken += [name for name in usernames if name.lower() in existing]
    if taken:
        raise OnboardingConflict(
            f"在您预览之后，系统中已新增了{'、'.join(taken[:10])}{'等' if len(taken) > 10 else ''}。请重新上传文件，核对新的预览后再确认。"
        )
    regions = {region.name: region for region in Region.objects.all()}
    wanted = {record["region"] for record in plan["departments"]} | {
        name for record in plan["users"] for name in record["regions"]
    }
    missing = sorted(wanted - set(regions))
    if missing:
        raise OnboardingConflict(f"在您预览之后，区域“{'、'.join(missing)}”已被删除或改名。请重新上传文件。")
    return regions


@transaction.atomic
def onboarding_apply(*, plan: dict, user, source: str = "") -> list[tuple[str, str, str]]:
    """Create everything in ``plan``; returns (username, 姓名, initial password) for each new account."""
    regions = _check_still_new(plan)
    created: dict[str, Department] = {}
    for record in plan["departments"]:
        created[record["code"]] = Department.objects.create(
            code=record["code"],
            full_name=record["full_name"],
            short_name=record["short_name"],
            region=regions[record["region"]],
            unit_nature=record["unit_nature"],
            funding_type=record["funding_type"],
            affiliation=record["affiliation"],
        )
    wanted_parents = {record["parent"] for record in plan["departments"] if record["parent"]}
    wanted_codes = wanted_parents | {code for record in plan["users"] for code in record["departments"]}
    known = {**{d.code: d for d in Department.objects.filter(code__in=wanted_codes - set(created))}, **created}
    missing = sorted(wanted_codes - set(known))
    if missing:
        raise OnboardingConflict(f"在您预览之后，部门编码“{'、'.join(missing)}”已不存在。请重新上传文件。")
    for record in plan["departments"]:
        if record["parent"]:
            department = created[record["code"]]
            department.parent = known[record["parent"]]
            department.save(update_fields=["parent"])
    User = get_user_model()
    accounts = []
    for record in plan["users"]:
        password = initial_password()
        account = User.objects.create_user(record["username"], password=password, first_name=record["name"])
        password_change_required(account)
        if record.get("phone"):  # without a phone no 联系方式 row, as for an account added in admin
            UserProfile.objects.create(user=account, phone=record["phone"])
        for code in record["departments"]:
            DepartmentMembership.objects.create(user=account, department=known[code])
        for name in record["regions"]:
            ReviewerScope.objects.create(user=account, region=regions[name])
        accounts.append((account.username, record["name"], password))
    summary = [f"部门 {len(created)} 个：" + "、".join(f"{d.code} {d.full_name}" for d in created.values())]
    summary.append(
        f"用户 {len(accounts)} 个："
        + "、".join(
            f"{r['username']}（{r['name']}；填报 {','.join(r['departments']) or '—'}；审核 {','.join(r['regions']) or '—'}）"
            for r in plan["users"]
        )
    )
    audit_security(
        AuditAction.IMPORT,
        user=user,
        object_label=f"批量导入部门和用户“{source}”" if source else "批量导入部门和用户",
        field="部门、用户、填报人授权、审核人范围",
        new_value="\n".join(summary),
    )
    return accounts
