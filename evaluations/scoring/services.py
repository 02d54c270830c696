"""Writes of the 评分表 (HackSoft style: keyword-only functions); its reads are in ``selectors``.

The framework a report is scored with is recorded on it (``frameworks.evaluation_framework_fix``)
by the writes here that depend on it, a manual score and a freeze, and at submission.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from departments.audit import audit_model_changes

from ..models import Evaluation
from ..workflow import WorkflowError, evaluation_lock_for_edit
from .default_framework import load_default_framework
from .frameworks import evaluation_framework_fix
from .freezing import scoring_freeze, scoring_unfreeze  # noqa: F401  (the writes of the 评分表, one import)
from .models import Indicator, IndicatorFramework, ManualScore, ScoringSnapshot
from .rules import SCORE_PLACES
from .selectors import scoring_compute


def framework_ensure_default() -> IndicatorFramework:
    """The default framework, created if missing (idempotent; an existing one is never changed)."""
    with transaction.atomic():
        return load_default_framework(IndicatorFramework, Indicator)


def manual_score_set(*, evaluation: Evaluation, indicator_id: int, score, reason: str, user) -> ManualScore:
    """The 填报人 scores a manual indicator (or one that cannot be computed), with a reason.

    Raises ``ValidationError`` (bad input: nothing saved) or ``WorkflowError`` (report locked).
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = evaluation_lock_for_edit(evaluation)
        if ScoringSnapshot.objects.filter(evaluation=locked).exists():
            raise WorkflowError("评分表已冻结，不能再修改评分。")
        framework = evaluation_framework_fix(locked)
        indicator = Indicator.objects.filter(pk=indicator_id, framework=framework).first() if framework else None
        if indicator is None:
            raise ValidationError("该指标不属于本报告使用的指标体系。")
        row = next((r for r in scoring_compute(locked, framework).rows if r.indicator_id == indicator.pk), None)
        if row is None or not row.can_be_scored_by_hand:
            raise ValidationError("该指标由系统根据填报数据计算得分，不能人工评分。")
        existing = ManualScore.objects.filter(evaluation=locked, indicator=indicator).first()
        before = ManualScore.objects.get(pk=existing.pk) if existing else None
        manual = existing or ManualScore(evaluation=locked, indicator=indicator)
        try:
            score = Decimal(str(score)).quantize(SCORE_PLACES)
        except (InvalidOperation, TypeError):
            raise ValidationError({"score": "得分必须是数字，最多两位小数。"}) from None
        manual.score, manual.reason, manual.user = score, reason, user
        manual.full_clean()
        manual.save()
        audit_model_changes(
            before=before,
            after=manual,
            user=user,
            department_id=locked.department_id,
            fiscal_year_id=locked.fiscal_year_id,
            section="",
            object_label=f"评分表「{indicator.name}」",
        )
        return manual


def framework_copy(*, framework: IndicatorFramework, from_year: int | None = None, region=None) -> IndicatorFramework:
    """A new, editable version of ``framework`` with the same indicator tree (for a changed weighting);
    not active: it scores no report until ``framework_activate``."""
    region = framework.region if region is None else region
    if from_year is None:
        latest = IndicatorFramework.objects.filter(region=region).order_by("-from_year").first()
        from_year = (latest.from_year if latest else framework.from_year) + 1
    with transaction.atomic():
        copy = IndicatorFramework(
            name=f"{framework.name}（{from_year}年版）",
            region=region,
            from_year=from_year,
            description=framework.description,
            total_caps=framework.total_caps,
            is_active=False,  # a copy applies to no report until activated (framework_activate)
        )
        copy.full_clean()
        copy.save()
        new_ids = {}
        for indicator in sorted(framework.indicators.all(), key=lambda i: i.level):
            old_id = indicator.pk
            indicator.pk = None
            indicator.framework = copy
            indicator.parent_id = new_ids.get(indicator.parent_id)
            indicator.save()
            new_ids[old_id] = indicator.pk
        return copy


def framework_activate(*, framework: IndicatorFramework) -> IndicatorFramework:
    """Make a version apply to reports; refused (``ValidationError``, nothing changed) unless every
    level's weights add up — the 一级 indicators to exactly 100 (Decimal, no rounding)."""
    with transaction.atomic():
        locked = IndicatorFramework.objects.select_for_update().get(pk=framework.pk)
        problems = locked.weight_problems()
        if problems:
            raise ValidationError(f"“{locked.name}”不能启用：{'；'.join(problems)}。")
        if not locked.is_active:
            IndicatorFramework.objects.filter(pk=locked.pk).update(is_active=True)
        framework.is_active = True
        return framework


def framework_deactivate(*, framework: IndicatorFramework) -> IndicatorFramework:
    """Stop a version applying to reports that have not fixed it yet (a report that did keeps it)."""
    IndicatorFramework.objects.filter(pk=framework.pk).update(is_active=False)
    framework.is_active = False
    return framework
