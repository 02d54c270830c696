"""Findings, completeness and score of many reports at once: one row per department for a year (read-only).

For the reviewer's dashboard page and the district summary workbook. Read in a fixed number of
queries whatever the number of departments: the reports are read in bulk
(``checks.snapshot.report_snapshots``), the consistency checks run on their snapshots in memory
and the 评分表 come from ``scoring.selectors.score_tables``, the same code as one report's.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max

from budgets.models import DepartmentBudget
from budgets.money import total as money_total
from budgets.selectors import three_public_summary
from departments.models import AuditEvent

from .checks import ERROR, NOTE, WARNING, run_checks
from .checks.models import FindingAcknowledgement
from .completeness import completion
from .models import Evaluation, ReviewComment
from .outlines.selectors import outlines_for
from .scoring.engine import ScoreTable
from .scoring.selectors import score_tables
from .selectors import evaluation_queryset, report_bundles
from .snapshots import report_snapshots

NOT_STARTED_LABEL = "未创建"


@dataclass
class SummaryRow:
    department: object
    evaluation: Evaluation | None
    budget: DepartmentBudget | None
    errors: int | None = None
    warnings: int | None = None
    scores: ScoreTable | None = None
    done: int | None = None  # complete sections (``completeness``, the one definition)
    total: int | None = None  # sections of the report's outline
    notes: int | None = None
    warnings_unacknowledged: int | None = None  # warnings the 填报人 has not kept with a reason
    open_comments: int | None = None  # review comments not resolved
    last_change: datetime | None = None  # the latest audited change of the department-year, or the report's save

    @property
    def total_actual(self) -> Decimal | None:
        """支出合计 (决算) = 基本 + 项目, derived as ``reports.review`` always showed it."""
        if self.budget is None:
            return None
        return money_total(self.budget.basic_actual, self.budget.project_actual)

    @property
    def score(self):
        return self.scores.total if self.scores is not None else None

    @property
    def grade(self) -> str:
        if self.scores is None:
            return ""
        return self.scores.grade or f"待定（{self.scores.pending}项未评分）"

    @property
    def status_label(self) -> str:
        return self.evaluation.get_status_display() if self.evaluation else NOT_STARTED_LABEL

    def amount(self, key: str):
        """A figure of the department's budget; 三公 totals as ``budgets.selectors`` derives them."""
        if self.budget is None:
            return None
        if key.startswith("three_public_"):
            summary = three_public_summary(self.budget.three_public_lines.all())
            return summary[key.removeprefix("three_public_")]["total"]
        return getattr(self.budget, key)


def department_summaries(departments, *, year: int) -> list[SummaryRow]:
    """The rows of ``departments`` (in their order): report, budget, findings and score, in bulk."""
    ids = [department.pk for department in departments]
    evaluations = {e.department_id: e for e in evaluation_queryset().filter(department_id__in=ids, fiscal_year_id=year)}
    budgets = {
        budget.department_id: budget
        for budget in DepartmentBudget.objects.filter(department_id__in=ids, fiscal_year_id=year).prefetch_related(
            "three_public_lines"
        )
    }
    reports = report_snapshots(evaluations.values())
    tables = score_tables(evaluations.values(), reports=reports)
    bundles = report_bundles(evaluations.values())
    outlines = outlines_for(evaluations.values())
    acknowledged: dict[int, set[str]] = {}
    for evaluation_id, key in FindingAcknowledgement.objects.filter(
        evaluation__department_id__in=ids, evaluation__fiscal_year_id=year
    ).values_list("evaluation_id", "finding_key"):
        acknowledged.setdefault(evaluation_id, set()).add(key)
    open_comments = dict(
        ReviewComment.objects.filter(
            evaluation__department_id__in=ids, evaluation__fiscal_year_id=year, resolved_at__isnull=True
        )
        .values("evaluation_id")
        .annotate(n=Count("id"))
        .values_list("evaluation_id", "n")
    )
    changes = dict(
        AuditEvent.objects.filter(department_id__in=ids, fiscal_year_id=year)
        .values("department_id")
        .annotate(last=Max("at"))
        .values_list("department_id", "last")
    )
    rows = []
    for department in departments:
        evaluation = evaluations.get(department.pk)
        row = SummaryRow(department, evaluation, budgets.get(department.pk))
        if evaluation is not None:
            findings = run_checks(reports[evaluation.pk])
            row.errors = sum(1 for finding in findings if finding.severity == ERROR)
            row.warnings = sum(1 for finding in findings if finding.severity == WARNING)
            row.notes = sum(1 for finding in findings if finding.severity == NOTE)
            kept = acknowledged.get(evaluation.pk, set())
            row.warnings_unacknowledged = sum(
                1 for finding in findings if finding.severity == WARNING and finding.key not in kept
            )
            row.open_comments = open_comments.get(evaluation.pk, 0)
            row.last_change = max(t for t in (changes.get(department.pk), evaluation.updated_at) if t)
            row.scores = tables[evaluation.pk]
            progress = completion(bundles[evaluation.pk], outlines[evaluation.pk], score_table=tables[evaluation.pk])
            row.done, row.total = progress.done, progress.total
        rows.append(row)
    return rows
