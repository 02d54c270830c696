"""The yearly self-evaluation report of a department: status, goals, key work and narratives.

Sentences that merely restate figures (e.g. the 二（三） variance sentence) are drafted from the
figures by ``evaluations.drafting``; the ``*_override`` fields hold the user's own wording when
they replace a draft.
"""

from django.db import models

from departments.models import Department, FiscalYear


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"


class Evaluation(models.Model):
    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.CASCADE, related_name="evaluations"
    )
    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="年度", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT)

    # 一 1: the opening sentence about the unit is drafted from the profile unless overridden.
    profile_summary_override = models.TextField("部门基本情况首段（自拟）", blank=True)
    key_work_intro_override = models.TextField("重点工作引导语（自拟）", blank=True)
    # 一 2
    spending_summary_override = models.TextField("整体支出情况（自拟）", blank=True)
    # 二（三）
    variance_analysis_override = models.TextField("预决算差异成因分析（自拟）", blank=True)
    # 二（四）
    project_fund_management = models.TextField("项目资金管理情况", blank=True)
    project_implementation_override = models.TextField("项目组织实施情况（自拟）", blank=True)
    # 三
    goal_rationality_analysis = models.TextField("整体绩效目标合理性分析", blank=True)
    output_analysis = models.TextField("整体绩效产出情况分析", blank=True)
    # 四
    problems_and_measures = models.TextField("存在的主要问题及改进措施或有关建议", blank=True)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    lock_version = models.PositiveIntegerField("版本", default=0, editable=False)

    class Meta:
        verbose_name = "绩效自评报告"
        verbose_name_plural = "绩效自评报告"
        ordering = ["-fiscal_year", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year"],
                name="evaluation_one_per_department_year",
                violation_error_message="该部门本年度的绩效自评报告已存在，每个部门每年只能有一份。",
            )
        ]

    def __str__(self):
        return f"{self.department} {self.fiscal_year_id}年度绩效自评报告"


class PerformanceGoal(models.Model):
    """A 绩效目标 of section 一 3, numbered 一是、二是… in order."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="报告", on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.TextField("目标内容")

    class Meta:
        verbose_name = "绩效目标"
        verbose_name_plural = "绩效目标"
        ordering = ["evaluation", "order", "id"]

    def __str__(self):
        return self.text[:30]


class KeyWorkItem(models.Model):
    """A 重点工作 of section 一 1, numbered 一是、二是… in order."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="报告", on_delete=models.CASCADE, related_name="key_work_items"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    text = models.TextField("工作内容")

    class Meta:
        verbose_name = "重点工作"
        verbose_name_plural = "重点工作"
        ordering = ["evaluation", "order", "id"]

    def __str__(self):
        return self.text[:30]
