"""Snapshots of reports read from the database: the ``ReportSnapshot`` (a pure value, see
``evaluations.checks.snapshot``) of one report, of a bundle a page already loaded, or of many
reports in a fixed number of queries. Checks and scoring read only snapshots.

Each snapshot holds the text fields of the report's outline, as its sections declare them
(``Outline.narrative_fields``): the pure snapshot module reads no sections itself."""

from django.db.models import prefetch_related_objects

from budgets.models import DepartmentBudget
from budgets.selectors import budget_for
from departments.models import DepartmentProfile

from .checks.snapshot import ReportSnapshot, snapshot_from_bundle
from .outlines.selectors import outline_for, outlines_for
from .selectors import ReportBundle, report_bundle


def snapshot_for_bundle(bundle, prior_budget=None) -> ReportSnapshot:
    """The snapshot of a ``ReportBundle`` a page already loaded (adds last year's budget, unless
    given, and the report's outline)."""
    if prior_budget is None:
        prior_budget = budget_for(department_id=bundle.evaluation.department_id, fiscal_year_id=bundle.year - 1)
    outline = outline_for(bundle.evaluation)
    return snapshot_from_bundle(
        bundle, prior_budget, narrative_fields=outline.narrative_fields(), section_numbers=outline.section_numbers()
    )


def report_snapshot(evaluation) -> ReportSnapshot:
    """Build the snapshot of ``evaluation`` from the database in a fixed number of queries."""
    return snapshot_for_bundle(report_bundle(evaluation))


def report_snapshots(evaluations) -> dict[int, ReportSnapshot]:
    """``report_snapshot`` of many reports by pk, in a fixed number of queries whatever their number."""
    evaluations = list(evaluations)
    if not evaluations:
        return {}
    prefetch_related_objects(evaluations, "department", "goals", "key_work_items")  # skips what is loaded
    departments = {evaluation.department_id for evaluation in evaluations}
    years = {evaluation.fiscal_year_id for evaluation in evaluations}
    profiles = _by_department_year(
        DepartmentProfile.objects.filter(department_id__in=departments, fiscal_year_id__in=years).prefetch_related(
            "leadership_posts", "divisions"
        )
    )
    budgets = _by_department_year(
        DepartmentBudget.objects.filter(
            department_id__in=departments, fiscal_year_id__in=years | {year - 1 for year in years}
        ).prefetch_related("functional_lines__category", "project_lines__category", "three_public_lines")
    )
    outlines = outlines_for(evaluations)
    snapshots = {}
    for evaluation in evaluations:
        key = (evaluation.department_id, evaluation.fiscal_year_id)
        bundle = ReportBundle(evaluation=evaluation, profile=profiles.get(key), budget=budgets.get(key))
        prior = budgets.get((evaluation.department_id, evaluation.fiscal_year_id - 1))
        outline = outlines[evaluation.pk]
        snapshots[evaluation.pk] = snapshot_from_bundle(
            bundle, prior, narrative_fields=outline.narrative_fields(), section_numbers=outline.section_numbers()
        )
    return snapshots


def _by_department_year(rows) -> dict:
    return {(row.department_id, row.fiscal_year_id): row for row in rows}
