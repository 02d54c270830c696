"""Reads for the district analysis: everything it needs, in bulk, in a fixed number of queries.

``district_analysis(region=…, year=…)`` reads the region's active departments, their reports of the
year, the 已报 reports' snapshots (``checks.snapshot.report_snapshots``), 评分表 (``score_tables``,
the one scoring path) and status transitions, runs the consistency checks in memory and hands all
of it to the pure ``figures.district_figures``. Nothing here writes.
"""

from django.db.models import QuerySet
from django.utils import timezone

from budgets.models import CatalogueLevel, FunctionalCategory
from departments.models import Department, Region

from ..checks import run_checks
from ..models import Evaluation, StatusTransition
from ..scoring.selectors import score_tables
from ..snapshots import report_snapshots
from .figures import DistrictAnalysis, ReportFacts, Transition, Unit, district_figures
from .models import AnalysisParagraph


def analysis_regions(user) -> QuerySet[Region]:
    """Regions whose analysis ``user`` may read: a reviewer's regions; every region for an administrator."""
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.order_by("name")
    return Region.objects.filter(reviewer_scopes__user=user).distinct().order_by("name")


def district_analysis(*, region: Region, year: int) -> DistrictAnalysis:
    departments = list(
        Department.objects.filter(region=region, is_active=True).order_by("code").only("pk", "code", "full_name")
    )
    evaluations = {
        evaluation.department_id: evaluation
        for evaluation in Evaluation.objects.filter(
            department__region=region, department__is_active=True, fiscal_year_id=year
        ).select_related("department")
    }
    submitted = [e for e in evaluations.values() if e.status in ("submitted", "approved")]
    snapshots = report_snapshots(submitted)
    tables = score_tables(submitted, reports=snapshots)
    facts = []
    for department in departments:
        unit = Unit(department.pk, department.code, department.full_name)
        evaluation = evaluations.get(department.pk)
        if evaluation is None:
            facts.append(ReportFacts(unit, ""))
        elif evaluation.pk in snapshots:
            snapshot = snapshots[evaluation.pk]
            facts.append(
                ReportFacts(unit, evaluation.status, snapshot, tuple(run_checks(snapshot)), tables[evaluation.pk])
            )
        else:
            facts.append(ReportFacts(unit, evaluation.status))
    class_names = dict(
        FunctionalCategory.objects.filter(fiscal_year_id=year, level=CatalogueLevel.CLASS).values_list("code", "name")
    )
    transitions, initial = [], {}
    rows = (
        StatusTransition.objects.filter(
            evaluation__department__region=region,
            evaluation__department__is_active=True,
            evaluation__fiscal_year_id=year,
        )
        .order_by("at", "id")
        .values_list("evaluation_id", "from_status", "to_status", "at")
    )
    for evaluation_id, from_status, to_status, at in rows:
        initial.setdefault(evaluation_id, from_status)
        transitions.append(Transition(evaluation_id, to_status, timezone.localtime(at).date()))
    for evaluation in evaluations.values():
        initial.setdefault(evaluation.pk, evaluation.status)  # never changed status: as it is now
    return district_figures(
        region=region,
        year=year,
        facts=facts,
        class_names=class_names,
        transitions=transitions,
        initial_statuses=initial,
    )


def analysis_overrides(*, region, year: int) -> dict[str, str]:
    """The bureau's own wording of the analysis paragraphs, by paragraph key."""
    return dict(AnalysisParagraph.objects.filter(region=region, fiscal_year_id=year).values_list("key", "text"))
