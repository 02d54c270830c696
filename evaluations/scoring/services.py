"""Writes of the 评分表 (HackSoft style: keyword-only functions); its reads are in ``selectors``.

The framework a report is scored with is recorded on it (``frameworks.evaluation_framework_fix``)
by the writes here that depend on it, a manual score and a freeze, and at submission.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from departments.audit import audit_model_changes, audit_record, audit_security
from departments.models import AuditAction

from ..models import Evaluation, EvaluationStatus
from ..summary_store import summary_refresh
from ..workflow import WorkflowError, evaluation_lock_for_edit
from .default_framework import load_default_framework
from .frameworks import evaluation_framework, evaluation_framework_fix, framework_choices_for, framework_weight_problems
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
        summary_refresh(locked)
        return manual


def framework_copy(*, framework: IndicatorFramework, region, from_year: int, user=None) -> IndicatorFramework:
    """An inactive copy of ``framework`` (same indicator tree, rules and caps) for ``region`` from ``from_year``.

    ``region`` is required: a copy is never a region-less default, which would apply to every region.
    The copy scores nothing until ``framework_activate``. Raises ``ValidationError`` (e.g. the region
    already has a version for that year).
    """
    if region is None:
        raise ValidationError({"region": "请选择适用区域：复制出的指标体系只适用于一个区域。"})
    with transaction.atomic():
        copy = IndicatorFramework(
            name=f"{framework.name}（{region}{from_year}年版）"[:100],
            region=region,
            from_year=from_year,
            description=framework.description,
            total_caps=framework.total_caps,
            active=False,
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
        audit_security(
            AuditAction.CREATE,
            user=user,
            object_label=f"评分指标体系「{copy}」",
            new_value=f"复制自「{framework}」，未启用",
        )
        return copy


def framework_activate(*, framework: IndicatorFramework, user=None) -> IndicatorFramework:
    """Activate a version; refused (``ValidationError``) while its weights do not add up."""
    with transaction.atomic():
        locked = IndicatorFramework.objects.select_for_update().get(pk=framework.pk)
        problems = framework_weight_problems(locked)
        if problems:
            raise ValidationError(f"“{locked}”不能启用：{'；'.join(problems)}。")
        if not locked.active:
            IndicatorFramework.objects.filter(pk=locked.pk).update(active=True)
            locked.active = True
            audit_security(
                AuditAction.UPDATE,
                user=user,
                object_label=f"评分指标体系「{locked}」",
                field="启用",
                old_value="否",
                new_value="是",
            )
        return locked


def framework_deactivate(*, framework: IndicatorFramework, user=None) -> IndicatorFramework:
    """Stop a version applying to reports that have none fixed (reports with it fixed keep it)."""
    with transaction.atomic():
        locked = IndicatorFramework.objects.select_for_update().get(pk=framework.pk)
        if locked.active:
            IndicatorFramework.objects.filter(pk=locked.pk).update(active=False)
            locked.active = False
            audit_security(
                AuditAction.UPDATE,
                user=user,
                object_label=f"评分指标体系「{locked}」",
                field="启用",
                old_value="是",
                new_value="否",
            )
        return locked


def evaluation_framework_set(*, evaluation: Evaluation, framework_id, user) -> Evaluation:
    """An administrator sets the framework a draft report is scored with (audited).

    Refused once the report has been submitted (its framework is then part of what was reviewed),
    when the table is frozen, or when the framework is inactive or of another region.
    """
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("department", "framework")
            .get(pk=evaluation.pk)
        )
        if locked.status != EvaluationStatus.DRAFT:
            raise WorkflowError("报告已提交过，评分指标体系不能再更换。")
        if ScoringSnapshot.objects.filter(evaluation=locked).exists():
            raise WorkflowError("评分表已冻结，评分指标体系不能再更换。")
        choices = {f.pk: f for f in framework_choices_for(locked)}
        try:
            framework = choices.get(int(framework_id))
        except (TypeError, ValueError):
            framework = None
        if framework is None:
            raise ValidationError({"framework": "请选择本区域或默认的、已启用的评分指标体系。"})
        before = Evaluation.objects.get(pk=locked.pk)
        before_label = str(evaluation_framework(before) or "未设置")
        if locked.framework_id != framework.pk:
            Evaluation.objects.filter(pk=locked.pk).update(framework=framework)
            locked.framework = framework
            audit_record(
                department_id=locked.department_id,
                fiscal_year_id=locked.fiscal_year_id,
                user=user,
                action=AuditAction.UPDATE,
                section="",
                object_label="评分表",
                field="评分指标体系",
                old_value=before_label,
                new_value=str(framework),
            )
        return locked
