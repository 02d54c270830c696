"""Sentences of the report that restate figures, drafted from the figures.

Each ``draft_*`` function returns the wording the report uses when the user has not written
their own (the matching ``*_override`` field of ``Evaluation``). The wording follows the
real 2018 report of 长沙市天心区政务服务中心, so the demo reproduces it exactly.
"""

from budgets.money import format_amount_text as amt
from departments.choices import StaffingType, UnitNature

from .selectors import ReportBundle

DIGITS = "零一二三四五六七八九"
MISSING = "（未填写）"
NONE = "无"  # a list with no items


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (enough for list counts)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    if n >= 100:
        return str(n)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def ordinal_items(texts) -> list[str]:
    """['a', 'b'] → ['一是a', '二是b']: how these reports number goals and key work."""
    return [f"{chinese_numeral(i)}是{text}" for i, text in enumerate(texts, start=1)]


def draft_profile_summary(bundle: ReportBundle) -> str:
    dept, profile = bundle.department, bundle.profile
    if profile is None:
        return f"{dept.full_name}{MISSING}"
    first = f"{dept.full_name}为{dept.affiliation or dept.get_unit_nature_display()}"
    quota = profile.staff_quota if profile.staff_quota is not None else MISSING
    if profile.staffing_type == StaffingType.INSTITUTIONAL:
        first += f"，核定{dept.get_funding_type_display()}事业编制{quota}名"
    elif profile.staffing_type == StaffingType.ADMINISTRATIVE:
        first += f"，核定行政编制{quota}名"
    if dept.unit_nature == UnitNature.CIVIL_SERVANT_MANAGED:
        first += "，参照公务员法管理"
    sentences = [first + "。"]

    actual = profile.staff_actual if profile.staff_actual is not None else MISSING
    staff = f"{bundle.year}年实有在职{profile.staff_noun}{actual}人"
    posts = [f"{post.title}{post.count}人" for post in profile.leadership_posts.all()]
    if posts:
        staff += "，其中" + "，".join(posts)
    sentences.append(staff + "。")

    divisions = [division.name for division in profile.divisions.all()]
    if divisions:
        sentences.append(f"内设{chinese_numeral(len(divisions))}个科室，分别是{'、'.join(divisions)}。")
    return "".join(sentences)


def draft_key_work_intro(bundle: ReportBundle) -> str:
    return f"{bundle.year}年主要完成了以下几项重点工作："


def draft_spending_summary(bundle: ReportBundle) -> str:
    budget = bundle.budget
    if budget is None:
        return f"{bundle.year}年度我单位整体支出{MISSING}。"
    text = (
        f"{bundle.year}年度我单位整体支出合计{amt(budget.total_actual)}万元，"
        f"其中基本支出{amt(budget.basic_actual)}万元，项目支出{amt(budget.project_actual)}万元。"
    )
    uses = [f"{line.label}{amt(line.amount)}万元" for line in budget.functional_lines.all()]
    if uses:
        text += "主要用于" + "、".join(uses) + "。"
    return text


def draft_goals(bundle: ReportBundle) -> str:
    items = ordinal_items(goal.text for goal in bundle.evaluation.goals.all())
    return "；".join(items) + "。" if items else ""


def _change(later, earlier, later_name: str, earlier_name: str) -> str | None:
    if later is None or earlier is None or later == earlier:
        return None
    direction = "增加" if later > earlier else "减少"
    return f"{later_name}较{earlier_name}{direction}{amt(abs(later - earlier))}万元"


def draft_variance_analysis(bundle: ReportBundle) -> str:
    budget = bundle.budget
    if budget is None:
        return f"{bundle.year}年度我单位项目支出{MISSING}。"
    initial, adjusted, actual = budget.project_initial, budget.project_adjusted, budget.project_actual
    text = (
        f"{bundle.year}年度我单位项目支出年初预算数为{amt(initial)}万元，"
        f"调整预算数为{amt(adjusted)}万元，决算数为{amt(actual)}万元，"
    )
    if None in (initial, adjusted, actual):
        return text + f"预决算数{MISSING}。"
    changes = [
        change
        for change in (
            _change(adjusted, initial, "调整预算数", "年初预算数"),
            _change(actual, adjusted, "决算数", "调整预算数"),
        )
        if change
    ]
    if not changes:
        return text + "预决算数没有差异。"
    return text + "，".join(changes) + "。差异原因：【请说明差异原因】"


def draft_project_implementation(bundle: ReportBundle) -> str:
    budget = bundle.budget
    if budget is None:
        return f"{bundle.year}年度我单位项目资金{MISSING}。"
    parts = []
    for line in budget.project_lines.all():
        part = f"{line.name}{amt(line.actual)}万元"
        if line.purpose:
            part += f"，主要用于{line.purpose}"
        if line.management:
            part += f"，{line.management}"
        parts.append(part)
    text = f"{bundle.year}年度我单位项目资金共{amt(budget.project_actual)}万元"
    return text + ("，其中" + "；".join(parts) if parts else "") + "。"


def overridable(override: str, draft: str) -> str:
    """The user's wording when given, else the draft."""
    return override.strip() or draft
