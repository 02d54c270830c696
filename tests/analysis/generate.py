"""Generated departments for the district analysis: varied statuses, scores, findings, 三公 and execution.

Written in bulk (``bulk_create``) so the benchmark can make 15,000 departments; deterministic
(``random.Random(seed)``). Every 10 departments: 1 without a report, 2 草稿, 1 已退回, 3 已提交,
3 已审核. The reports that are 已提交 or 已审核 get a manual score for every indicator the
评分表 cannot compute, so their tables are complete and graded; a few get incomplete ones.
Some figures are wrong on purpose (functional lines that do not add up, 三公 over budget, 实有
above 编制 without a reason) so that the checks have findings to count.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from budgets.models import DepartmentBudget, FunctionalCategory, FunctionalSpendingLine, ThreePublicLine
from departments.models import Department, DepartmentProfile, FiscalYear
from evaluations.models import Evaluation, EvaluationStatus, StatusTransition
from evaluations.outlines.selectors import outline_applicable
from evaluations.scoring.models import ManualScore
from evaluations.scoring.selectors import score_tables

CENT = Decimal("0.01")
STATUS_CYCLE = [
    None,
    EvaluationStatus.DRAFT,
    EvaluationStatus.DRAFT,
    EvaluationStatus.RETURNED,
    EvaluationStatus.SUBMITTED,
    EvaluationStatus.SUBMITTED,
    EvaluationStatus.SUBMITTED,
    EvaluationStatus.APPROVED,
    EvaluationStatus.APPROVED,
    EvaluationStatus.APPROVED,
]
ITEM_CODES = ["2010306", "2050802", "2060404", "2080505", "2101102", "2210201"]
ADJUSTMENTS = [Decimal(x) for x in ("0", "0", "0.05", "0.12", "0.25", "0.40", "-0.05")]
COMPLETIONS = [Decimal(x) for x in ("1", "1", "0.97", "0.92", "0.85", "0.70", "0.50", "1.03")]
START = datetime(2019, 3, 1, 10, 0)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def generate_departments(n: int, *, region, year: int = 2018, seed: int = 18, start: int = 0, batch: int = 2000):
    """Create ``n`` departments in ``region`` with their ``year`` reports; returns the departments."""
    rng = random.Random(seed + start)
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    FiscalYear.objects.get_or_create(year=year - 1)
    user, _ = get_user_model().objects.get_or_create(username="analysis_generator")
    categories = {c.code: c for c in FunctionalCategory.objects.filter(fiscal_year=fiscal_year, code__in=ITEM_CODES)}
    outline = outline_applicable(region_id=region.pk, year=year)
    departments = []
    for offset in range(0, n, batch):
        count = min(batch, n - offset)
        departments += _batch(rng, region, fiscal_year, categories, outline, user, start + offset, count)
    return departments


def _batch(rng, region, fiscal_year, categories, outline, user, first: int, count: int):
    year = fiscal_year.year
    departments = Department.objects.bulk_create(
        Department(
            full_name=f"{region.short_name}分析测试单位{i:05d}",
            short_name=f"分析测试单位{i:05d}",
            code=f"5{i:06d}",
            region=region,
            unit_nature="administrative",
        )
        for i in range(first, first + count)
    )
    profiles, budgets, prior_budgets, evaluations = [], [], [], []
    for index, department in enumerate(departments, start=first):
        quota = rng.randint(8, 60)
        profiles.append(
            DepartmentProfile(
                department=department,
                fiscal_year=fiscal_year,
                staffing_type="administrative",
                staff_quota=quota,
                staff_actual=quota + (2 if index % 9 == 0 else -rng.randint(0, 3)),
            )
        )
        budgets.append(_budget(rng, department, year))
        if index % 3:
            prior_budgets.append(_budget(rng, department, year - 1))
        status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
        if status is not None:
            evaluations.append(
                Evaluation(department=department, fiscal_year=fiscal_year, status=status, outline=outline)
            )
    DepartmentProfile.objects.bulk_create(profiles)
    DepartmentBudget.objects.bulk_create(budgets + prior_budgets)
    with_prior = {budget.department_id for budget in prior_budgets}

    lines, three_public = [], []
    for budget in budgets:
        lines += _functional_lines(rng, budget, categories)
        three_public += _three_public(rng, budget, manual_prior=budget.department_id not in with_prior)
    for budget in prior_budgets:
        three_public += _three_public(rng, budget, manual_prior=False)
    FunctionalSpendingLine.objects.bulk_create(lines)
    ThreePublicLine.objects.bulk_create(three_public)

    evaluations = Evaluation.objects.bulk_create(evaluations)
    transitions = []
    for evaluation in evaluations:
        transitions += _transitions(rng, evaluation, user)
    times = [transition.at for transition in transitions]
    transitions = StatusTransition.objects.bulk_create(transitions)  # auto_now_add sets every ``at`` to now
    for transition, at in zip(transitions, times, strict=True):
        transition.at = at
    StatusTransition.objects.bulk_update(transitions, ["at"], batch_size=1000)
    _manual_scores(rng, [e for e in evaluations if e.status in ("submitted", "approved")], user)
    return departments


def _budget(rng, department, year) -> DepartmentBudget:
    basic, project = money(rng.uniform(80, 900)), money(rng.uniform(10, 400))
    change = rng.choice(ADJUSTMENTS)
    completion = rng.choice(COMPLETIONS)
    adjusted_basic, adjusted_project = money(basic * (1 + change)), money(project * (1 + change))
    public = money(basic * Decimal("0.2"))
    return DepartmentBudget(
        department=department,
        fiscal_year_id=year,
        basic_initial=basic,
        project_initial=project,
        basic_adjusted=adjusted_basic,
        project_adjusted=adjusted_project,
        basic_actual=money(adjusted_basic * completion),
        project_actual=money(adjusted_project * completion),
        public_funds_budget=public,
        public_funds_actual=money(public * Decimal("0.95")),
        procurement_budget=money(project / 4),
        procurement_actual=money(project / 5),
        carryover=money(rng.uniform(0, 30)),
    )


def _functional_lines(rng, budget, categories) -> list:
    if not categories:
        return []
    total = budget.basic_actual + budget.project_actual
    codes = rng.sample(sorted(categories), k=min(3, len(categories)))
    first = money(total * Decimal("0.6"))
    second = money(total * Decimal("0.3"))
    amounts = [first, second, total - first - second]
    if budget.department.code.endswith("7"):
        amounts[-1] += Decimal("1.00")  # does not add up: a finding of functional_lines_sum
    return [
        FunctionalSpendingLine(budget=budget, order=order, category=categories[code], amount=amount)
        for order, (code, amount) in enumerate(zip(codes, amounts, strict=False), start=1)
    ]


def _three_public(rng, budget, *, manual_prior: bool) -> list:
    rows = []
    for kind in ("abroad", "vehicle_purchase", "vehicle_operation", "reception"):
        planned = money(rng.choice([0, 0, rng.uniform(1, 20)]))
        spent = money(planned * Decimal(rng.choice(["0.8", "0.95", "1", "1.1"])))
        rows.append(
            ThreePublicLine(
                budget=budget,
                kind=kind,
                budget_amount=planned,
                actual_amount=spent,
                prior_year_actual=money(rng.uniform(0, 15)) if manual_prior else None,
            )
        )
    return rows


def _at(day: int) -> datetime:
    return timezone.make_aware(START + timedelta(days=day))


def _transitions(rng, evaluation, user) -> list:
    submitted = rng.randint(0, 40)
    steps = {
        "submitted": [("draft", "submitted", submitted)],
        "returned": [("draft", "submitted", submitted), ("submitted", "returned", submitted + rng.randint(1, 10))],
        "approved": [("draft", "submitted", submitted), ("submitted", "approved", submitted + rng.randint(1, 20))],
    }.get(evaluation.status, [])
    return [
        StatusTransition(evaluation=evaluation, from_status=old, to_status=new, user=user, at=_at(day))
        for old, new, day in steps
    ]


def _manual_scores(rng, evaluations, user):
    """A manual score for every indicator the 评分表 leaves unscored (every 15th report keeps one pending)."""
    scores = []
    for position, (pk, table) in enumerate(sorted(score_tables(evaluations).items())):
        pending = [row for row in table.rows if row.score is None] if table else []
        if position % 15 == 14:
            pending = pending[1:]  # incomplete: no grade
        for row in pending:
            fraction = Decimal(rng.choice(["1", "1", "1", "1", "0.9", "0.5"]))
            scores.append(
                ManualScore(
                    evaluation_id=pk,
                    indicator_id=row.indicator_id,
                    score=money(row.weight * fraction),
                    reason="生成的测试评分",
                    user=user,
                )
            )
    ManualScore.objects.bulk_create(scores)
