"""Reads of the 评分表, batch-first and read-only, and the contexts of the report's attachments.

``score_tables(evaluations)`` scores one report or ten thousand with the same code, in a fixed
number of queries: a frozen (approved) report shows its frozen table; any other is computed now
from its framework (``frameworks``: the one fixed on it, else the applicable version) and the
填报人's manual scores. ``scoring_table(evaluation)`` is the one-report case. Nothing here writes.

The report (reports app) includes ``templates/reports/inc/attachment_scoring.html`` and
``templates/reports/inc/attachment_basic_data.html`` with these contexts merged into its own:

    context |= attachments_context(evaluation, bundle=bundle)
"""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.utils import timezone

from departments.people import person_name

from ..snapshots import report_snapshot, report_snapshots, snapshot_for_bundle
from .basic_data import basic_data_table
from .engine import IndicatorSpec, ManualEntry, ScoreTable, score_table
from .frameworks import framework_candidates, framework_choose
from .models import Indicator, IndicatorFramework, ManualScore, ScoringSnapshot


def score_tables(evaluations, *, reports=None) -> dict[int, ScoreTable | None]:
    """The 评分表 of each report by pk (None: no framework applies).

    ``reports``: the ``ReportSnapshot``s the caller already has, by pk; the others are read in bulk.
    """
    evaluations = list(evaluations)
    tables: dict[int, ScoreTable | None] = _frozen_tables(evaluations)
    unfrozen = [evaluation for evaluation in evaluations if evaluation.pk not in tables]
    return tables | _computed_tables(unfrozen, _frameworks_of(unfrozen), reports or {})


def scoring_table(evaluation, *, report=None) -> ScoreTable | None:
    """The report's 评分表 (``score_tables`` of one report)."""
    return score_tables([evaluation], reports=None if report is None else {evaluation.pk: report})[evaluation.pk]


def scoring_compute(evaluation, framework: IndicatorFramework, report=None) -> ScoreTable:
    """The table computed now with ``framework``, ignoring a frozen one (what freezing stores)."""
    reports = {} if report is None else {evaluation.pk: report}
    return _computed_tables([evaluation], {evaluation.pk: framework}, reports)[evaluation.pk]


def indicator_specs(indicators) -> list[IndicatorSpec]:
    """``Indicator`` rows as the engine's plain ``IndicatorSpec`` data."""
    return [
        IndicatorSpec(
            id=i.pk,
            parent_id=i.parent_id,
            order=i.order,
            name=i.name,
            weight=i.weight,
            explanation=i.explanation,
            computation=i.computation,
            computation_params=i.computation_params,
            rule_shape=i.rule_shape,
            rule_params=i.rule_params,
        )
        for i in indicators
    ]


def _frozen_tables(evaluations) -> dict[int, ScoreTable]:
    tables = {}
    for frozen in ScoringSnapshot.objects.filter(evaluation_id__in=[e.pk for e in evaluations]):
        table = ScoreTable.from_json(frozen.data)
        table.frozen_at = timezone.localtime(frozen.frozen_at).strftime("%Y-%m-%d %H:%M")
        tables[frozen.evaluation_id] = table
    return tables


def _frameworks_of(evaluations) -> dict[int, IndicatorFramework | None]:
    """The framework each report is scored with, by pk: fixed on it, else the applicable version."""
    if not evaluations:
        return {}
    unfixed = [evaluation for evaluation in evaluations if evaluation.framework_id is None]
    prefetch_related_objects(unfixed, "department")  # for the region; skips what is loaded
    candidates = framework_candidates(
        region_ids={evaluation.department.region_id for evaluation in unfixed},
        max_year=max(evaluation.fiscal_year_id for evaluation in evaluations),
        ids={evaluation.framework_id for evaluation in evaluations if evaluation.framework_id},
    )
    by_pk = {framework.pk: framework for framework in candidates}
    return {
        evaluation.pk: by_pk[evaluation.framework_id]
        if evaluation.framework_id
        else framework_choose(candidates, region_id=evaluation.department.region_id, year=evaluation.fiscal_year_id)
        for evaluation in evaluations
    }


def _computed_tables(evaluations, frameworks, reports) -> dict[int, ScoreTable | None]:
    scored = [evaluation for evaluation in evaluations if frameworks[evaluation.pk] is not None]
    scorings = _scorings({frameworks[evaluation.pk] for evaluation in scored})
    manual = _manual_entries(scored)
    reports = reports | report_snapshots(evaluation for evaluation in scored if evaluation.pk not in reports)
    tables: dict[int, ScoreTable | None] = dict.fromkeys((evaluation.pk for evaluation in evaluations), None)
    for evaluation in scored:
        scoring = scorings[frameworks[evaluation.pk].pk]
        tables[evaluation.pk] = scoring.table(reports[evaluation.pk], manual.get(evaluation.pk, {}))
    return tables


@dataclass(frozen=True)
class _Scoring:
    """A framework prepared once for scoring any number of reports."""

    framework: IndicatorFramework
    specs: list[IndicatorSpec]
    problems: list[str]

    def table(self, report, manual: dict[int, ManualEntry]) -> ScoreTable:
        ids = {spec.id for spec in self.specs}
        return score_table(
            report,
            self.specs,
            manual={indicator_id: entry for indicator_id, entry in manual.items() if indicator_id in ids},
            caps=self.framework.total_caps,
            framework_id=self.framework.pk,
            framework_name=str(self.framework),
            problems=self.problems,
        )


def _scorings(frameworks) -> dict[int, _Scoring]:
    """Each framework with its indicators (one query for all) as engine specs and weight problems."""
    indicators: dict[int, list[Indicator]] = {framework.pk: [] for framework in frameworks}
    for indicator in Indicator.objects.filter(framework_id__in=list(indicators)):
        indicators[indicator.framework_id].append(indicator)
    return {
        framework.pk: _Scoring(
            framework, indicator_specs(indicators[framework.pk]), framework.weight_problems(indicators[framework.pk])
        )
        for framework in frameworks
    }


def _manual_entries(evaluations) -> dict[int, dict[int, ManualEntry]]:
    """The 填报人's manual scores by report and indicator."""
    entries: dict[int, dict[int, ManualEntry]] = {}
    scores = ManualScore.objects.filter(evaluation_id__in=[e.pk for e in evaluations]).select_related("user")
    for manual in scores:
        entries.setdefault(manual.evaluation_id, {})[manual.indicator_id] = ManualEntry(
            score=manual.score,
            reason=manual.reason,
            user=person_name(manual.user),
            at=timezone.localtime(manual.updated_at).strftime("%Y-%m-%d %H:%M"),
        )
    return entries


def scoring_attachment_context(evaluation, *, report=None, number: int = 1) -> dict:
    department, year = evaluation.department, evaluation.fiscal_year_id
    return {
        "scoring_attachment": {
            "number": number,
            "title": f"{department.full_name}{year}年度部门整体支出绩效自评评分表",
            "table": scoring_table(evaluation, report=report),
        }
    }


def basic_data_attachment_context(evaluation, *, report=None, number: int = 2) -> dict:
    department, year = evaluation.department, evaluation.fiscal_year_id
    return {
        "basic_data_attachment": {
            "number": number,
            "title": f"{department.full_name}{year}年度部门整体支出绩效评价基础数据表",
            "table": basic_data_table(report if report is not None else report_snapshot(evaluation)),
        }
    }


def attachments_context(evaluation, *, bundle=None) -> dict:
    """Both attachments, from one snapshot of the report (pass the ``ReportBundle`` the page has)."""
    report = snapshot_for_bundle(bundle) if bundle is not None else report_snapshot(evaluation)
    return scoring_attachment_context(evaluation, report=report) | basic_data_attachment_context(
        evaluation, report=report
    )
