"""Every figure of the district analysis equals a recomputation from the raw rows.

The recomputations below read the models directly (one report at a time for scores and findings,
through the one-report paths ``scoring_table`` and ``report_snapshot``) and use their own
arithmetic, so a bulk read that mixed departments, years or statuses would show.
"""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budgets.models import DepartmentBudget, FunctionalCategory, FunctionalSpendingLine, ThreePublicLine
from departments.models import Department
from evaluations.analysis.selectors import district_analysis
from evaluations.checks import run_checks
from evaluations.models import Evaluation, StatusTransition
from evaluations.scoring.selectors import scoring_table
from evaluations.snapshots import report_snapshot

from .generate import generate_departments

YEAR = 2018
CENT = Decimal("0.01")


def q(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def submitted_evaluations(region):
    return list(
        Evaluation.objects.filter(
            department__region=region, fiscal_year_id=YEAR, status__in=["submitted", "approved"]
        ).order_by("department__code")
    )


def test_counts_and_not_submitted(district):
    analysis = district_analysis(region=district, year=YEAR)
    departments = Department.objects.filter(region=district, is_active=True)
    assert analysis.expected == departments.count() == 52
    evaluations = Evaluation.objects.filter(department__region=district, fiscal_year_id=YEAR)
    assert analysis.submitted == evaluations.filter(status__in=["submitted", "approved"]).count()
    assert analysis.approved == evaluations.filter(status="approved").count()
    assert analysis.submitted > analysis.approved > 0
    done = set(evaluations.filter(status__in=["submitted", "approved"]).values_list("department__code", flat=True))
    expected_missing = sorted(code for code in departments.values_list("code", flat=True) if code not in done)
    assert [f.unit.code for f in analysis.not_submitted] == expected_missing
    labels = {f.unit.code: f.status_label for f in analysis.not_submitted}
    for code in expected_missing:
        evaluation = evaluations.filter(department__code=code).first()
        assert labels[code] == (evaluation.get_status_display() if evaluation else "未创建")
    assert sum(analysis.status_counts.values()) == analysis.expected


def test_scores_grades_and_rankings(district):
    analysis = district_analysis(region=district, year=YEAR)
    scores = {}
    for evaluation in submitted_evaluations(district):
        table = scoring_table(evaluation)
        if table is not None and table.grade:
            scores[evaluation.department.code] = (table.total, table.grade)
    totals = sorted(total for total, _ in scores.values())
    assert analysis.scored == len(scores) > 20
    assert len(analysis.unscored) == analysis.submitted - len(scores) > 0
    assert analysis.mean == q(sum(totals) / len(totals))
    middle = len(totals) // 2
    median = totals[middle] if len(totals) % 2 else (totals[middle - 1] + totals[middle]) / 2
    assert analysis.median == q(median)
    assert (analysis.highest, analysis.lowest) == (totals[-1], totals[0])
    grades = Counter(grade for _, grade in scores.values())
    for label in "优良中差":
        expected = sum(1 for total in totals if total >= 90) if label == "优" else grades[label]
        assert analysis.grade_count(label) == expected
    assert sum(band.count for band in analysis.grades) == len(scores)
    edges = [0, 60, 70, 80, 85, 90, 95, 1000]
    histogram = [sum(1 for t in totals if edges[i] <= t < edges[i + 1]) for i in range(len(edges) - 1)]
    assert [band.count for band in analysis.histogram] == histogram
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
    assert [(r.unit.code, r.score) for r in analysis.top] == [(code, s[0]) for code, s in ranked[:10]]
    assert [(r.unit.code, r.score) for r in analysis.bottom] == [(code, s[0]) for code, s in reversed(ranked[-10:])]
    assert analysis.bottom[0].rank == len(scores)


def test_findings_by_rule(district):
    analysis = district_analysis(region=district, year=YEAR)
    reports, findings, examples = Counter(), Counter(), {}
    for evaluation in submitted_evaluations(district):
        problems = [f for f in run_checks(report_snapshot(evaluation)) if f.severity in ("error", "warning")]
        for code in {f.code for f in problems}:
            reports[code] += 1
            examples.setdefault(code, []).append(evaluation.department.full_name)
        findings.update(f.code for f in problems)
    assert {r.code: r.reports for r in analysis.rules} == dict(reports)
    assert {r.code: r.findings for r in analysis.rules} == dict(findings)
    assert {r.code: r.examples for r in analysis.rules} == {code: names[:3] for code, names in examples.items()}
    assert [r.reports for r in analysis.rules] == sorted((r.reports for r in analysis.rules), reverse=True)
    assert {"functional_lines_sum", "three_public_over_budget", "staff_over_quota"} <= set(reports)


def test_three_public_by_kind(district):
    analysis = district_analysis(region=district, year=YEAR)
    sums = {
        kind: {"budget": Decimal(0), "actual": Decimal(0), "last": Decimal(0)}
        for kind in ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
    }
    departments = [e.department_id for e in submitted_evaluations(district)]
    for line in ThreePublicLine.objects.filter(budget__department_id__in=departments, budget__fiscal_year_id=YEAR):
        sums[line.kind]["budget"] += line.budget_amount
        sums[line.kind]["actual"] += line.actual_amount
        prior = ThreePublicLine.objects.filter(
            budget__department_id=line.budget.department_id, budget__fiscal_year_id=YEAR - 1, kind=line.kind
        ).first()
        has_prior_record = DepartmentBudget.objects.filter(
            department_id=line.budget.department_id, fiscal_year_id=YEAR - 1
        ).exists()
        if has_prior_record:
            sums[line.kind]["last"] += prior.actual_amount if prior else 0
        else:
            sums[line.kind]["last"] += line.prior_year_actual or 0
    for kind, values in sums.items():
        row = analysis.three_public_row(kind)
        assert (row.budget, row.actual, row.last_year) == (values["budget"], values["actual"], values["last"])
    total = analysis.three_public_row("total")
    assert total.actual == sum(v["actual"] for v in sums.values())
    assert total.last_year == sum(v["last"] for v in sums.values())
    assert total.change_rate == q((total.actual - total.last_year) / total.last_year * 100)
    vehicle = analysis.three_public_row("vehicle")
    assert vehicle.budget == sums["vehicle_purchase"]["budget"] + sums["vehicle_operation"]["budget"]


def test_completion_and_adjustment_distributions(district):
    analysis = district_analysis(region=district, year=YEAR)
    completion, adjustment = [], []
    for evaluation in submitted_evaluations(district):
        b = DepartmentBudget.objects.get(department=evaluation.department, fiscal_year_id=YEAR)
        actual, adjusted = b.basic_actual + b.project_actual, b.basic_adjusted + b.project_adjusted
        initial = b.basic_initial + b.project_initial
        completion.append(q(actual / adjusted * 100))
        adjustment.append(q(abs(adjusted - initial) / initial * 100))
    bands = [
        sum(1 for r in completion if r < 60),
        sum(1 for r in completion if 60 <= r < 80),
        sum(1 for r in completion if 80 <= r < 90),
        sum(1 for r in completion if 90 <= r < 95),
        sum(1 for r in completion if 95 <= r < 100),
        sum(1 for r in completion if r == 100),
        sum(1 for r in completion if r > 100),
    ]
    assert [band.count for band in analysis.completion] == bands
    assert analysis.completion_units == len(completion)
    assert analysis.completion_mean == q(sum(completion) / len(completion))
    adjusted = [
        sum(1 for r in adjustment if r == 0),
        sum(1 for r in adjustment if 0 < r <= 10),
        sum(1 for r in adjustment if 10 < r <= 20),
        sum(1 for r in adjustment if 20 < r <= 30),
        sum(1 for r in adjustment if r > 30),
    ]
    assert [band.count for band in analysis.adjustment] == adjusted
    assert analysis.adjusted_units == len(adjustment) - adjusted[0]
    assert all(band.count for band in analysis.completion[:3])  # the generated data spread over the bands


def test_spending_by_functional_class(district):
    analysis = district_analysis(region=district, year=YEAR)
    departments = [e.department_id for e in submitted_evaluations(district)]
    by_class = Counter()
    for line in FunctionalSpendingLine.objects.filter(
        budget__department_id__in=departments, budget__fiscal_year_id=YEAR
    ).select_related("category"):
        by_class[line.category.code[:3]] += line.amount
    assert {row.code: row.amount for row in analysis.spending} == dict(by_class)
    assert analysis.spending_total == sum(by_class.values())
    names = dict(FunctionalCategory.objects.filter(fiscal_year_id=YEAR, level="class").values_list("code", "name"))
    for row in analysis.spending:
        assert row.name == names[row.code]
        assert row.share == q(row.amount / analysis.spending_total * 100)


def test_status_progress_replays_the_transitions(district):
    analysis = district_analysis(region=district, year=YEAR)
    transitions = list(StatusTransition.objects.filter(evaluation__department__region=district).order_by("at", "id"))
    days = sorted({timezone.localtime(t.at).date() for t in transitions})
    assert [p.day for p in analysis.progress] == days
    for point in analysis.progress:
        status = {}
        for evaluation in Evaluation.objects.filter(department__region=district, fiscal_year_id=YEAR):
            before = [
                t
                for t in transitions
                if t.evaluation_id == evaluation.pk and timezone.localtime(t.at).date() <= point.day
            ]
            if before:
                status[evaluation.pk] = before[-1].to_status
            elif any(t.evaluation_id == evaluation.pk for t in transitions):
                status[evaluation.pk] = "draft"
            else:
                status[evaluation.pk] = evaluation.status
        assert point.submitted == sum(1 for s in status.values() if s in ("submitted", "approved"))
        assert point.approved == sum(1 for s in status.values() if s == "approved")
    assert analysis.progress[-1].approved == analysis.approved


@pytest.mark.django_db
def test_query_count_does_not_grow_with_departments(demo):
    from departments.models import Region

    region = Region.objects.get(name="长沙市天心区")
    generate_departments(10, region=region)
    with CaptureQueriesContext(connection) as small:
        district_analysis(region=region, year=YEAR)
    generate_departments(40, region=region, start=10)
    with CaptureQueriesContext(connection) as large:
        district_analysis(region=region, year=YEAR)
    assert len(small.captured_queries) == len(large.captured_queries)
