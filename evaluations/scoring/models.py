"""Indicator frameworks (指标体系) as versioned reference data, and the scores of a report.

A framework is versioned by (region, from_year); a region-less framework is the default for
every region. Its indicators form a tree 一级 / 二级 / 三级 with weights; each 三级 indicator has a
computation (a named formula of ``computations.COMPUTATIONS``, or ``manual``) and a scoring rule
of one of the shapes of ``rules`` with its parameters as validated JSON (portable: no ArrayField).

Immutability: once a report scored with a framework is no longer a draft (submitted, returned,
approved) or its score has been frozen, the framework refuses edits (``clean`` here, read-only in
the admin) — make a new version instead. ``ScoringSnapshot`` keeps the frozen table itself.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from departments.models import Region

from ..statuses import EvaluationStatus
from . import computations, rules

ACTIVE_WEIGHTS_MESSAGE = "该指标体系已启用，各级权重合计必须正确（一级指标合计 100）："
LOCKED_MESSAGE = "该指标体系已被已提交或已审核的报告使用（或已冻结评分），不能再修改；如需调整，请复制为新版本。"
MAX_LEVEL = 3


class IndicatorFramework(models.Model):
    name = models.CharField("名称", max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name="适用区域",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="留空表示默认指标体系，适用于没有本区域版本的所有区域",
    )
    from_year = models.PositiveSmallIntegerField(
        "起用年度", validators=[MinValueValidator(2000)], help_text="从该年度的报告起使用，直到有更新的版本"
    )
    description = models.TextField("说明", blank=True, help_text="来源、权重的依据、与其他版本的差别")
    active = models.BooleanField(
        "启用",
        default=True,
        help_text="只有已启用的版本用于报告评分；复制出的版本未启用，各级权重合计正确后用“启用”操作启用",
    )
    total_caps = models.JSONField(
        "总分上限规则",
        default=list,
        blank=True,
        help_text='按某项计算结果限制总分，如 [{"computation": "budget_completion_rate", "bands": '
        '[{"from": "70", "to": "80", "to_inclusive": false, "max_total": "89"}]}]；留空 [] 表示不限制',
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    class Meta:
        verbose_name = "评分指标体系"
        verbose_name_plural = "评分指标体系"
        ordering = ["region", "-from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "from_year"],
                condition=Q(region__isnull=False),
                name="framework_unique_region_year",
                violation_error_message="该区域在这一年度已有指标体系版本。",
            ),
            models.UniqueConstraint(
                fields=["from_year"],
                condition=Q(region__isnull=True),
                name="framework_unique_default_year",
                violation_error_message="这一年度已有默认指标体系版本。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.region or '默认'}，{self.from_year}年起）"

    def is_locked(self) -> bool:
        if self.pk is None:
            return False
        return (
            self.evaluations.exclude(status=EvaluationStatus.DRAFT).exists()
            or ScoringSnapshot.objects.filter(framework=self).exists()
        )

    def clean(self):
        if self.is_locked():
            raise ValidationError(LOCKED_MESSAGE)
        try:
            rules.validate_caps(self.total_caps)
        except ValidationError as error:
            raise ValidationError({"total_caps": error.messages}) from None

    def weight_problems(self, indicators=None) -> list[str]:
        """Where the weights do not add up (shown in the admin and on the 评分表)."""
        indicators = list(self.indicators.all()) if indicators is None else list(indicators)
        by_id = {indicator.pk: indicator for indicator in indicators if indicator.pk is not None}
        children: dict[int | None, list[Indicator]] = {}
        for indicator in indicators:
            children.setdefault(indicator.parent_id, []).append(indicator)

        def level(indicator) -> int:  # from the rows in memory: no query per parent
            depth = 1
            while indicator.parent_id in by_id and depth <= MAX_LEVEL:
                indicator, depth = by_id[indicator.parent_id], depth + 1
            return depth

        problems = []
        top = sum((i.weight for i in children.get(None, [])), Decimal("0"))
        if top != 100:
            problems.append(f"一级指标权重合计为{top.normalize():f}，应为100")
        for indicator in indicators:
            kids = children.get(indicator.pk, []) if indicator.pk is not None else []
            if kids:
                subtotal = sum((kid.weight for kid in kids), Decimal("0"))
                if subtotal != indicator.weight:
                    problems.append(
                        f"“{indicator.name}”的下级指标权重合计为{subtotal.normalize():f}，"
                        f"与其权重{indicator.weight.normalize():f}不符"
                    )
            elif level(indicator) != MAX_LEVEL:
                problems.append(f"“{indicator.name}”没有下级指标，但不是三级指标")
        return problems


class Indicator(models.Model):
    framework = models.ForeignKey(
        IndicatorFramework, verbose_name="指标体系", on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级指标", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("指标名称", max_length=100)
    weight = models.DecimalField(
        "权重（分值）",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    explanation = models.TextField("指标解释 / 评分要点", blank=True)
    computation = models.CharField(
        "计算公式", max_length=40, choices=computations.COMPUTATION_CHOICES, blank=True, help_text="仅三级指标填写"
    )
    computation_params = models.JSONField(
        "计算参数",
        default=dict,
        blank=True,
        help_text='如三公经费变动率的口径 {"basis": "budget"} 或 {"basis": "actual"}',
    )
    rule_shape = models.CharField(
        "评分方式", max_length=16, choices=rules.SHAPE_CHOICES, blank=True, help_text="仅三级指标填写"
    )
    rule_params = models.JSONField(
        "评分参数",
        default=dict,
        blank=True,
        help_text='阈值扣分：{"threshold": "100", "direction": "above", "deduct_per_point": "0.5"}；'
        '整档扣分：{"target": "100", "direction": "below", "step": "5", "deduct_per_step": "2"}；'
        '分档：{"bands": [{"from": "90", "score": "5"}, {"from": "80", "to": "90", "to_inclusive": false, "score": "4"}]}',
    )

    class Meta:
        verbose_name = "评分指标"
        verbose_name_plural = "评分指标"
        ordering = ["framework", "parent_id", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def level(self) -> int:
        level, node = 1, self
        while node.parent_id is not None and level <= MAX_LEVEL:
            node, level = node.parent, level + 1
        return level

    @property
    def criteria(self) -> str:
        """The scoring standard as the 评分表 prints it."""
        return rules.describe(self.rule_shape, self.rule_params, self.weight) if self.rule_shape else ""

    def clean(self):
        errors = {}
        if self.framework_id and self.framework.is_locked():
            raise ValidationError(LOCKED_MESSAGE)
        if self.parent_id:
            if self.parent.framework_id != self.framework_id:
                errors["parent"] = "上级指标必须属于同一指标体系。"
            elif self.parent.level >= MAX_LEVEL:
                errors["parent"] = "指标最多分三级，三级指标下不能再设下级指标。"
        level = self.parent.level + 1 if self.parent_id else 1
        if level < MAX_LEVEL:
            if self.rule_shape or self.computation:
                errors["rule_shape"] = "一级、二级指标只汇总下级指标的分数，不填写计算公式和评分方式。"
        else:
            if not self.computation:
                errors["computation"] = "三级指标须选择计算公式（或“人工评分”）。"
            if not self.rule_shape:
                errors["rule_shape"] = "三级指标须选择评分方式。"
            elif (self.computation == computations.MANUAL_COMPUTATION) != (self.rule_shape == rules.MANUAL):
                errors["rule_shape"] = "“人工评分”的计算公式须配“人工评分”的评分方式，反之亦然。"
        if not errors.get("rule_shape") and self.rule_shape and self.weight is not None:
            try:
                rules.validate(self.rule_shape, self.rule_params, self.weight)
            except ValidationError as error:
                errors["rule_params"] = error.messages
        if self.computation and not errors.get("computation"):
            try:
                computations.validate_params(self.computation, self.computation_params)
            except ValidationError as error:
                errors["computation_params"] = error.messages
        if errors:
            raise ValidationError(errors)


class ManualScore(models.Model):
    """A score the 填报人 gives to a manual indicator (or to one that cannot be computed), with a reason."""

    evaluation = models.ForeignKey(
        "evaluations.Evaluation", verbose_name="报告", on_delete=models.CASCADE, related_name="manual_scores"
    )
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField("得分", max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    reason = models.TextField("评分理由")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评分人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("评分时间", auto_now=True)

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        ordering = ["evaluation", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"],
                name="manual_score_unique_indicator",
                violation_error_message="该指标已评分，请修改原评分。",
            )
        ]

    def __str__(self):
        return f"{self.indicator}：{self.score}"

    def clean(self):
        errors = {}
        if not (self.reason or "").strip():
            errors["reason"] = "请填写评分理由。"
        if self.indicator_id and self.score is not None and self.score > self.indicator.weight:
            errors["score"] = f"得分不能超过该指标的权重{self.indicator.weight.normalize():f}分。"
        if errors:
            raise ValidationError(errors)


class ScoringSnapshot(models.Model):
    """The 评分表 as computed when frozen (at approval): later framework edits cannot change it."""

    evaluation = models.OneToOneField(
        "evaluations.Evaluation", verbose_name="报告", on_delete=models.CASCADE, related_name="scoring_snapshot"
    )
    framework = models.ForeignKey(
        IndicatorFramework, verbose_name="指标体系", on_delete=models.PROTECT, related_name="snapshots"
    )
    data = models.JSONField("评分表快照")
    frozen_at = models.DateTimeField("冻结时间", auto_now_add=True)

    class Meta:
        verbose_name = "评分表存档"
        verbose_name_plural = "评分表存档"

    def __str__(self):
        return f"{self.evaluation}（评分存档）"
