"""Bulk onboarding from Excel: departments (code, names, 主管部门, region, nature, funding) and users
with their grants (填报人 of departments, 审核人 of regions). Reading and checking only; the write is
``departments.onboarding.onboarding_apply`` (all or nothing, one 导入 event).

preview = onboarding_prepare(data)          # raises FileRefused; writes nothing
if preview.ok: onboarding_apply(plan=preview.plan, …)

Every refusal is a Chinese message at its cell; a problem anywhere means nothing is saved. The
import only adds: a code, full name or user name already in the system is refused, never updated.
A user's optional 联系电话 is checked by the rules of the user page (``UserProfile.phone``).
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from departments.choices import FundingType, UnitNature
from departments.models import PHONE_MAX_LENGTH, Department, Region, UserProfile

from .cells import CellError, _shown, normalize_text, read_text
from .listsheet import Column, ListReader
from .reader import Problem

DEPARTMENTS_SHEET = "部门"
USERS_SHEET = "用户"
INSTRUCTIONS_SHEET = "填写说明"
OPTIONS_SHEET = "可选值"

DEPARTMENT_COLUMNS = [
    Column("code", "部门编码", required=True),
    Column("full_name", "单位全称", required=True),
    Column("short_name", "单位简称"),
    Column("parent", "主管部门编码"),
    Column("region", "所属区域", required=True),
    Column("unit_nature", "单位性质", required=True),
    Column("funding_type", "经费形式", required=True),
    Column("affiliation", "隶属关系"),
]
USER_COLUMNS = [
    Column("username", "用户名", required=True),
    Column("name", "姓名", required=True),
    Column("departments", "填报部门编码"),
    Column("regions", "审核区域"),
    Column("phone", "联系电话"),
]
_SEPARATORS = re.compile(r"[\s,，、;；/]+")
_LIMITS = {"code": 30, "full_name": 200, "short_name": 100, "affiliation": 200, "username": 150, "name": 150}


@dataclass
class OnboardingPreview:
    problems: list[Problem] = field(default_factory=list)
    plan: dict = field(default_factory=lambda: {"departments": [], "users": []})

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def filler_grants(self) -> int:
        return sum(len(user["departments"]) for user in self.plan["users"])

    @property
    def reviewer_grants(self) -> int:
        return sum(len(user["regions"]) for user in self.plan["users"])


def _choice(choices) -> callable:
    by_label = {normalize_text(label): value for value, label in choices.choices}

    def read(value):
        text = normalize_text(value) if value is not None else ""
        if not text:
            raise CellError("必填，不能为空。")
        if text in by_label:
            return by_label[text]
        allowed = "、".join(f"“{label}”" for _, label in choices.choices)
        raise CellError(f"“{_shown(value)}”不是可选的值。请填写 {allowed} 之一（见「{OPTIONS_SHEET}」工作表）。")

    return read


def _text(key: str, *, required: bool = False, normalize: bool = False):
    """Text as written (official names keep their full-width （）); codes and region names NFKC."""

    def read(value):
        text = read_text(value, max_length=_LIMITS.get(key, 200))
        text = normalize_text(text) if normalize else text.strip()
        if required and not text:
            raise CellError("必填，不能为空。")
        return text

    return read


def _list(value) -> list[str]:
    text = normalize_text(read_text(value, max_length=2000))
    return [item for item in _SEPARATORS.split(text) if item]


def _username(value):
    text = _text("username", required=True, normalize=True)(value)
    try:
        UnicodeUsernameValidator()(text)
    except ValidationError:
        raise CellError(f"用户名“{_shown(text)}”无效：只能包含字母、数字和 @ . + - _，不能有空格。") from None
    return text


def _phone(value) -> str:
    """Optional; the user page's validators (``UserProfile.phone``) decide what is a phone number."""
    text = read_text(value, max_length=PHONE_MAX_LENGTH)
    try:
        UserProfile._meta.get_field("phone").run_validators(text)
    except ValidationError as error:
        raise CellError(f"联系电话“{_shown(text)}”无效：{'；'.join(error.messages)}") from None
    return text


def _regions() -> dict[str, Region]:
    """Each region by its full and its short name (normalised)."""
    found = {}
    for region in Region.objects.all():
        found.setdefault(normalize_text(region.name), region)
        found.setdefault(normalize_text(region.short_name), region)
    return found


def onboarding_prepare(data: bytes) -> OnboardingPreview:
    """Read and check the whole workbook against the database; writes nothing."""
    reader = ListReader(data, [DEPARTMENTS_SHEET, USERS_SHEET])
    regions = _regions()
    existing_codes = dict(Department.objects.values_list("code", "full_name"))
    existing_names = set(Department.objects.values_list("full_name", flat=True))
    departments, codes, names, refused_codes = [], {}, {}, set()
    read_department = {
        "code": _text("code", required=True, normalize=True),
        "full_name": _text("full_name", required=True),
        "short_name": _text("short_name"),
        "parent": _text("code", normalize=True),
        "region": _text("region", required=True, normalize=True),
        "unit_nature": _choice(UnitNature),
        "funding_type": _choice(FundingType),
        "affiliation": _text("affiliation"),
    }
    for sheet, row, columns in reader.rows(DEPARTMENTS_SHEET, DEPARTMENT_COLUMNS):
        record, at = {"row": row}, {}
        for column in DEPARTMENT_COLUMNS:
            number = columns.get(column.key)
            at[column.key] = number
            value = reader.cell(sheet, row, number, read_department[column.key]) if number else ""
            record[column.key] = value if value is not None else None
        if None in record.values():
            if record["code"]:
                refused_codes.add(record["code"])  # named by others' rows: not a second problem there
            continue  # the cell's problem is recorded
        where = sheet.name, row
        code, full_name = record["code"], record["full_name"]
        if code in codes:
            reader.problem(*where, at["code"], f"部门编码“{code}”与第 {codes[code]} 行重复。每个部门的编码必须唯一。")
        elif code in existing_codes:
            reader.problem(
                *where,
                at["code"],
                f"部门编码“{code}”已被系统中的“{existing_codes[code]}”使用。本导入只新增部门，请删除此行或改用新编码。",
            )
        codes.setdefault(code, row)
        if full_name in names:
            reader.problem(*where, at["full_name"], f"单位全称“{full_name}”与第 {names[full_name]} 行重复。")
        elif full_name in existing_names:
            reader.problem(*where, at["full_name"], f"系统中已有单位全称为“{full_name}”的部门。单位全称必须唯一。")
        names.setdefault(full_name, row)
        region = regions.get(record["region"])
        if region is None:
            known = "、".join(sorted({r.name for r in regions.values()})) or "（尚未设置区域）"
            reader.problem(
                *where,
                at["region"],
                f"系统中没有区域“{record['region']}”。请填写已设置的区域：{known}（见「{OPTIONS_SHEET}」工作表）。",
            )
        else:
            record["region"] = region.name
            record["region_id"] = region.pk
        record["parent_column"] = at["parent"]
        record["unit_nature_label"] = UnitNature(record["unit_nature"]).label
        record["funding_type_label"] = FundingType(record["funding_type"]).label
        departments.append(record)

    in_file = {record["code"]: record for record in departments}
    for record in departments:
        parent = record["parent"]
        if not parent:
            continue
        if parent == record["code"]:
            reader.problem(DEPARTMENTS_SHEET, record["row"], record["parent_column"], "主管部门不能是本部门自己。")
        elif parent not in in_file and parent not in existing_codes and parent not in refused_codes:
            reader.problem(
                DEPARTMENTS_SHEET,
                record["row"],
                record["parent_column"],
                f"主管部门编码“{parent}”既不在本表中，也不是系统中已有部门的编码。请先填写主管部门所在的行，或改正编码。",
            )
        else:
            seen, current = {record["code"]}, parent
            while current in in_file and in_file[current]["parent"]:
                current = in_file[current]["parent"]
                if current in seen:
                    reader.problem(
                        DEPARTMENTS_SHEET,
                        record["row"],
                        record["parent_column"],
                        "主管部门形成了循环（部门互为主管部门）。",
                    )
                    break
                seen.add(current)

    existing_users = {name.lower() for name in get_user_model().objects.values_list("username", flat=True)}
    usernames, users = {}, []
    read_user = {
        "username": _username,
        "name": _text("name", required=True),
        "departments": _list,
        "regions": _list,
        "phone": _phone,
    }
    for sheet, row, columns in reader.rows(USERS_SHEET, USER_COLUMNS):
        record, at = {"row": row}, {}
        for column in USER_COLUMNS:
            number = columns.get(column.key)
            at[column.key] = number
            read = read_user[column.key]
            # an optional column the workbook leaves out reads as its empty cells would ("", [])
            value = reader.cell(sheet, row, number, read) if number else read(None)
            record[column.key] = value
        if record["username"] is None or record["name"] is None:
            continue
        username = record["username"]
        if username.lower() in usernames:
            reader.problem(
                sheet.name, row, at["username"], f"用户名“{username}”与第 {usernames[username.lower()]} 行重复。"
            )
        elif username.lower() in existing_users:
            reader.problem(
                sheet.name,
                row,
                at["username"],
                f"系统中已有用户名“{username}”。本导入只新建账号，请删除此行或改用其他用户名。",
            )
        usernames.setdefault(username.lower(), row)
        for code in record["departments"] or []:
            if code not in in_file and code not in existing_codes and code not in refused_codes:
                reader.problem(
                    sheet.name,
                    row,
                    at["departments"],
                    f"填报部门编码“{code}”既不在「{DEPARTMENTS_SHEET}」表中，也不是系统中已有部门的编码。",
                )
        granted_regions = []
        for name in record["regions"] or []:
            region = regions.get(name)
            if region is None:
                reader.problem(sheet.name, row, at["regions"], f"系统中没有区域“{name}”，无法授予审核人。")
            else:
                granted_regions.append(region.name)
        if record["departments"] is not None and record["regions"] is not None:
            if not record["departments"] and not record["regions"]:
                reader.problem(
                    sheet.name,
                    row,
                    at["username"],
                    "该用户既没有填报部门，也没有审核区域。请至少填写一项，否则账号无法使用。",
                )
        record["departments"] = list(dict.fromkeys(record["departments"] or []))
        record["regions"] = list(dict.fromkeys(granted_regions))
        users.append(record)

    if not reader.problems and not departments and not users:
        reader.problem("", None, None, "文件中没有任何部门或用户。请在模板的「部门」「用户」工作表中填写后再上传。")
    for record in departments:
        record.pop("parent_column", None)
    return OnboardingPreview(problems=reader.problems, plan={"departments": departments, "users": users})
