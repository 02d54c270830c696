"""Reads that assemble everything one report needs, in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from budgets.models import DepartmentBudget
from budgets.selectors import budget_for
from departments.models import DepartmentProfile, FiscalYear

from .models import FILLER_EDITABLE_STATUSES, Evaluation, ReviewComment


@dataclass(frozen=True)
class ReportBundle:
    """The report of one department-year with its profile and budget (either may be missing)."""

    evaluation: Evaluation
    profile: DepartmentProfile | None
    budget: DepartmentBudget | None

    @property
    def department(self):
        return self.evaluation.department

    @property
    def year(self) -> int:
        return self.evaluation.fiscal_year_id


def evaluation_queryset():
    return Evaluation.objects.select_related("department__region", "outline").prefetch_related(
        Prefetch("goals"), Prefetch("key_work_items"), Prefetch("outline__entries")
    )


def profile_for(*, department_id: int, fiscal_year_id: int) -> DepartmentProfile | None:
    return (
        DepartmentProfile.objects.filter(department_id=department_id, fiscal_year_id=fiscal_year_id)
        .prefetch_related("leadership_posts", "divisions")
        .first()
    )


def report_bundle(evaluation: Evaluation) -> ReportBundle:
    keys = {"department_id": evaluation.department_id, "fiscal_year_id": evaluation.fiscal_year_id}
    return ReportBundle(evaluation=evaluation, profile=profile_for(**keys), budget=budget_for(**keys))


def evaluation_is_editable(evaluation: Evaluation) -> bool:
    """Whether 填报人 may still change the report (while a draft, or returned for revision)."""
    return evaluation.status in FILLER_EDITABLE_STATUSES


def fiscal_year_open_current():
    """The latest fiscal year open for filling in, or None."""
    return FiscalYear.objects.filter(is_open=True).order_by("-year").first()


def fiscal_years_open() -> list:
    """Every fiscal year open for filling in, newest first: a department may start any of them
    (a new unit enters last year's report too, for its 上年数); admins open and close each alone."""
    return list(FiscalYear.objects.filter(is_open=True).order_by("-year"))


def report_bundles(evaluations) -> dict[int, ReportBundle]:
    """Bundles of many reports in a fixed number of queries (for lists such as the home page).

    ``evaluations`` should come from ``evaluation_queryset()`` so goals and key work are prefetched.
    """
    evaluations = list(evaluations)
    departments = {e.department_id for e in evaluations}
    years = {e.fiscal_year_id for e in evaluations}
    profiles = {
        (p.department_id, p.fiscal_year_id): p
        for p in DepartmentProfile.objects.filter(
            department_id__in=departments, fiscal_year_id__in=years
        ).prefetch_related("leadership_posts", "divisions")
    }
    budgets = {
        (b.department_id, b.fiscal_year_id): b
        for b in DepartmentBudget.objects.filter(
            department_id__in=departments, fiscal_year_id__in=years
        ).prefetch_related("functional_lines__category", "project_lines__category", "three_public_lines")
    }
    return {
        e.pk: ReportBundle(
            evaluation=e,
            profile=profiles.get((e.department_id, e.fiscal_year_id)),
            budget=budgets.get((e.department_id, e.fiscal_year_id)),
        )
        for e in evaluations
    }


def open_review_comments(evaluation_ids) -> dict[int, list[ReviewComment]]:
    """The unresolved review comments of the reports (pk → comments, oldest first, each with its
    ``author`` and ``reply_count``: answered by the 填报人 or not), in one query however many reports.
    The one read of open comments: the 填报人's notices and the side nav count them by section
    (``comment_counts``), the gates list the unanswered or unresolved ones."""
    result: dict[int, list[ReviewComment]] = {pk: [] for pk in evaluation_ids}
    if not result:
        return result
    comments = (
        ReviewComment.objects.filter(evaluation_id__in=list(result), resolved_at__isnull=True)
        .annotate(reply_count=Count("replies"))
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        result[comment.evaluation_id].append(comment)
    return result


def comment_counts(comments) -> dict[str, int]:
    """How many of ``comments`` are on each section (slug → count)."""
    return dict(Counter(comment.section for comment in comments))
