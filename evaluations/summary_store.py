"""The stored per-report summary (``ReportSummary``): written on every write that can change it.

``summary_refresh(evaluation)`` is called at the end of each write service, inside its transaction
(section saves, imports, comments and their 说明 and resolutions, transitions, warning
acknowledgements, manual scores, freezes), so a stored summary is never older than the report's
committed data. The values come from ``summaries.department_summaries``, the same bulk reads and pure
checks and scoring as a fresh computation: there is no second checking or scoring path.

A report's figures also feed the next year's report of the department (上年数, ADR 10), so the
refresh includes that report when it exists. Reference data shared by many reports (indicator
frameworks, outlines, the catalogue) is edited in admin: ``summaries_mark_stale`` flags the reports
it can affect in the same transaction, and ``summaries_refresh_stale`` recomputes them after the
commit (and ``manage.py rebuild_summaries --stale`` does the same). ADR 11.
"""

import time

from django.core.cache import caches
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Evaluation, ReportSummary
from .summaries import SummaryRow, department_summaries

SUMMARY_FIELDS = (
    "sections_done",
    "sections_total",
    "complete",
    "errors",
    "warnings",
    "warnings_unacknowledged",
    "notes",
    "score",
    "grade",
    "scores_pending",
    "total_actual",
    "open_comments",
    "last_change",
    "stale",
)

REBUILD_BATCH = 500


def summary_values(row: SummaryRow) -> dict:
    """The stored fields of one report's fresh computation (``department_summaries``)."""
    scores = row.scores
    return {
        "sections_done": row.done,
        "sections_total": row.total,
        "complete": row.done == row.total,
        "errors": row.errors,
        "warnings": row.warnings,
        "warnings_unacknowledged": row.warnings_unacknowledged,
        "notes": row.notes,
        "score": scores.total if scores is not None else None,
        "grade": (scores.grade or "") if scores is not None else "",
        "scores_pending": scores.pending if scores is not None else 0,
        "total_actual": row.total_actual,
        "open_comments": row.open_comments,
        "last_change": row.last_change,
        "stale": False,
    }


def summaries_compute(evaluations) -> dict[int, dict]:
    """Fresh values of ``evaluations`` (of any years), by report id, in a fixed number of queries a year."""
    by_year: dict[int, list[Evaluation]] = {}
    for evaluation in evaluations:
        by_year.setdefault(evaluation.fiscal_year_id, []).append(evaluation)
    values = {}
    for year, of_year in by_year.items():
        departments = [evaluation.department for evaluation in of_year]
        for row in department_summaries(departments, year=year):
            values[row.evaluation.pk] = summary_values(row)
    return values


def _store(values: dict[int, dict]) -> None:
    existing = set(ReportSummary.objects.filter(pk__in=list(values)).values_list("pk", flat=True))
    updates = [ReportSummary(evaluation_id=pk, **fields) for pk, fields in values.items() if pk in existing]
    creates = [ReportSummary(evaluation_id=pk, **fields) for pk, fields in values.items() if pk not in existing]
    if updates:
        ReportSummary.objects.bulk_update(updates, [*SUMMARY_FIELDS, "refreshed_at"])
    if creates:
        ReportSummary.objects.bulk_create(creates)


def summary_refresh(evaluation: Evaluation) -> None:
    """Recompute and store the summary of ``evaluation`` (and of the department's next-year report).

    Call it inside the write's transaction, after the write, on the locked report."""
    reports = list(
        Evaluation.objects.filter(
            department_id=evaluation.department_id,
            fiscal_year_id__in=(evaluation.fiscal_year_id, evaluation.fiscal_year_id + 1),
        ).select_related("department")
    )
    with transaction.atomic():
        _store(_stamped(summaries_compute(reports)))


def _stamped(values: dict[int, dict]) -> dict[int, dict]:
    """``refreshed_at`` set explicitly: ``bulk_update`` does not apply ``auto_now``."""
    now = timezone.now()
    for fields in values.values():
        fields["refreshed_at"] = now
    return values


def summaries_rebuild(queryset: QuerySet[Evaluation] | None = None, *, batch: int = REBUILD_BATCH) -> int:
    """Recompute the summaries of ``queryset`` (every report by default) in batches; returns how many."""
    queryset = (queryset if queryset is not None else Evaluation.objects.all()).order_by("pk")
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = list(Evaluation.objects.filter(pk__in=ids[start : start + batch]).select_related("department"))
        with transaction.atomic():
            _store(_stamped(summaries_compute(chunk)))
    return len(ids)


def summaries_mark_stale(queryset: QuerySet[Evaluation]) -> int:
    """Flag the stored summaries of ``queryset`` as to be recomputed (one UPDATE); returns how many."""
    return ReportSummary.objects.filter(evaluation__in=queryset).update(stale=True)


def summaries_refresh_stale(*, year: int | None = None) -> int:
    """Recompute every summary flagged stale (of ``year``, or all years)."""
    stale = Q(summary__stale=True)
    queryset = Evaluation.objects.filter(stale)
    if year is not None:
        queryset = queryset.filter(fiscal_year_id=year)
    return summaries_rebuild(queryset)


REFERENCE_VERSION_KEY = "reference-data-version"


def reference_version() -> int:
    """A number that changes after every committed edit of the reference data summaries depend on
    (``summary_signals``), for reads cached on what they read (``analysis.selectors``): a stale flag
    alone does not show a second edit. Kept in the shared cache; if it is evicted, a new number is
    taken, which only makes those reads recompute."""
    return caches["default"].get_or_set(REFERENCE_VERSION_KEY, time.time_ns, None)


def reference_version_bump() -> None:
    caches["default"].set(REFERENCE_VERSION_KEY, time.time_ns(), None)
