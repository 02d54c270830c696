"""Which indicator framework (评分指标体系) scores a report.

The rule: the framework fixed on the report, else the newest active version for the report's region
from its year or earlier, else the newest active region-less (default) version (a version is
activated by ``services.framework_activate`` only when its weights add up). Reading applies the rule and
records nothing. ``evaluation_framework_fix`` records it on the report, and only the writes whose
outcome depends on it call that: submission (``workflow.evaluation_submit``), a manual score and
freezing the table (``scoring.services``).
"""

from django.db.models import Q

from ..models import Evaluation
from .models import IndicatorFramework


def framework_choose(frameworks, *, region_id: int | None, year: int) -> IndicatorFramework | None:
    """Pure: of ``frameworks`` (any order), the version that applies to a report of ``region_id`` and ``year``."""
    eligible = [framework for framework in frameworks if framework.from_year <= year and framework.is_active]
    regional = [framework for framework in eligible if region_id and framework.region_id == region_id]
    pool = regional or [framework for framework in eligible if framework.region_id is None]
    return max(pool, key=lambda framework: framework.from_year, default=None)


def framework_candidates(*, region_ids, max_year: int, ids=()) -> list[IndicatorFramework]:
    """In one query: every version that may apply to reports of ``region_ids`` up to ``max_year``, plus ``ids``."""
    applicable = Q(from_year__lte=max_year) & (Q(region__isnull=True) | Q(region_id__in=set(region_ids)))
    return list(IndicatorFramework.objects.filter(applicable | Q(pk__in=set(ids))).select_related("region"))


def framework_applicable(*, region_id: int | None, year: int) -> IndicatorFramework | None:
    """The version that applies now to a report of ``region_id`` and ``year`` (read-only)."""
    candidates = framework_candidates(region_ids=[region_id] if region_id else [], max_year=year)
    return framework_choose(candidates, region_id=region_id, year=year)


def evaluation_framework(evaluation: Evaluation) -> IndicatorFramework | None:
    """The framework the report is scored with: the one fixed on it, else the applicable one (read-only)."""
    if evaluation.framework_id is not None:
        return evaluation.framework
    return framework_applicable(region_id=evaluation.department.region_id, year=evaluation.fiscal_year_id)


def evaluation_framework_fix(locked: Evaluation) -> IndicatorFramework | None:
    """Record on the report the framework it is scored with, if none is yet (a no-op once fixed).

    Call inside the transaction that holds the report's row lock (a submission, a manual score,
    a freeze). The conditional UPDATE touches only this column and never replaces a framework.
    """
    if locked.framework_id is None:
        framework = evaluation_framework(locked)
        if framework is None:
            return None
        Evaluation.objects.filter(pk=locked.pk, framework__isnull=True).update(framework=framework)
        locked.refresh_from_db(fields=["framework"])
    return locked.framework
