"""Load the demo: the seed report, a second invented department, and the demo accounts.

Idempotent: every row is looked up by its natural key and written only when a value differs,
so a second run changes nothing (no new ids, no touched timestamps, no new password hashes).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from budgets.models import DepartmentBudget, FunctionalCategory, FunctionalSpendingLine, ProjectLine, ThreePublicLine
from departments.models import (
    Department,
    DepartmentMembership,
    DepartmentProfile,
    FiscalYear,
    InternalDivision,
    LeadershipPost,
    Region,
    ReviewerScope,
)

from ..models import Evaluation, KeyWorkItem, PerformanceGoal
from ..outlines.selectors import outline_applicable
from ..scoring.frameworks import evaluation_framework
from ..scoring.models import ManualScore
from ..scoring.selectors import scoring_compute
from ..scoring.services import framework_ensure_default
from ..summary_store import summaries_rebuild
from . import second_department, seed_2018

DEMO_PASSWORD = "tianxin2018"
DEMO_YEAR = 2018


def sync(model, lookup: dict, values: dict):
    """get-or-create ``model`` by ``lookup`` and set ``values``, saving only what changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**{**lookup, **values})
        obj.full_clean()
        obj.save()
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.full_clean()
        obj.save(update_fields=changed)
    return obj


def sync_ordered(model, parent_field: str, parent, rows: list[dict]):
    """Make the ordered children of ``parent`` equal ``rows`` (matched by position)."""
    for order, values in enumerate(rows, start=1):
        sync(model, {parent_field: parent, "order": order}, values)
    model.objects.filter(**{parent_field: parent, "order__gt": len(rows)}).delete()


def load_catalogue(year: FiscalYear):
    by_code = {}
    for code, name, level, parent_code in seed_2018.CATALOGUE_2018:
        by_code[code] = sync(
            FunctionalCategory,
            {"fiscal_year": year, "code": code},
            {"name": name, "level": level, "parent": by_code.get(parent_code)},
        )
    return by_code


def load_report(data, region: Region, year: FiscalYear, catalogue: dict) -> Evaluation:
    department = sync(Department, {"code": data.DEPARTMENT["code"]}, {**data.DEPARTMENT, "region": region})
    profile = sync(DepartmentProfile, {"department": department, "fiscal_year": year}, data.PROFILE)
    sync_ordered(LeadershipPost, "profile", profile, [{"title": t, "count": n} for t, n in data.LEADERSHIP_POSTS])
    sync_ordered(InternalDivision, "profile", profile, [{"name": name} for name in data.DIVISIONS])

    budget = sync(DepartmentBudget, {"department": department, "fiscal_year": year}, data.BUDGET)
    sync_ordered(
        FunctionalSpendingLine,
        "budget",
        budget,
        [
            {"category": catalogue[code], "display_name": label, "amount": amount}
            for code, label, amount in data.FUNCTIONAL_LINES
        ],
    )
    sync_ordered(
        ProjectLine,
        "budget",
        budget,
        [
            {"name": name, "category": catalogue[code], "actual": actual, "purpose": purpose, "management": management}
            for name, code, actual, purpose, management in data.PROJECT_LINES
        ],
    )
    for kind, (planned, actual) in data.THREE_PUBLIC.items():
        sync(ThreePublicLine, {"budget": budget, "kind": kind}, {"budget_amount": planned, "actual_amount": actual})

    outline = outline_applicable(region_id=department.region_id, year=year.year)  # as evaluation_start does
    evaluation = sync(
        Evaluation, {"department": department, "fiscal_year": year}, {**data.NARRATIVES, "outline": outline}
    )
    sync_ordered(KeyWorkItem, "evaluation", evaluation, [{"text": text} for text in data.KEY_WORK])
    sync_ordered(PerformanceGoal, "evaluation", evaluation, [{"text": text} for text in data.GOALS])
    return evaluation


def load_manual_scores(data, evaluation: Evaluation, user) -> None:
    """Score by hand every indicator of the report's 评分表 that needs it (full weight, a reason)."""
    framework = evaluation_framework(evaluation)
    if framework is None:
        return
    for row in scoring_compute(evaluation, framework).rows:
        if row.can_be_scored_by_hand:
            reason = data.MANUAL_SCORE_REASONS.get(row.name, data.MANUAL_SCORE_REASON)
            sync(
                ManualScore,
                {"evaluation": evaluation, "indicator_id": row.indicator_id},
                {"score": row.weight, "reason": reason, "user": user},
            )


def sync_user(username: str, *, superuser: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"is_staff": superuser, "is_superuser": superuser}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def load_demo() -> dict:
    """Load everything; returns the demo accounts by role for the command to print."""
    region = sync(Region, {"name": seed_2018.REGION["name"]}, seed_2018.REGION)
    year = sync(FiscalYear, {"year": DEMO_YEAR}, {"is_open": True})
    catalogue = load_catalogue(year)
    framework_ensure_default()  # also created by migration; again here in case the tables were flushed
    seed = load_report(seed_2018, region, year, catalogue)
    second = load_report(second_department, region, year, catalogue)

    filler = sync_user("filler")
    filler2 = sync_user("filler2")
    reviewer = sync_user("reviewer")
    sync_user("admin", superuser=True)
    DepartmentMembership.objects.get_or_create(user=filler, department=seed.department)
    DepartmentMembership.objects.get_or_create(user=filler2, department=second.department)
    ReviewerScope.objects.get_or_create(user=reviewer, region=region)
    load_manual_scores(second_department, second, filler2)
    summaries_rebuild(Evaluation.objects.filter(pk__in=[seed.pk, second.pk]))  # rows written directly, not by services
    return {
        "filler": f"填报人 · {seed.department}",
        "filler2": f"填报人 · {second.department}",
        "reviewer": f"审核人 · {region}全部部门",
        "admin": "管理员（超级用户）",
    }
