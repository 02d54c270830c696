"""The figures of the district analysis, computed from plain data (pure: no database).

``district_figures`` takes what ``analysis.selectors`` read in bulk — the region's departments,
their reports of the year, the reports' ``ReportSnapshot``s, findings and 评分表, and the status
transitions — and returns a ``DistrictAnalysis``. Every figure is computed here once; the
narrative (``analysis.drafting``), the charts, the HTML/PDF page and the workbook only show them.

口径 (the basis of each figure, also printed in the report):

- 应报: active departments of the region. 已报: reports 已提交 or 已审核. 已审核: reports 已审核.
- Scores, findings, 三公, budget execution and functional spending: the 已报 reports, from the
  figures the departments submitted. A score counts when its 评分表 is complete (a grade exists).
- Findings: errors and warnings of the consistency checks (notes on rounding are not problems).
- 三公 last year: last year's record of the department when the system has one, else the
  上年决算数 typed into this year's lines (the rule of ``budgets``/``scoring``).
- 预算完成率 and 预算调整率: ``scoring.computations`` (决算 ÷ 调整预算; |调整 − 年初| ÷ 年初).
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from ..checks import ERROR, WARNING
from ..checks.registry import RULES_BY_CODE
from ..checks.snapshot import THREE_PUBLIC_KINDS
from ..scoring import computations
from ..scoring.engine import GRADES
from ..statuses import EvaluationStatus

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
NOT_STARTED_LABEL = "未创建"
SUBMITTED_STATUSES = (EvaluationStatus.SUBMITTED, EvaluationStatus.APPROVED)
GRADE_LABELS = tuple(label for _floor, label in GRADES)  # 优 良 中 差
TOP_N = 10
EXAMPLES_PER_RULE = 3

# Score histogram: [low, high) bins; the last bin includes 100.
SCORE_BINS = (
    (ZERO, Decimal("60"), "60分以下"),
    (Decimal("60"), Decimal("70"), "60–70分"),
    (Decimal("70"), Decimal("80"), "70–80分"),
    (Decimal("80"), Decimal("85"), "80–85分"),
    (Decimal("85"), Decimal("90"), "85–90分"),
    (Decimal("90"), Decimal("95"), "90–95分"),
    (Decimal("95"), None, "95分及以上"),
)
# 预算完成率 (%): bands as finance bureaus report them.
COMPLETION_BANDS = (
    (None, Decimal("60"), "60%以下"),
    (Decimal("60"), Decimal("80"), "60%–80%"),
    (Decimal("80"), Decimal("90"), "80%–90%"),
    (Decimal("90"), Decimal("95"), "90%–95%"),
    (Decimal("95"), Decimal("100"), "95%–100%"),
    (Decimal("100"), Decimal("100.005"), "100%"),
    (Decimal("100.005"), None, "100%以上"),
)
# 预算调整率 (%): the county table's bands (0; (0,10]; (10,20]; (20,30]; >30), upper bound included.
ADJUSTMENT_BANDS = (
    (None, ZERO, "未调整"),
    (ZERO, Decimal("10"), "0–10%"),
    (Decimal("10"), Decimal("20"), "10%–20%"),
    (Decimal("20"), Decimal("30"), "20%–30%"),
    (Decimal("30"), None, "30%以上"),
)
THREE_PUBLIC_ROWS = (
    ("abroad", "因公出国（境）费"),
    ("vehicle", "公务用车购置及运行费"),
    ("vehicle_purchase", "其中：公务用车购置费"),
    ("vehicle_operation", "其中：公务用车运行维护费"),
    ("reception", "公务接待费"),
    ("total", "合计"),
)


def quantize(value: Decimal, places: Decimal = CENT) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not denominator:
        return None
    return quantize(Decimal(numerator) / Decimal(denominator) * HUNDRED)


@dataclass
class Unit:
    """A department as the analysis names it."""

    id: int
    code: str
    name: str


@dataclass
class ReportFacts:
    """One report (or its absence) as the analysis reads it."""

    unit: Unit
    status: str  # an EvaluationStatus value, or "" when the report was not created
    snapshot: object = None  # ReportSnapshot, for 已报 reports
    findings: tuple = ()
    score_table: object = None  # ScoreTable or None

    @property
    def submitted(self) -> bool:
        return self.status in SUBMITTED_STATUSES

    @property
    def status_label(self) -> str:
        return EvaluationStatus(self.status).label if self.status else NOT_STARTED_LABEL


@dataclass
class StatusChanges:
    """How many reports went from one status to another on one day (Asia/Shanghai)."""

    day: date
    from_status: str
    to_status: str
    count: int


@dataclass
class Band:
    label: str
    count: int


@dataclass
class RankedUnit:
    rank: int
    unit: Unit
    score: Decimal
    grade: str


@dataclass
class RuleFrequency:
    code: str
    title: str
    reports: int  # reports with at least one finding of the rule
    findings: int
    errors: int
    warnings: int
    examples: list[str]


@dataclass
class ThreePublicRow:
    key: str
    label: str
    budget: Decimal
    actual: Decimal
    last_year: Decimal

    @property
    def execution_rate(self) -> Decimal | None:
        return percent(self.actual, self.budget)

    @property
    def change(self) -> Decimal:
        return self.actual - self.last_year

    @property
    def change_rate(self) -> Decimal | None:
        return percent(self.change, self.last_year)


@dataclass
class SpendingRow:
    code: str
    name: str
    amount: Decimal
    share: Decimal | None


@dataclass
class ProgressPoint:
    day: date
    submitted: int  # reports 已提交 or 已审核 at the end of the day
    approved: int


@dataclass
class DistrictAnalysis:
    region_id: int
    region_name: str
    region_short_name: str
    year: int
    expected: int
    submitted: int
    approved: int
    status_counts: dict[str, int]
    not_submitted: list[ReportFacts]
    scored: int
    unscored: list[Unit]
    mean: Decimal | None
    median: Decimal | None
    highest: Decimal | None
    lowest: Decimal | None
    histogram: list[Band]
    grades: list[Band]
    top: list[RankedUnit]
    bottom: list[RankedUnit]
    reports_with_findings: int
    rules: list[RuleFrequency]
    three_public: list[ThreePublicRow]
    three_public_units: int
    completion: list[Band]
    completion_units: int
    completion_mean: Decimal | None
    adjustment: list[Band]
    adjustment_units: int
    adjusted_units: int
    spending: list[SpendingRow]
    spending_total: Decimal
    progress: list[ProgressPoint] = field(default_factory=list)

    @property
    def submission_rate(self) -> Decimal | None:
        return percent(Decimal(self.submitted), Decimal(self.expected))

    def grade_count(self, label: str) -> int:
        return next(band.count for band in self.grades if band.label == label)

    def three_public_row(self, key: str) -> ThreePublicRow:
        return next(row for row in self.three_public if row.key == key)


def _band(value: Decimal, bands) -> str:
    """The label of the band holding ``value``: (low, high] for the adjustment bands, [low, high) else."""
    for low, high, label in bands:
        if (low is None or value >= low) and (high is None or value < high):
            return label
    raise ValueError(value)


def _adjustment_band(value: Decimal) -> str:
    for low, high, label in ADJUSTMENT_BANDS:
        if low is None:
            if value == 0:
                return label
            continue
        if value > low and (high is None or value <= high):
            return label
    raise ValueError(value)


def _bands(labels, counter: Counter) -> list[Band]:
    return [Band(label, counter.get(label, 0)) for label in labels]


def score_figures(facts: list[ReportFacts]) -> dict:
    scored = [f for f in facts if f.submitted and f.score_table is not None and f.score_table.grade]
    unscored = [f.unit for f in facts if f.submitted and not (f.score_table is not None and f.score_table.grade)]
    totals = [f.score_table.total for f in scored]
    ranked = sorted(scored, key=lambda f: (-f.score_table.total, f.unit.code))
    ranks = [
        RankedUnit(position, f.unit, f.score_table.total, f.score_table.grade)
        for position, f in enumerate(ranked, start=1)
    ]
    histogram = Counter(_band(score, SCORE_BINS) for score in totals)
    grades = Counter(f.score_table.grade for f in scored)
    return {
        "scored": len(scored),
        "unscored": unscored,
        "mean": quantize(sum(totals, ZERO) / len(totals)) if totals else None,
        "median": quantize(statistics.median(totals)) if totals else None,
        "highest": max(totals) if totals else None,
        "lowest": min(totals) if totals else None,
        "histogram": _bands([label for *_bounds, label in SCORE_BINS], histogram),
        "grades": _bands(GRADE_LABELS, grades),
        "top": ranks[:TOP_N],
        "bottom": list(reversed(ranks[-TOP_N:])),  # the lowest first
    }


def finding_figures(facts: list[ReportFacts]) -> dict:
    by_rule: dict[str, dict] = {}
    with_findings = 0
    for f in sorted((f for f in facts if f.submitted), key=lambda f: f.unit.code):
        problems = [finding for finding in f.findings if finding.severity in (ERROR, WARNING)]
        if problems:
            with_findings += 1
        for code in dict.fromkeys(finding.code for finding in problems):
            of_rule = [finding for finding in problems if finding.code == code]
            entry = by_rule.setdefault(code, {"reports": 0, "findings": 0, "errors": 0, "warnings": 0, "examples": []})
            entry["reports"] += 1
            entry["findings"] += len(of_rule)
            entry["errors"] += sum(1 for finding in of_rule if finding.severity == ERROR)
            entry["warnings"] += sum(1 for finding in of_rule if finding.severity == WARNING)
            if len(entry["examples"]) < EXAMPLES_PER_RULE:
                entry["examples"].append(f.unit.name)
    rules = [
        RuleFrequency(code, RULES_BY_CODE[code].TITLE if code in RULES_BY_CODE else code, **entry)
        for code, entry in by_rule.items()
    ]
    rules.sort(key=lambda rule: (-rule.reports, -rule.findings, rule.code))
    return {"reports_with_findings": with_findings, "rules": rules}


def _last_year_three_public(report) -> dict[str, Decimal | None]:
    """Last year's 三公 actual by kind: last year's record when there is one, else 上年决算数."""
    if report.prior is not None and report.prior.three_public:
        return {line.kind: line.actual for line in report.prior.three_public}
    return {line.kind: line.prior_year_actual for line in report.three_public}


def three_public_figures(facts: list[ReportFacts]) -> dict:
    sums = {kind: {"budget": ZERO, "actual": ZERO, "last_year": ZERO} for kind in THREE_PUBLIC_KINDS}
    units = 0
    for f in facts:
        if not f.submitted or not f.snapshot.three_public:
            continue
        units += 1
        last_year = _last_year_three_public(f.snapshot)
        for line in f.snapshot.three_public:
            sums[line.kind]["budget"] += line.budget or ZERO
            sums[line.kind]["actual"] += line.actual or ZERO
        for kind, amount in last_year.items():
            sums[kind]["last_year"] += amount or ZERO

    def combined(*kinds):
        return {
            column: sum((sums[kind][column] for kind in kinds), ZERO) for column in ("budget", "actual", "last_year")
        }

    amounts = {
        **sums,
        "vehicle": combined("vehicle_purchase", "vehicle_operation"),
        "total": combined(*THREE_PUBLIC_KINDS),
    }
    rows = [ThreePublicRow(key, label, **amounts[key]) for key, label in THREE_PUBLIC_ROWS]
    return {"three_public": rows, "three_public_units": units}


def execution_figures(facts: list[ReportFacts]) -> dict:
    completion, adjustment = [], []
    for f in facts:
        if not f.submitted or f.snapshot.budget is None:
            continue
        rate = computations.compute("budget_completion_rate", f.snapshot, {}).value
        if rate is not None:
            completion.append(rate)
        change = computations.compute("budget_adjustment_rate", f.snapshot, {}).value
        if change is not None:
            adjustment.append(change)
    return {
        "completion": _bands(
            [label for *_b, label in COMPLETION_BANDS], Counter(_band(r, COMPLETION_BANDS) for r in completion)
        ),
        "completion_units": len(completion),
        "completion_mean": quantize(sum(completion, ZERO) / len(completion)) if completion else None,
        "adjustment": _bands(
            [label for *_b, label in ADJUSTMENT_BANDS], Counter(_adjustment_band(r) for r in adjustment)
        ),
        "adjustment_units": len(adjustment),
        "adjusted_units": sum(1 for r in adjustment if r != 0),
    }


def spending_figures(facts: list[ReportFacts], class_names: dict[str, str]) -> dict:
    """决算 spending by 类 (the first three digits of the functional code), largest first."""
    by_class: dict[str, Decimal] = {}
    for f in facts:
        if not f.submitted:
            continue
        for line in f.snapshot.functional_lines:
            if line.amount is not None:
                code = line.category.code[:3]
                by_class[code] = by_class.get(code, ZERO) + line.amount
    grand = sum(by_class.values(), ZERO)
    rows = [
        SpendingRow(code, class_names.get(code, f"{code}（科目表中无此类）"), amount, percent(amount, grand))
        for code, amount in sorted(by_class.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {"spending": rows, "spending_total": grand}


def progress_points(current: Counter, changes: list[StatusChanges]) -> list[ProgressPoint]:
    """Reports 已提交 (or later) and 已审核 at the end of each day on which a status changed.

    ``current``: the reports by status now. Undoing every change gives the statuses before the first
    one; replaying them day by day gives each day's counts — from grouped rows, so the work does not
    grow with the number of reports."""
    counts = Counter(current)
    for change in changes:
        counts[change.to_status] -= change.count
        counts[change.from_status] += change.count
    points = []
    for day, day_changes in groupby(sorted(changes, key=lambda change: change.day), key=lambda change: change.day):
        for change in day_changes:
            counts[change.from_status] -= change.count
            counts[change.to_status] += change.count
        points.append(
            ProgressPoint(
                day,
                sum(counts[status] for status in SUBMITTED_STATUSES),
                counts[EvaluationStatus.APPROVED],
            )
        )
    return points


def district_figures(
    *,
    region,
    year: int,
    facts: list[ReportFacts],
    class_names: dict[str, str],
    changes: list[StatusChanges],
) -> DistrictAnalysis:
    statuses = Counter(f.status or "not_started" for f in facts)
    return DistrictAnalysis(
        region_id=region.pk,
        region_name=region.name,
        region_short_name=region.short_name,
        year=year,
        expected=len(facts),
        submitted=sum(1 for f in facts if f.submitted),
        approved=statuses.get(EvaluationStatus.APPROVED, 0),
        status_counts={
            NOT_STARTED_LABEL: statuses.get("not_started", 0),
            **{label: statuses.get(value, 0) for value, label in EvaluationStatus.choices},
        },
        not_submitted=sorted((f for f in facts if not f.submitted), key=lambda f: f.unit.code),
        **score_figures(facts),
        **finding_figures(facts),
        **three_public_figures(facts),
        **execution_figures(facts),
        **spending_figures(facts, class_names),
        progress=progress_points(Counter(f.status for f in facts if f.status), changes),
    )


@dataclass
class DashboardFigures:
    """The reviewer dashboard's panel of one region: counts, grades and progress only (from the
    stored report summaries, not the full analysis; the same bands and progress as the analysis)."""

    region_id: int
    region_name: str
    year: int
    expected: int
    submitted: int
    approved: int
    scored: int
    grades: list[Band]
    progress: list[ProgressPoint]


def dashboard_figures(
    *,
    region,
    year: int,
    expected: int,
    statuses: dict[str, int],
    grades: Counter,
    changes: list[StatusChanges],
) -> DashboardFigures:
    """``statuses``: reports by status; ``grades``: 已报 reports with a final grade, by grade."""
    return DashboardFigures(
        region_id=region.pk,
        region_name=region.name,
        year=year,
        expected=expected,
        submitted=sum(statuses.get(status, 0) for status in SUBMITTED_STATUSES),
        approved=statuses.get(EvaluationStatus.APPROVED, 0),
        scored=sum(grades.values()),
        grades=_bands(GRADE_LABELS, grades),
        progress=progress_points(Counter(statuses), changes),
    )
