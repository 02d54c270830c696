"""Freezing the 评分表 at approval and unfreezing it when the report is reopened.

Apart from ``services`` because the workflow (``evaluations.workflow``) calls both inside its
transitions, and ``services`` itself depends on the workflow's edit lock.
"""

from django.db import transaction

from ..models import Evaluation
from ..summary_store import summary_refresh
from .frameworks import evaluation_framework_fix
from .models import ScoringSnapshot
from .selectors import scoring_compute


def scoring_freeze(*, evaluation: Evaluation, replace: bool = False) -> ScoringSnapshot | None:
    """Store the 评分表 as it is now (call at approval); later framework edits no longer change it.

    A report already frozen keeps its snapshot unless ``replace`` (a re-approval after the
    report was reopened and corrected). Freezing also locks the framework against edits
    (``IndicatorFramework.is_locked``).
    """
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        existing = ScoringSnapshot.objects.filter(evaluation=locked).first()
        if existing is not None and not replace:
            return existing
        if existing is not None:
            existing.delete()
        framework = evaluation_framework_fix(locked)
        if framework is None:
            return None
        table = scoring_compute(locked, framework)
        snapshot = ScoringSnapshot.objects.create(evaluation=locked, framework=framework, data=table.to_json())
        summary_refresh(locked)
        return snapshot


def scoring_unfreeze(*, evaluation: Evaluation) -> None:
    """Drop the frozen table: called by ``workflow.evaluation_reopen`` inside the reopening
    transaction, so a reopened report can be scored again; re-approval freezes it anew."""
    ScoringSnapshot.objects.filter(evaluation=evaluation).delete()
