"""The yearly self-evaluation report of a department: status, goals, key work and narratives.

Sentences that merely restate figures (e.g. the 二（三） variance sentence) are drafted from the
figures by ``evaluations.drafting``; the ``*_override`` fields hold the user's own wording when
they replace a draft.
"""

from django.conf import settings
from django.db import models

from departments.models import Department, FiscalYear
from departments.text_limits import COMMENT, ITEM, NARRATIVE, SENTENCE, max_chars

# The statuses live below the models, so that the model modules registered at the end of this
# file (scoring, analysis) and pure code can name them without importing this module back.
from .statuses import FILLER_EDITABLE_STATUSES, EvaluationStatus  # noqa: F401


class Evaluation(models.Model):
    department = models.ForeignKey(
        Department, verbose_name="部门", on_delete=models.CASCADE, related_name="evaluations"
    )
    fiscal_year = models.ForeignKey(FiscalYear, verbose_name="年度", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT)

    # The outline this report follows (sections, order, numbers, headings): fixed when the report
    # is started (evaluations.outlines), so a later outline never reshapes a report under way.
    outline = models.ForeignKey(
        "evaluations.ReportOutline",
        verbose_name="报告提纲",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )

    # 自评得分情况 and 部门整体支出概况 (outlines from 2020): drafted unless overridden.
    score_summary_override = models.TextField("自评得分情况（自拟）", blank=True, validators=max_chars(NARRATIVE))
    income_spending_override = models.TextField("部门整体支出概况（自拟）", blank=True, validators=max_chars(NARRATIVE))
    # 一 1: the opening sentence about the unit is drafted from the profile unless overridden.
    profile_summary_override = models.TextField("部门基本情况首段（自拟）", blank=True, validators=max_chars(NARRATIVE))
    key_work_intro_override = models.TextField("重点工作引导语（自拟）", blank=True, validators=max_chars(SENTENCE))
    # 一 2
    spending_summary_override = models.TextField("整体支出情况（自拟）", blank=True, validators=max_chars(NARRATIVE))
    # 二（三）
    variance_analysis_override = models.TextField(
        "预决算差异成因分析（自拟）", blank=True, validators=max_chars(NARRATIVE)
    )
    # 二（四）
    project_fund_management = models.TextField("项目资金管理情况", blank=True, validators=max_chars(NARRATIVE))
    project_implementation_override = models.TextField(
        "项目组织实施情况（自拟）", blank=True, validators=max_chars(NARRATIVE)
    )
    # 三
    goal_rationality_analysis = models.TextField("整体绩效目标合理性分析", blank=True, validators=max_chars(NARRATIVE))
    output_analysis = models.TextField("整体绩效产出情况分析", blank=True, validators=max_chars(NARRATIVE))
    # 四
    problems_and_measures = models.TextField(
        "存在的主要问题及改进措施或有关建议", blank=True, validators=max_chars(NARRATIVE)
    )

    # The indicator framework (评分指标体系) this report is scored with, fixed by the first write that
    # depends on it: submission, a manual score or a freeze (evaluations.scoring.frameworks). Until
    # then the report follows the applicable version; once submitted it cannot change.
    framework = models.ForeignKey(
        "evaluations.IndicatorFramework",
        verbose_name="评分指标体系",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

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
    text = models.TextField("目标内容", validators=max_chars(ITEM))

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
    text = models.TextField("工作内容", validators=max_chars(ITEM))

    class Meta:
        verbose_name = "重点工作"
        verbose_name_plural = "重点工作"
        ordering = ["evaluation", "order", "id"]

    def __str__(self):
        return self.text[:30]


class StatusTransition(models.Model):
    """One step of the review workflow, with who took it and why."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="报告", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("原状态", max_length=16, choices=EvaluationStatus.choices)
    to_status = models.CharField("新状态", max_length=16, choices=EvaluationStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("理由", blank=True, validators=max_chars(ITEM))
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["evaluation", "at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ReviewComment(models.Model):
    """A reviewer's comment on a section (optionally a field): a thread the 填报人 answers with a
    说明 (``replies``) and the reviewer resolves — or closes with a reason when approving."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="报告", on_delete=models.CASCADE, related_name="comments")
    section = models.CharField("章节", max_length=32)
    field = models.CharField("字段", max_length=64, blank=True)
    text = models.TextField("意见", validators=max_chars(COMMENT))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="解决人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(
        "关闭理由", blank=True, help_text="审核通过时未经填报人说明而关闭的理由", validators=max_chars(ITEM)
    )

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["evaluation", "created_at", "id"]

    def __str__(self):
        return self.text[:30]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReviewCommentReply(models.Model):
    """The 填报人's 说明 in answer to a review comment (one of a thread, oldest first)."""

    comment = models.ForeignKey(ReviewComment, verbose_name="审核意见", on_delete=models.CASCADE, related_name="replies")
    text = models.TextField("说明", validators=max_chars(COMMENT))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("说明时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核意见说明"
        verbose_name_plural = "审核意见说明"
        ordering = ["comment", "created_at", "id"]

    def __str__(self):
        return self.text[:30]


class ReportSummary(models.Model):
    """What the dashboard, its filters and the district summary show of one report, kept on write.

    Written only by ``evaluations.summary_store.summary_refresh`` inside the transaction of every
    write that can change it (section saves, imports, comments, transitions, acknowledgements,
    scores), from the same code as a fresh computation (``summaries.department_summaries``).
    ``stale`` marks a row whose reference data (framework, outline, catalogue) changed since.
    """

    evaluation = models.OneToOneField(
        Evaluation, verbose_name="报告", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    sections_done = models.PositiveIntegerField("已填完部分数", default=0)
    sections_total = models.PositiveIntegerField("部分总数", default=0)
    complete = models.BooleanField("已填完", default=False)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    warnings_unacknowledged = models.PositiveIntegerField("未说明理由的警告数", default=0)
    notes = models.PositiveIntegerField("提示数", default=0)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等级", max_length=32, blank=True)
    scores_pending = models.PositiveIntegerField("未评分指标数", default=0)
    total_actual = models.DecimalField("支出合计（决算，万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    open_comments = models.PositiveIntegerField("未解决审核意见数", default=0)
    last_change = models.DateTimeField("最后变动时间", null=True, blank=True)
    stale = models.BooleanField("待重算", default=False, help_text="评分指标体系、报告提纲或科目改变后，待重新计算")
    refreshed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "报告汇总"
        verbose_name_plural = "报告汇总"

    def __str__(self):
        return f"{self.evaluation_id} 汇总"

    @property
    def grade_display(self) -> str:
        """As ``summaries.SummaryRow.grade``: the grade, or 待定 while indicators are unscored."""
        if self.score is None:
            return ""
        return self.grade or f"待定（{self.scores_pending}项未评分）"


# Models kept in their own modules (analysis, checks, scoring), registered with this app.
from .analysis.models import AnalysisParagraph  # noqa: E402, F401
from .checks.models import FindingAcknowledgement  # noqa: E402, F401
from .outlines.models import OutlineEntry, ReportOutline  # noqa: E402, F401
from .scoring.models import Indicator, IndicatorFramework, ManualScore, ScoringSnapshot  # noqa: E402, F401
