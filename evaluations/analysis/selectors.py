"""Reads for the district analysis: everything it needs, in bulk, in a fixed number of queries.

``district_analysis(region=…, year=…)`` reads the region's active departments, their reports of the
year, the 已报 reports' snapshots (``checks.snapshot.report_snapshots``), 评分表 (``score_tables``,
the one scoring path) and status transitions, runs the consistency checks in memory and hands all
of it to the pure ``figures.district_figures``. Nothing here writes.
"""

import hashlib
from collections import Counter

from django.core.cache import caches
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncDate

from budgets.models import CatalogueLevel, FunctionalCategory
from departments.models import Department, Region

from ..checks import run_checks
from ..models import Evaluation, StatusTransition
from ..scoring.selectors import score_tables
from ..snapshots import report_snapshots
from ..summary_store import reference_version
from .figures import (
    SUBMITTED_STATUSES,
    DashboardFigures,
    DistrictAnalysis,
    ReportFacts,
    StatusChanges,
    Unit,
    dashboard_figures,
    district_figures,
)
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
    return district_figures(
        region=region,
        year=year,
        facts=facts,
        class_names=class_names,
        changes=status_changes(region_ids=[region.pk], year=year)[region.pk],
    )


ANALYSIS_CACHE_SECONDS = 7 * 24 * 3600


def district_analysis_cached(*, region: Region, year: int) -> DistrictAnalysis:
    """``district_analysis``, computed once for what it reads and then served from the shared cache
    while that is unchanged: the preview, PDF, Word and Excel downloads and each paragraph edit of
    one analysis then check and score the district's reports once (1,000 departments: seconds each)."""
    key = "district-analysis-" + analysis_inputs_fingerprint(region=region, year=year)
    analysis = caches["default"].get(key)
    if analysis is None:
        analysis = district_analysis(region=region, year=year)
        caches["default"].set(key, analysis, ANALYSIS_CACHE_SECONDS)
    return analysis


def analysis_inputs_fingerprint(*, region: Region, year: int) -> str:
    """A hash of everything ``district_analysis`` reads that can change, in five small queries: the
    region, its active departments' names, its reports' statuses and summary stamps (every write to a
    report refreshes its summary in the write's transaction — and the next year's, for 上年数), the
    status changes, the year's catalogue classes and the reference data version (frameworks,
    outlines, catalogue edits)."""
    reports = Evaluation.objects.filter(department__region=region, department__is_active=True, fiscal_year_id=year)
    inputs = (
        region.pk,
        region.name,
        region.short_name,
        year,
        reference_version(),
        list(
            Department.objects.filter(region=region, is_active=True)
            .order_by("pk")
            .values_list("pk", "code", "full_name")
        ),
        list(reports.order_by("pk").values_list("pk", "department_id", "status", "summary__refreshed_at")),
        StatusTransition.objects.filter(evaluation__in=reports).aggregate(n=Count("pk"), last=Max("pk")),
        list(
            FunctionalCategory.objects.filter(fiscal_year_id=year, level=CatalogueLevel.CLASS)
            .order_by("code")
            .values_list("code", "name")
        ),
    )
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def analysis_overrides(*, region, year: int) -> dict[str, str]:
    """The bureau's own wording of the analysis paragraphs, by paragraph key."""
    return dict(AnalysisParagraph.objects.filter(region=region, fiscal_year_id=year).values_list("key", "text"))


def dashboard_analysis_figures(*, regions, year: int) -> list[DashboardFigures]:
    """The dashboard's panel of each region: counts from the reports, grades from the stored
    summaries (``ReportSummary``), progress from the status transitions counted by day. Three grouped
    queries for all the regions, whatever their number of reports; nothing checked or scored here; the
    full analysis is its own page."""
    regions = list(regions)
    ids = [region.pk for region in regions]
    expected = dict(
        Department.objects.filter(region_id__in=ids, is_active=True)
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    statuses: dict[int, Counter] = {pk: Counter() for pk in ids}
    grades: dict[int, Counter] = {pk: Counter() for pk in ids}
    for region_id, status, grade, n in (
        Evaluation.objects.filter(department__region_id__in=ids, department__is_active=True, fiscal_year_id=year)
        .values("department__region_id", "status", "summary__grade")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("department__region_id", "status", "summary__grade", "n")
    ):
        statuses[region_id][status] += n
        if status in SUBMITTED_STATUSES and grade:  # 已报 reports with a final grade
            grades[region_id][grade] += n
    changes = status_changes(region_ids=ids, year=year)
    return [
        dashboard_figures(
            region=region,
            year=year,
            expected=expected.get(region.pk, 0),
            statuses=statuses[region.pk],
            grades=grades[region.pk],
            changes=changes[region.pk],
        )
        for region in regions
    ]


def status_changes(*, region_ids: list[int], year: int) -> dict[int, list[StatusChanges]]:
    """Each region's status transitions of the year's reports (active departments), counted by local
    day and (from, to) in the database."""
    changes: dict[int, list[StatusChanges]] = {pk: [] for pk in region_ids}
    for region_id, day, from_status, to_status, n in (
        StatusTransition.objects.filter(
            evaluation__department__region_id__in=region_ids,
            evaluation__department__is_active=True,
            evaluation__fiscal_year_id=year,
        )
        .annotate(day=TruncDate("at"))
        .values("evaluation__department__region_id", "day", "from_status", "to_status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("evaluation__department__region_id", "day", "from_status", "to_status", "n")
    ):
        changes[region_id].append(StatusChanges(day, from_status, to_status, n))
    return changes
